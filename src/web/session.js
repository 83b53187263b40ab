// The signed-in guest and the HTTP API. The session (token, player id, name) lives in
// sessionStorage: a reload keeps it, closing the tab ends it.

const SESSION_KEY = 'pitboss.session';

/** The saved session, or null. */
export function savedSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return typeof s?.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

export const saveSession = (s) => sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
export const forgetSession = () => sessionStorage.removeItem(SESSION_KEY);

/**
 * A JSON request; resolves with the body, or throws an Error with the server's `message`,
 * its `reason` and the HTTP `status`.
 */
export async function api(path, { method = 'GET', body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.message || `the server answered ${res.status}`);
    err.status = res.status;
    err.reason = data.reason;
    throw err;
  }
  return data;
}

/** An idempotency key per action: randomUUID where the page is a secure context, else 128 random bits. */
export function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
