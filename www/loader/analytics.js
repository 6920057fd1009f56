// Analytics: the widget's own events (wall shown, offer shown and clicked, webinar shown, form started and
// sent) batched to the backend's /events route. Nothing is sent before consent when the site
// asks for it (data-consent="required" until Kiosque.setConsent(true)); each event has a random
// id, so a batch delivered twice counts once. When the page hides, what is left goes with
// navigator.sendBeacon as text/plain, which needs no CORS preflight. No personal data: offer,
// variant, series and session ids, and the reader id the widget already keeps (first-party),
// which lets the server credit a later subscription to the offer clicked.

import { randomId, storageGet } from './identity.js';

const BATCH = 50;

// Widget event → analytics kind; `view` and `form_start` are found below.
const KINDS = {
  'paywall-shown': 'wall_view',
  'offer-impression': 'impression',
  'offer-click': 'click',
  'webinar-registered': 'form_submit',
  'webinar-waitlisted': 'form_submit',
  'webinar-failed': 'form_submit',
};

export function createAnalytics(config) {
  let queue = [];
  // true: send; false: never (refused); null: wait for setConsent.
  let consent = config.consent === 'required' ? null : true;
  let timer = 0;
  const url = `${config.api}/v1/sites/${encodeURIComponent(config.site)}/events`;
  const started = new WeakSet();

  // Storage blocked: events still count, without a reader.
  const reader = () => storageGet(`kiosque:${config.site}:reader`) || undefined;

  function flush(leaving) {
    clearTimeout(timer);
    timer = 0;
    while (consent && config.site && queue.length) {
      const events = queue.splice(0, BATCH);
      const body = JSON.stringify({ events, reader: reader() });
      if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) continue;
      fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } })
        .then((r) => {
          if (r.status >= 500) throw r.status;
        })
        .catch(() => {
          // Not delivered: back in the queue (the ids make a second delivery harmless).
          queue = events.concat(queue).slice(0, 10 * BATCH);
          if (!timer) timer = setTimeout(flush, 5000);
        });
    }
  }

  function record(kind, fields, element) {
    if (consent === false) return;
    const id = randomId();
    const event = { id, kind };
    for (const key of ['offer', 'variant', 'series', 'session']) {
      const value = (fields && fields[key]) || (element && key === 'series' && element.getAttribute('data-series'));
      if (typeof value === 'string' && value) event[key] = value;
    }
    queue.push(event);
    if (queue.length >= BATCH) flush();
    else if (!timer) timer = setTimeout(flush, 2000);
  }

  const webinar = (target) => {
    const el = target instanceof Element && target.closest('[data-kiosque="webinar"]');
    return el || null;
  };

  function listen(doc) {
    for (const name of Object.keys(KINDS)) {
      doc.addEventListener(`kiosque:${name}`, (e) => {
        record(KINDS[name], e.detail, webinar(e.target));
        if (name === 'offer-click') flush(true); // the click usually leaves the page
      });
    }
    doc.addEventListener('kiosque:ready', (e) => {
      const el = webinar(e.target);
      if (el) record('view', null, el);
    });
    // The first thing typed in a webinar form (input events cross the shadow boundary).
    doc.addEventListener('input', (e) => {
      const el = webinar(e.target);
      if (el && !started.has(el)) {
        started.add(el);
        record('form_start', null, el);
      }
    }, true);
    doc.addEventListener('visibilitychange', () => doc.visibilityState === 'hidden' && flush(true));
    addEventListener('pagehide', () => flush(true));
  }

  return {
    listen,
    setConsent(granted) {
      consent = granted;
      if (granted) flush();
      else queue = [];
    },
  };
}
