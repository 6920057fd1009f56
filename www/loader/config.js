// Reads the loader's own <script> tag: data-site, data-api (default: the script's origin),
// data-lang (default: the page's <html lang>, else French), data-timeout (milliseconds),
// data-entitlement (a subscriber token) and data-on-failure (fallback | closed).

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

export function readConfig(current, doc) {
  const script = ownScript(current, doc);
  if (!script) return null;
  const src = new URL(script.src, doc.baseURI);
  const data = script.dataset;
  const timeout = parseInt(data.timeout || '', 10);
  return {
    base: new URL('.', src).href,
    site: data.site || '',
    api: (data.api || src.origin).replace(/\/+$/, ''),
    lang: data.lang || doc.documentElement.lang || 'fr',
    timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
    entitlement: data.entitlement || null,
    onFailure: FAILURE_POLICIES.indexOf(data.onFailure) >= 0 ? data.onFailure : 'fallback',
  };
}
