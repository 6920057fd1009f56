// Mounts and unmounts placeholders. One wasm instance serves every placeholder of the page
// (two when a page of one kind gains another kind later, see `moduleFor`); it is fetched on
// the first placeholder only.
//
// What a placeholder needs leaves at once, as a hand-written script's one request would: the
// placeholder's own data (a paywall's article, an offers block's offers), which the widget is
// handed rather than asking for it once it has loaded, its module's stylesheet, and for other
// kinds than the paywall the module and the site's texts. A paywall's wall is shown as soon as
// its article's answer is in (the first paint, see paint.js: the answer carries the look it
// was painted with, and the base rules are built in), and only then are the module and the
// texts asked for, so that nothing shares the link and the main thread with that one answer.

import { readerId, sessionToken } from './identity.js';
import { build, holdActions, paintOf, warmUp } from './paint.js';
import { BASE_STYLE } from './style.js';

const SELECTOR = '[data-kiosque]';

// data-theme on the placeholder or the script tag: light, dark, or auto (follow the reader's
// prefers-color-scheme). Default: auto when the page itself declares a dark scheme
// (CSS color-scheme or <meta name="color-scheme"> with dark), else light, so the widget never turns dark on a light page.
// The site's scheme set in the console comes next, before the page's own declaration.
const SCHEMES = ['light', 'dark', 'auto'];
function theme(element, site) {
  const asked = element.getAttribute('data-theme');
  if (SCHEMES.indexOf(asked) >= 0) return asked;
  if (SCHEMES.indexOf(site) >= 0) return site;
  const meta = document.querySelector('meta[name="color-scheme"]');
  const scheme = `${getComputedStyle(document.documentElement).colorScheme || ''} ${meta ? meta.content : ''}`;
  return scheme.indexOf('dark') >= 0 ? 'auto' : 'light';
}

// "/articles/{slug}" → ["/articles/", ""]: the widget puts the slug in between.
function splitLink(template) {
  const at = template.indexOf('{slug}');
  return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + 6)];
}
const KINDS = ['paywall', 'teasers', 'webinar', 'offers', 'survey'];

