/*
 * Kiosque loader: the one file a publisher embeds.
 *
 *   <script src="https://kiosque.example/kiosque.js" data-site="demo" async crossorigin></script>
 *
 * It finds [data-kiosque] placeholders (now and as they appear), attaches an open shadow root
 * to each, loads the WebAssembly widget that sits next to this file (only when a placeholder
 * exists) and mounts the matching component. It never throws into the host page: failures are
 * logged with a [kiosque] prefix and the placeholder's own content stays visible.
 */
import { createAnalytics } from './analytics.js';
import { readConfig } from './config.js';
import { completeLinkSignIn } from './login.js';
import { createMounter } from './mounter.js';

const VERSION = '0.1.0';

function warn(...args) {
  try {
    console.warn('[kiosque]', ...args);
  } catch (_) {
    /* a console that throws must not break the page either */
  }
}

// Kiosque.on('paywall-shown', (detail, placeholder) => …): every placeholder's `kiosque:*`
// events in one place. Returns a function that unsubscribes. A handler that throws is logged
// and does not stop the others.
function on(event, handler) {
  if (typeof handler !== 'function') throw new TypeError('Kiosque.on needs a function');
  const listener = (e) => {
    try {
      handler(e.detail, e.target);
    } catch (err) {
      warn(`a kiosque:${event} handler threw`, err);
    }
  };
  document.addEventListener(`kiosque:${event}`, listener);
  return () => document.removeEventListener(`kiosque:${event}`, listener);
}

function start() {
  // Included twice: the first copy wins and the second does nothing.
  if (window.Kiosque && window.Kiosque.version) return;
  const script = document.currentScript;
  const config = readConfig(script, document, warn);
  if (!config) {
    warn('cannot find the kiosque.js script tag; nothing mounted');
    return;
  }
  if (!config.site) warn('the script tag has no data-site attribute');
  // The page's own early request for its article, if it made one (see mounter.js).
  config.early = (window.Kiosque && window.Kiosque.early) || null;
  const mounter = createMounter(config, warn);
  const analytics = createAnalytics(config);
  analytics.listen(document);
  window.Kiosque = Object.freeze({
    version: VERSION,
    mount: (element, options) => {
      if (!(element instanceof Element)) throw new TypeError('Kiosque.mount needs an element');
      return mounter.mount(element, options);
    },
    unmount: (element) => mounter.unmount(element),
    setEntitlement: (token) => mounter.setEntitlement(token),
    on: (event, handler) => on(event, handler),
    // Kiosque.setConsent({analytics: true}) (or true / false): the reader's answer to the
    // site's consent banner, for sites that load Kiosque with data-consent="required".
    setConsent: (c) => analytics.setConsent(c === true || (!!c && c.analytics === true)),
  });
  completeLinkSignIn(config, warn).finally(() => mounter.watch(document));
}

try {
  start();
} catch (err) {
  warn('loader failed', err);
}
