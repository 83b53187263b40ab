// A table: joins `table:<id>` (the address becomes #table=<id>), renders each `state`
// whole, logs each `event` in seq order, and carries the player's pushes. Everything the
// page knows about the open table is in one object, `app.table`: its channel, the last
// state, the last seq, the game's part of the page (games/) and what that game keeps
// beyond the server's view (`memory`), the controls and the countdown.
import { $, flash } from './dom.js';
import { fmt } from './money.js';
import { gameName } from './games/catalog.js';
import { gameView } from './games/index.js';
import { newKey } from './session.js';
import { logLine } from './table_log.js';
import { chatLine, showChat } from './chat.js';
import { renderSeats } from './seats.js';
import { createCountdown, countdownFrom, stopCountdown } from './countdown.js';

export function openTable(app, id) {
  if (app.table?.id === id) return;
  closeTable(app);
  flash('');
  const t = { id, ch: app.socket.channel(`table:${id}`, {}), state: null, seq: 0, gameId: null, game: null, memory: {}, controls: null, countdown: createCountdown($('countdown')) };
  t.ctx = viewContext(app, t);
  app.table = t;
  // A history entry per table: the browser's Back button returns to the lobby.
  if (new URLSearchParams(location.hash.slice(1)).get('table') !== id) history.pushState(null, '', `#table=${encodeURIComponent(id)}`);
  clearTablePanel(id);

  const here = () => app.table === t;
  const me = app.session.player_id;
  t.ch.on('state', (s) => here() && onState(app, t, s));
  t.ch.on('event', (e) => here() && onEvent(app, t, e));
  t.ch.on('notice', (n) => here() && logLine({ type: 'notice', text: n.text }, t.ctx, t.state?.table?.game));
  t.ch.on('chat', (c) => here() && chatLine(c, me));
  t.ch.join()
    .receive('ok', (reply) => {
      if (!here()) return;
      const missedFrom = t.seq;
      if (Array.isArray(reply.chat)) showChat(reply.chat, me);
      // A rejoin after a reconnect: fetch what happened meanwhile, in order.
      if (missedFrom > 0 && (reply.seq ?? 0) > missedFrom) resume(t, missedFrom, app);
      t.seq = Math.max(t.seq, reply.seq ?? reply.state?.seq ?? 0);
      onState(app, t, reply.state);
    })
    .receive('error', (err) => {
      if (!here()) return;
      closeTable(app);
      app.toLobby();
      flash(err.reason === 'not_found' ? `That table is gone (${id}). Pick another one.` : (err.message ?? err.reason), 'error');
    });
}

export function closeTable(app) {
  const t = app.table;
  if (!t) return;
  stopCountdown(t.countdown);
  t.ch.leave();
  app.table = null;
}

/** What the game views, the seats and the log are given: names, seats, and the table's pushes. */
function viewContext(app, t) {
  const me = app.session.player_id;
  return {
    me,
    get memory() {
      return t.memory;
    },
    seatOf: (s = t.state) => s?.seats?.find((x) => x.player_id === me)?.seat ?? null,
    /** "You" for the viewer's seat, else the seated player's name, else "Seat n". */
    seatName(seat) {
      const who = t.state?.seats?.find((x) => x.seat === seat);
      if (!who) return `Seat ${seat + 1}`;
      return who.player_id === me ? 'You' : who.name;
    },
    /** Names of players seen at tables or online, for lines about players who have since left. */
    nameOf(playerId) {
      if (playerId === me) return 'You';
      const known = app.names.get(playerId) ?? t.state?.seats?.find((s) => s.player_id === playerId)?.name;
      if (known) return known;
      const online = app.lobby.presence?.list((id, { metas }) => (id === playerId ? metas[0]?.name : null)).find(Boolean);
      return online ?? playerId;
    },
    push: (event, payload, opts) => push(t, event, payload, opts),
    act: (action, fields) => act(app, t, action, fields),
  };
}

function clearTablePanel(id) {
  $('lobby').hidden = true;
  $('table').hidden = false;
  $('table-title').textContent = `Joining ${id}…`;
  $('table-info').textContent = '';
  for (const part of ['seats', 'game', 'controls', 'events', 'chat']) $(part).replaceChildren();
  tableError(null);
}