export function createMounter(config, warn) {
  // element -> { handle } once mounted; present while mounting.
  const mounted = new Map();
  const looks = new Map(); // language tag -> Promise of the site's look and texts

  // The site's look from the console ({accent, …, scheme}) and the widget's texts in `lang`
  // ({lang, catalogue, texts}), one request per language on the page. Without texts the
  // widget cannot speak: the placeholder keeps its own content, and a later one asks again.
  function siteLook(lang) {
    if (!looks.has(lang)) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), config.timeoutMs);
      const url = `${config.api}/v1/sites/${encodeURIComponent(config.site)}/appearance?lang=${encodeURIComponent(lang)}`;
      const look = fetch(url, { signal: controller.signal })
        .then((r) => (r.ok ? r.json() : null))
        .then((site) => {
          if (site && Array.isArray(site.texts)) return site;
          throw new Error(`the site's look and texts could not be loaded from ${url}`);
        })
        .finally(() => clearTimeout(timer));
      look.catch(() => looks.delete(lang));
      looks.set(lang, look);
    }
    return looks.get(lang);
  }

  // A GET with the placeholder's timeout: the answer as {status, body}; no answer as
  // {failed: "timeout" | "network"}, which the widget reads as it reads its own failures.
  // Sent as the widget sends it (src/api.rs): the reader id in the query (`reader`, whose
  // characters need no escaping), so that a reader who is not signed in makes a request with
  // no CORS preflight (a preflight is cached per address: it cost a round trip per article).
  // The request the page made itself before this file arrived (`window.Kiosque.early`, the
  // README's early request) is taken instead when it is this very request, and only once:
  // any other is asked again.
  function ask(path, lang) {
    const reader = `${path.includes('?') ? '&' : '?'}reader=${readerId(config.site)}`;
    const url = `${config.api}/v1/sites/${encodeURIComponent(config.site)}${path}${reader}`;
    const headers = { accept: 'application/json', 'accept-language': lang };
    const session = sessionToken(config);
    if (config.entitlement) headers['x-kiosque-entitlement'] = config.entitlement;
    if (session) headers.authorization = `Bearer ${session}`;
    const early = config.early;
    if (early && early.url === url && JSON.stringify(early.headers) === JSON.stringify(headers)) {
      config.early = null;
      return early.answer;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.timeoutMs);
    return fetch(url, { headers, signal: controller.signal })
      .then(async (r) => ({ status: r.status, body: await r.text() }))
      .catch(() => ({ failed: controller.signal.aborted ? 'timeout' : 'network' }))
      .finally(() => clearTimeout(timer));
  }

  // A paywall's article, with the reader's access decision and the first paint of its wall
  // (server mode only: in client mode the page holds the text and the widget asks for the
  // decision alone).
  function articleAnswer(element, lang) {
    const article = option(element, 'article');
    if (!article || option(element, 'mode') === 'client') return null;
    return ask(`/articles/${encodeURIComponent(article)}?paint=true`, lang);
  }

  // An offers placeholder's offers (inline block or banner), for this reader, handed over with
  // the options, so the widget needs no request of its own for them (it would cost the
  // download 3.6 KB gzip).
  async function placedOffers(element, lang) {
    const placement = option(element, 'placement') === 'banner' ? 'banner' : 'inline';
    const article = option(element, 'article');
    const about = article ? `&article=${encodeURIComponent(article)}` : '';
    const answer = await ask(`/offers?placement=${placement}${about}`, lang);
    const body = answer.status === 200 ? JSON.parse(answer.body) : null;
    if (!body || !Array.isArray(body.offers)) throw new Error(`no offers for the ${placement} placement`);
    return { placement, offers: body.offers };
  }

  // Each console value becomes --kq-site-<name> on the widget's container: the widget's CSS
  // prefers the page's own --kq-<name> (set on the placeholder or an ancestor), then this,
  // then its default; so the page wins without a race against its stylesheets loading.
  function applyLook(container, site) {
    for (const key of ['accent', 'accent_text', 'text', 'muted', 'background', 'surface', 'border', 'radius', 'font']) {
      if (typeof site[key] === 'string') container.style.setProperty(`--kq-site-${key.replace('_', '-')}`, site[key]);
    }
  }

  // The module for a kind: that kind's own (the paywall's is a fifth smaller than the full
  // one) when every placeholder on the page so far is of that kind, else the one with every
  // kind (`widget`, its files `kiosque_widget…`). A page may end up with two: a later
  // placeholder of another kind loads the full one beside the first; and a questionnaire always
  // gets its own, beside any other.
  const widgets = {};
  function moduleFor(kind, doc) {
    // The questionnaire has a module of its own, beside the others' (it is in no other).
    if (kind === 'survey') return kind;
    if (widgets.widget) return 'widget';
    const kinds = Array.from(doc.querySelectorAll(SELECTOR), (e) => option(e, 'kind', 'data-kiosque'));
    // Unknown kinds are never mounted, and surveys go to their own module: neither counts.
    return kinds.every((k) => k === kind || k === 'survey' || KINDS.indexOf(k) < 0) ? kind : 'widget';
  }

  // Content-hashed names, set at build time (webpack.config.js), next to this file.
  const fileOf = (which, end) => new URL(`kiosque_${which}${end}`, config.base).href;

  // The module is asked for once `after` is settled: for a paywall, once its first paint is
  // done (or found impossible). The answer is painted before the module arrives (paint.js), so
  // the module's 100 KB must not share the link, the server and the main thread with what the
  // reader is waiting for: side by side, the article's request was twice as slow beside it
  // (BENCHMARKS.md).
  function loadWidget(which, after) {
    if (!widgets[which]) {
      const glue = fileOf(which, `.${__KIOSQUE_RELEASE__}.js`);
      const wasm = fileOf(which, `_bg.${__KIOSQUE_RELEASE__}.wasm`);
      // The wasm is asked for with the glue, not after it (wasm-bindgen takes the pending
      // answer); a failure is the glue's to report, never an unhandled rejection.
      const wasmAnswer = after.then(() => fetch(wasm));
      wasmAnswer.catch(() => {});
      widgets[which] = after.then(() => import(/* webpackIgnore: true */ glue)).then(async (module) => {
        await module.default({ module_or_path: wasmAnswer });
        return module;
      });
      widgets[which].catch(() => {
        delete widgets[which]; // a later placeholder may try again
      });
    }
    return widgets[which];
  }

  // The stylesheets of a module's shadow roots: the base and paywall rules, built into this
  // file (webpack.config.js), so that a paywall's first paint and the loader's own notice wait
  // for no stylesheet; then, for every module but the paywall's, the rules of its other kinds,
  // fetched beside it. Constructed stylesheets, each made once and shared by every shadow root
  // it styles, and allowed by a strict CSP; browsers without them get the text for a <style>
  // element (CSP: 'unsafe-inline').
  let base;
  const sheetOf = (css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  };
  const styles = {};
  function loadStyles(which) {
    if (!styles[which]) {
      const own = which === 'paywall'
        ? Promise.resolve('')
        : fetch(fileOf(which, `.${__KIOSQUE_RELEASE__}.css`))
          .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status} ${r.url}`))));
      styles[which] = own.then((css) => {
        try {
          base = base || sheetOf(BASE_STYLE);
          return { sheets: css ? [base, sheetOf(css)] : [base] };
        } catch (_) {
          return { css: BASE_STYLE + css };
        }
      });
      styles[which].catch(() => {
        delete styles[which];
      });
    }
    return styles[which];
  }
  // The nodes to put first in the shadow root: none, or the <style> element.
  function adoptStyles(shadow, style) {
    if (style.sheets) {
      shadow.adoptedStyleSheets = style.sheets;
      return [];
    }
    const element = document.createElement('style');
    element.textContent = style.css;
    return [element];
  }

  // Applies the failure policy: the placeholder's own content through a slot, or nothing.
  function showFallback(shadow) {
    if (config.onFailure === 'closed') shadow.replaceChildren();
    else if (!shadow.querySelector('slot')) shadow.replaceChildren(document.createElement('slot'));
  }

  // When the widget cannot speak (its wasm or the site's texts did not arrive, so the backend
  // is most likely down), the loader says what the widget would: the placeholder's own
  // content (or, under data-on-failure="closed", a short notice) and a button to try again.
  // These two texts are the only ones in the loader; with no backend no override applies.
  const UNAVAILABLE = {
    fr: ['Ce contenu est momentanément indisponible.', 'Réessayer'],
    en: ['This content is temporarily unavailable.', 'Try again'],
  };
  // `code`: the placeholder's language, `fr` or `en`.
  function showUnavailable(element, shadow, code) {
    const [notice, again] = UNAVAILABLE[code];
    const closed = config.onFailure === 'closed';
    const container = build(['div', [['class', `kq-theme-${theme(element)}`]], [
      ['div', [['class', 'kq kq-error'], ['role', 'alert']], [
        closed ? ['p', [], [notice]] : ['slot', [], []],
        ['button', [['type', 'button'], ['class', 'kq-button kq-button-secondary']], [again]],
      ]],
    ]]);
    container.querySelector('button').addEventListener('click', () => {
      unmount(element);
      mount(element);
    });
    shadow.replaceChildren(container);
    // Styled like the widget: the base rules are the paywall module's, and built in.
    loadStyles('paywall').then((style) => {
      shadow.prepend(...adoptStyles(shadow, style));
    });
  }

  // Options given to Kiosque.mount(element, options), which win over data attributes.
  const given = new WeakMap();

  // An option from Kiosque.mount, else the placeholder's data-* attribute (data-<key>).
  function option(element, key, attribute = `data-${key}`) {
    const options = given.get(element);
    if (options && Object.prototype.hasOwnProperty.call(options, key)) return options[key];
    return element.getAttribute(attribute);
  }

  async function mount(element, options) {
    if (!(element instanceof Element)) return;
    if (options && typeof options === 'object') given.set(element, options);
    if (mounted.has(element)) return;
    const kind = option(element, 'kind', 'data-kiosque');
    if (KINDS.indexOf(kind) < 0) {
      warn('unknown placeholder kind', JSON.stringify(kind), element);
      return;
    }
    const entry = { handle: null };
    mounted.set(element, entry);
    let shadow;
    try {
      shadow = element.shadowRoot || element.attachShadow({ mode: 'open' });
    } catch (err) {
      mounted.delete(element);
      warn('cannot attach a shadow root to', element, err);
      return;
    }
    // Until the widget renders, the fallback stays hidden; past the timeout it shows.
    const fallbackTimer = setTimeout(() => showFallback(shadow), config.timeoutMs);
    const lang = option(element, 'lang') || config.lang;
    // The server's rule (Lang::from_tag): en… is English, anything else French.
    const code = /^en([-_]|$)/i.test(lang) ? 'en' : 'fr';
    const which = moduleFor(kind, element.ownerDocument || document);
    let module;
    let container;
    let site;
    let placed = {};
    let answer = null;
    // Everything the placeholder shows, but the module and the texts: enough for a paywall's
    // first paint.
    const asked = kind === 'paywall' ? articleAnswer(element, code) : null;
    // Once the request has left (this task is over), and before its answer is in.
    if (asked) setTimeout(warmUp);
    const ready = Promise.all([loadStyles(which), kind === 'offers' ? placedOffers(element, code) : {}, asked]);
    // The widget's container (its theme, the site's look) once those are in, with a paywall's
    // first paint in it (paint.js): the wall as the widget will render it, with the event the
    // widget would send; the widget is told, and does not send it again. A painted answer
    // carries the look it was painted with, so the wall waits for no other request; without a
    // paint (another kind, no answer, or one this loader will not build: paintOf throws), the
    // container waits for the site's look, and the widget renders into it.
    const framed = ready.then(async ([style, , answer]) => {
      let paint = [];
      try {
        paint = paintOf(answer && answer.status === 200 && answer.body);
      } catch (_) {
        /* the widget renders the answer once it is there */
      }
      const [nodes, event, detail, appearance = await siteLook(lang)] = paint;
      if (mounted.get(element) !== entry || entry.gaveUp) return null;
      const container = document.createElement('div');
      container.className = `kq-theme-${theme(element, appearance.scheme)}`;
      applyLook(container, appearance);
      shadow.replaceChildren(...adoptStyles(shadow, style), container);
      if (nodes) {
        container.append(...nodes);
        entry.handOver = holdActions(container);
        clearTimeout(fallbackTimer);
        dispatch(element, `kiosque:${event}`, detail);
      }
      return container;
    });
    // What the module and the texts wait for: a paywall's first paint (see loadWidget).
    const after = asked ? framed.catch(() => {}) : Promise.resolve();
    // The timeout covers the widget's own files too: past it (and a moment for the API's own
    // timeouts, which start a little later, to be answered first), the failure policy applies,
    // and a widget arriving later replaces nothing under the reader's eyes: Réessayer mounts it.
    // A painted wall is already what the reader reads: the widget may take it over later.
    let lateTimer;
    const late = new Promise((_, reject) => {
      lateTimer = setTimeout(() => entry.handOver || reject(new Error(`no answer in ${config.timeoutMs} ms`)), config.timeoutMs + 250);
    });
    try {
      [module, container, [, placed, answer], site] = await Promise.race([
        late,
        Promise.all([loadWidget(which, after), framed, ready, after.then(() => siteLook(lang))]),
      ]);
      clearTimeout(lateTimer);
    } catch (err) {
      clearTimeout(lateTimer);
      clearTimeout(fallbackTimer);
      warn('could not load the widget for a', kind, 'placeholder:', err);
      if (mounted.get(element) !== entry) return;
      entry.gaveUp = true;
      // A painted wall stays: it is the answer, and its links work without the widget.
      if (!entry.handOver) showUnavailable(element, shadow, code);
      dispatch(element, 'kiosque:error', { code: 'widget_unavailable' });
      return;
    }
    try {
      if (mounted.get(element) !== entry) return; // unmounted while loading
      // The widget renders into the container (over a first paint, the same answer again,
      // before the browser paints the frame).
      const handedOver = entry.handOver && entry.handOver();
      container.replaceChildren();
      const options = {
        kind,
        site: config.site,
        api: config.api,
        lang: site.lang,
        catalogue: site.catalogue,
        texts: site.texts,
        article: option(element, 'article'),
        // `mode` and `layout` as given: the widget takes anything it does not know for the
        // default (server, list).
        mode: option(element, 'mode'),
        access: option(element, 'access') || null,
        section: option(element, 'section') || null,
        tag: option(element, 'tag') || null,
        related: option(element, 'related') || null,
        layout: option(element, 'layout'),
        limit: parseInt(option(element, 'limit'), 10) || null,
        link: splitLink(option(element, 'link') || '/articles/{slug}'),
        series: option(element, 'series'),
        session_id: option(element, 'session'),
        survey: option(element, 'survey'),
        timeout_ms: config.timeoutMs,
        entitlement: config.entitlement,
        session: config.session || null,
        on_failure: config.onFailure,
        reader_id: readerId(config.site),
        answer: handedOver ? { ...answer, painted: true } : answer,
        ...placed,
      };
      entry.handle = module.mount(element, container, JSON.stringify(options));
      // The widget renders in a microtask: the reader's actions on the paint go to it after.
      if (handedOver) setTimeout(handedOver);
    } catch (err) {
      warn('could not mount', kind, 'placeholder:', err);
      showFallback(shadow);
    } finally {
      clearTimeout(fallbackTimer);
    }
  }

  function dispatch(element, name, detail) {
    try {
      element.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
    } catch (_) {
      /* a listener that throws must not break the page */
    }
  }

  function unmount(element) {
    const entry = mounted.get(element);
    if (!entry) return;
    mounted.delete(element);
    try {
      if (entry.handle) entry.handle.unmount();
    } catch (err) {
      warn('unmount failed', err);
    }
    if (element.shadowRoot) element.shadowRoot.replaceChildren(document.createElement('slot'));
  }

  // A new token (or none): every mounted placeholder asks the backend again.
  function setEntitlement(token) {
    config.entitlement = typeof token === 'string' && token ? token : null;
    const elements = Array.from(mounted.keys());
    elements.forEach(unmount);
    elements.forEach(mount);
  }

  function scan(root) {
    if (root.matches && root.matches(SELECTOR)) mount(root);
    if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(mount);
  }

  function watch(doc) {
    scan(doc);
    new MutationObserver((records) => {
      for (const record of records) {
        record.addedNodes.forEach((node) => {
          if (node.nodeType === 1) scan(node);
        });
        if (record.removedNodes.length) {
          mounted.forEach((_, element) => {
            if (!element.isConnected) unmount(element);
          });
        }
      }
    }).observe(doc.documentElement, { childList: true, subtree: true });
  }

  return { mount, unmount, watch, setEntitlement };
}
