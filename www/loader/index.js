/*
 * Kiosque loader: the one file a publisher embeds.
 *
 *   <script src="https://kiosque.example/kiosque.js" data-site="demo" async></script>
 *
 * It finds [data-kiosque] placeholders (now and as they appear), attaches an open shadow root
 * to each, loads the WebAssembly widget that sits next to this file (only when a placeholder
 * exists) and mounts the matching component. It never throws into the host page: failures are
 * logged with a [kiosque] prefix and the placeholder's own content stays visible.
 */
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

function start() {
  // Included twice: the first copy wins and the second does nothing.
  if (window.Kiosque && window.Kiosque.version) return;
  const script = document.currentScript;
  const config = readConfig(script, document);
  if (!config) {
    warn('cannot find the kiosque.js script tag; nothing mounted');
    return;
  }
  if (!config.site) warn('the script tag has no data-site attribute');
  const mounter = createMounter(config, warn);
  window.Kiosque = Object.freeze({
    version: VERSION,
    mount: (element) => mounter.mount(element),
    unmount: (element) => mounter.unmount(element),
    setEntitlement: (token) => mounter.setEntitlement(token),
  });
  completeLinkSignIn(config, warn).finally(() => mounter.watch(document));
}

try {
  start();
} catch (err) {
  warn('loader failed', err);
}