function onState(app, t, s) {
  if (!s) return;
  t.state = s;
  for (const x of s.seats ?? []) app.names.set(x.player_id, x.name);
  if (t.gameId !== s.table.game) {
    t.gameId = s.table.game;
    t.game = gameView(s.table.game);
    t.memory = t.game.memory?.() ?? {};
    t.controls = null;
  }
  t.game.onState?.(t.memory, s.game, t.ctx);
  countdownFrom(t.countdown, s, t.ctx, t.game);
  render(t);
}

function render(t) {
  const s = t.state;
  const tbl = s.table;
  const name = gameName(tbl.game);
  const plainName = !tbl.name || tbl.name === name || tbl.name.toLowerCase() === tbl.game;
  $('table-title').textContent = plainName ? name : `${name} · ${tbl.name}`;
  $('table-info').textContent = `Table ${tbl.id} · bets ${fmt(tbl.min_bet)} to ${fmt(tbl.max_bet)} · ${tbl.shared ? `shared, ${tbl.seats} seats` : 'just you'}`;
  renderSeats(s, t.ctx);
  $('game').replaceChildren(t.game.view(s.game ?? {}, s, t.ctx));
  if (!t.controls) {
    t.controls = t.game.controls(s, t.ctx);
    $('controls').replaceChildren(t.controls.node);
  }
  t.controls.update?.(s);
}

function onEvent(app, t, e, replayed = false) {
  if (typeof e.seq === 'number') {
    if (e.seq <= t.seq && !replayed) return;
    t.seq = Math.max(t.seq, e.seq);
  }
  logLine(e, t.ctx, t.state?.table?.game);
  // A game whose view follows some events (slots: no state follows a spin) asks for a redraw.
  if (t.game?.onEvent?.(t.memory, e, t.ctx) === true && t.state) render(t);
  if (e.type === 'settled' && (e.results ?? []).some((r) => r.player_id === app.session.player_id)) {
    app.refreshBalance();
    app.loadRounds();
  }
  if (e.type === 'table_closed') tableError({ message: 'The table has closed. Go back to the lobby to find another.' });
}

function resume(t, since, app) {
  t.ch.push('resume', { since })
    .receive('ok', ({ events }) => events.forEach((e) => onEvent(app, t, e, true)))
    .receive('error', () => logLine({ type: 'notice', text: 'Some events were missed while offline; the table view is up to date.' }, t.ctx));
}

/** Pushes and resolves with the ok reply, or null after showing the error plainly. */
function push(t, event, payload, { retries = 0 } = {}) {
  tableError(null);
  return new Promise((resolve) => {
    const attempt = (left) =>
      t.ch.push(event, payload)
        .receive('ok', (r) => resolve(r))
        .receive('error', (err) => {
          tableError(err);
          resolve(null);
        })
        .receive('timeout', () => {
          // The same key again: the server answers the first result and moves no money twice.
          if (left > 0) return attempt(left - 1);
          tableError({ message: 'The table did not answer in time. Nothing was charged twice; try again.' });
          resolve(null);
        });
    attempt(retries);
  });
}

async function act(app, t, action, fields = {}) {
  const buttons = [...$('controls').querySelectorAll('button')];
  buttons.forEach((b) => b.classList.add('working'));
  try {
    const reply = await push(t, 'act', { action, ...fields, key: newKey() }, { retries: 2 });
    if (reply && 'balance' in reply) app.showBalance(reply.balance);
    return reply;
  } finally {
    buttons.forEach((b) => b.classList.remove('working'));
  }
}

function tableError(err) {
  const el = $('table-error');
  if (!err) {
    el.hidden = true;
    el.textContent = '';
    return;
  }
  const wait = err.reason === 'rate_limited' && err.retry_after ? ` (try again in ${Math.ceil(err.retry_after / 1000)} s)` : '';
  el.textContent = `${err.message ?? err.reason}${wait}`;
  el.dataset.reason = err.reason ?? '';
  el.hidden = false;
}
