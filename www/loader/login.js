// The e-mailed sign-in link leads back to the publisher's page with #kiosque-login=TOKEN.
// Before mounting anything, trade that token for a session (stored where the widget reads
// it) and take the token out of the address bar and history.

import { storageGet, storageSet } from './identity.js';

const FRAGMENT = /(^#|&)kiosque-login=([A-Za-z0-9_-]{20,})/;

/** Resolves once any sign-in link in the URL has been used (or found useless). */
export async function completeLinkSignIn(config, warn) {
  const match = FRAGMENT.exec(window.location.hash);
  if (!match || !config.site) return;
  const token = match[2];
  try {
    const clean = window.location.href.split('#')[0];
    window.history.replaceState(window.history.state, '', clean);
  } catch (_) {
    /* a page that forbids history changes keeps the fragment; the token is single-use */
  }
  const body = { link_token: token };
  const readerId = storageGet(`kiosque:${config.site}:reader`);
  if (readerId) body.reader_id = readerId;
  try {
    const response = await fetch(`${config.api}/v1/sites/${encodeURIComponent(config.site)}/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      warn('the sign-in link is invalid, expired or already used');
      return;
    }
    const session = await response.json();
    if (!storageSet(`kiosque:${config.site}:session`, session.token)) config.session = session.token;
  } catch (err) {
    warn('could not complete the sign-in link', err);
  }
}
