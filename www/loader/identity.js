// Who the reader is to the backend, as the widget keeps it (src/identity.rs): the anonymous
// reader id (`kiosque:<site>:reader`, made here on first use, so the loader's first request
// can carry it before the widget is loaded) and the session token (`kiosque:<site>:session`).
// Storage blocked: the reader id lives in page memory (the widget is handed it), as the
// widget's own storage does.

const READER_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function storageGet(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (_) {
    return null;
  }
}

export function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch (_) {
    return false;
  }
}

const inMemory = {};

/** 128 random bits as 22 characters of base64url: a reader id, an event id. */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The reader id for `site`, made on first use. */
export function readerId(site) {
  const key = `kiosque:${site}:reader`;
  const kept = storageGet(key) || inMemory[key];
  if (kept && READER_ID.test(kept)) return kept;
  const id = randomId();
  if (!storageSet(key, id)) inMemory[key] = id;
  return id;
}

/** The reader's session token for `site`, if signed in. */
export function sessionToken(config) {
  return config.session || storageGet(`kiosque:${config.site}:session`) || null;
}
