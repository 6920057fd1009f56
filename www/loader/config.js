// Reads the configuration: the loader's own <script> tag (data-site, data-api, data-lang,
// data-timeout, data-entitlement, data-on-failure) and, for what the tag does not say, a
// <script type="application/json" data-kiosque-config> block ({"site", "api", "lang",
// "timeout", "entitlement", "onFailure"}). Defaults: the API at the script's own origin, the
// page's <html lang> else French, 5 s.

const DEFAULT_TIMEOUT_MS = 5000;
const FAILURE_POLICIES = ['fallback', 'closed'];

function ownScript(current, doc) {
  if (current && current.src) return current;
  // Injected dynamically or run late: currentScript is null, find the tag by its file name.
  const scripts = doc.querySelectorAll('script[src]');
  for (let i = scripts.length - 1; i >= 0; i--) {
    if (/\/kiosque(\.min)?\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
  }
  return null;
}

function jsonBlock(doc, warn) {
  const block = doc.querySelector('script[type="application/json"][data-kiosque-config]');
  if (!block) return {};
  try {
    const parsed = JSON.parse(block.textContent || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch (err) {
    warn('ignoring the data-kiosque-config block: it is not JSON', err);
    return {};
  }
}

// Own properties only: a polluted Object.prototype must not configure us.
function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function readConfig(current, doc, warn) {
  const script = ownScript(current, doc);
  if (!script) return null;
  const src = new URL(script.src, doc.baseURI);
  const block = jsonBlock(doc, warn);
  // data-on-failure is dataset.onFailure, the block's "onFailure": one name for both.
  const attr = (name) => script.dataset[name] || own(block, name) || '';
  const data = {
    site: attr('site'),
    api: attr('api'),
    lang: attr('lang'),
    timeout: String(attr('timeout')),
    entitlement: attr('entitlement'),
    onFailure: attr('onFailure'),
    consent: attr('consent'),
  };
  const timeout = parseInt(data.timeout || '', 10);
  return {
    base: new URL('.', src).href,
    site: data.site || '',
    api: (data.api || src.origin).replace(/\/+$/, ''),
    lang: data.lang || doc.documentElement.lang || 'fr',
    timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    entitlement: data.entitlement || null,
    onFailure: FAILURE_POLICIES.indexOf(data.onFailure) >= 0 ? data.onFailure : 'fallback',
    // "required": analytics wait for Kiosque.setConsent(true).
    consent: data.consent === 'required' ? 'required' : 'not-required',
  };
}
