// The socket and the player's own channel. Everything real-time goes through the official
// phoenix client; the token travels in the WebSocket subprotocol (authToken), not in the
// URL, so it stays out of access logs.
import { Socket } from '/vendor/phoenix.mjs';
import { $, flash } from './dom.js';

function setConn(text, ok) {
  const el = $('conn');
  el.textContent = text;
  el.classList.toggle('ok', ok);
}

/** Opens the socket (app.socket) and joins `player:<id>` for the live balance and notices. */
export function connect(app) {
  const socket = new Socket('/socket', { authToken: app.session.token });
  socket.onOpen(() => setConn('online', true));
  socket.onError(() => {
    setConn('reconnecting…', false);
    app.refreshBalance(); // answers 401 when the token is no longer good: then sign out instead of retrying forever
  });
  socket.onClose(() => setConn('offline', false));
  socket.connect();
  app.socket = socket;

  // Live balance, where the server offers the player channel; /api/me keeps it right otherwise.
  const pc = socket.channel(`player:${app.session.player_id}`, {});
  pc.on('balance', (p) => app.showBalance(p.balance));
  pc.on('notice', (p) => flash(p.text));
  pc.join()
    .receive('ok', (r) => app.showBalance(r.balance))
    .receive('error', () => pc.leave());
}

export function disconnect(app) {
  app.socket?.disconnect();
  app.socket = null;
  setConn('offline', false);
}
