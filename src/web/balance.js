// The balance in the header. Act replies and the player channel are fresh; a GET /api/me
// answer is shown only if nothing newer arrived since it was asked, so a slow request
// never puts an old balance back.
import { $ } from './dom.js';
import { fmt } from './money.js';
import { api } from './session.js';

export function createBalance() {
  return { clock: 0, shownAt: 0 };
}

/** Shows `value` unless something fresher than `at` is already shown. */
export function showBalance(b, value, at = ++b.clock) {
  if (at < b.shownAt || typeof value !== 'number') return;
  b.shownAt = at;
  const el = $('balance');
  el.textContent = fmt(value);
  el.dataset.value = String(value);
}

/** Asks the server; `onExpired` runs when the token is no longer good. */
export async function refreshBalance(b, token, onExpired) {
  const asked = ++b.clock;
  try {
    const me = await api('/api/me', { token });
    showBalance(b, me.balance, asked);
  } catch (err) {
    if (err.status === 401) onExpired();
  }
}

export function clearBalance() {
  const el = $('balance');
  el.textContent = '–';
  delete el.dataset.value;
}
