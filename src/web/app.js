// Pitboss in the browser: a guest signs in, meets the lobby, sits at a table and plays.
// Plain ES modules, no build step, one job each (docs/web.md). This one holds the page's
// state — one object, `app`, handed to the modules that need it — and wires them: sign
// in and out, the socket, the lobby, a table, the address (#table=<id>).
import { $, flash } from './dom.js';
import { api, forgetSession, saveSession, savedSession } from './session.js';
import { clearBalance, createBalance, refreshBalance, showBalance } from './balance.js';
import { connect, disconnect } from './connection.js';
import { createLobby, joinLobby, renderGames, resetLobby, showLobbyPanel } from './lobby.js';
import { closeTable, openTable } from './table.js';
import { sendChat } from './chat.js';
import { clearRounds, loadRounds } from './rounds.js';

const app = {
  /** {token, player_id, name} while signed in, else null */
  session: null,
  balance: createBalance(),
  socket: null,
  lobby: createLobby(),
  /** the open table (table.js), or null in the lobby */
  table: null,
  /** player id → name, as seen at tables: lines about players who have left still name them */
  names: new Map(),
  openTable: (id) => openTable(app, id),
  toLobby: () => showLobbyPanel(),
  showBalance: (value) => showBalance(app.balance, value),
  refreshBalance: () => refreshBalance(app.balance, app.session?.token, expired),
  loadRounds: () => loadRounds(app.session?.token, expired),
};

async function boot() {
  $('signin-form').addEventListener('submit', onSignIn);
  $('sign-out').addEventListener('click', () => signOut());
  $('chat-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (app.table) sendChat(app.table.ctx.push);
  });
  $('back').addEventListener('click', () => {
    closeTable(app);
    showLobbyPanel();
  });
  window.addEventListener('hashchange', onHash);
  renderGames(app);

  const saved = savedSession();
  if (saved) {
    try {
      const me = await api('/api/me', { token: saved.token });
      return enter({ ...saved, name: me.name }, me.balance);
    } catch (err) {
      forgetSession();
      if (err.status !== 401) flash(`Could not reach the server: ${err.message}`, 'error');
    }
  }
  showSignIn();
}

function showSignIn() {
  $('signin').hidden = false;
  $('app').hidden = true;
  $('who').hidden = true;
  $('guest-name').focus();
}

async function onSignIn(ev) {
  ev.preventDefault();
  const button = ev.submitter ?? ev.target.querySelector('button');
  button.disabled = true;
  flash('');
  try {
    const guest = await api('/api/guests', { method: 'POST', body: { name: $('guest-name').value.trim() } });
    const s = { token: guest.token, player_id: guest.player_id, name: guest.name };
    saveSession(s);
    enter(s, guest.balance);
  } catch (err) {
    flash(err.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function enter(s, balance) {
  app.session = s;
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('me-name').textContent = s.name;
  app.showBalance(balance);
  connect(app);
  joinLobby(app);
  app.loadRounds();
  onHash();
}

function signOut(message) {
  closeTable(app);
  disconnect(app);
  app.session = null;
  app.names.clear();
  forgetSession();
  // Nothing of this player stays on screen for the next one.
  resetLobby(app);
  clearRounds();
  clearBalance();
  history.replaceState(null, '', location.pathname);
  flash(message ?? '', message ? 'error' : 'info');
  showSignIn();
}

function expired() {
  signOut('Your session has ended. Sign in again to keep playing.');
}

/** #table=<id> opens that table; no table in the address goes back to the lobby. */
function onHash() {
  if (!app.session) return;
  const id = new URLSearchParams(location.hash.slice(1)).get('table');
  if (id && id !== app.table?.id) openTable(app, id);
  else if (!id && app.table) {
    closeTable(app);
    showLobbyPanel();
  }
}

boot();
