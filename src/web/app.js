// Pitboss in the browser: a guest signs in, meets the lobby, sits at a table and plays.
// Plain ES module, no build step. Everything real-time goes through the official
// phoenix client; every text from the server is put in the page with textContent.
import { Socket, Presence } from '/vendor/phoenix.mjs';

const GAMES = [
  { id: 'slots', name: 'Slots', about: '5 reels, pay lines, free spins' },
  { id: 'roulette', name: 'Roulette', about: 'European wheel, single zero' },
  { id: 'blackjack', name: 'Blackjack', about: 'Beat the dealer to 21' },
  { id: 'baccarat', name: 'Baccarat', about: 'Punto banco: player, banker or tie' },
  { id: 'holdem', name: "Texas Hold'em", about: 'No-limit poker against other players' },
];
const GAME_NAME = Object.fromEntries(GAMES.map((g) => [g.id, g.name]));
const SESSION_KEY = 'pitboss.session';
const MAX_EVENTS = 60;

// ---- small DOM helpers -------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** h('button', {type: 'button', onclick}, 'Spin'): attributes, properties (on*) and text or node children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'testid') el.dataset.testid = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '–');
const signed = (n) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : '0');
const time = (t) => (t ? new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }) : '');

/** An idempotency key per action: randomUUID where the page is a secure context, else 128 random bits. */
function newKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- cards ---------------------------------------------------------------------------

const RANKS = '23456789TJQKA';
const SUIT_CHARS = { c: '♣', d: '♦', h: '♥', s: '♠' };
const SUIT_BY_INDEX = 'cdhs';

/** A card as the engines send it — 0..51 (rank·4 + suit) or text like "As" — or null when hidden. */
function cardText(c) {
  if (c === null || c === undefined) return null;
  let rank;
  let suit;
  if (typeof c === 'number') {
    rank = RANKS[c >> 2];
    suit = SUIT_BY_INDEX[c & 3];
  } else {
    rank = String(c)[0].toUpperCase();
    suit = String(c)[1]?.toLowerCase();
  }
  return { label: `${rank === 'T' ? '10' : rank}${SUIT_CHARS[suit] ?? '?'}`, red: suit === 'h' || suit === 'd' };
}

function cardsNode(cards, testid) {
  const list = (cards ?? []).map((c) => {
    const t = cardText(c);
    return t
      ? h('span', { class: `card${t.red ? ' red' : ''}` }, t.label)
      : h('span', { class: 'card hidden', title: 'face down' }, '??');
  });
  return h('span', { class: 'cards', testid, dataset: { cards: list.map((n) => n.textContent).join(' ') } }, list.length ? list : h('span', { class: 'muted' }, '—'));
}

/** "A♠ 10♥" for logs and the rounds panel. */
const cardsPlain = (cards) => (cards ?? []).map((c) => cardText(c)?.label ?? '??').join(' ');

// ---- session and HTTP ----------------------------------------------------------------

let session = null; // {token, player_id, name}
let socket = null;
let lobby = null;
let presence = null;
let playerChannel = null;
let tables = null; // the last tables listing, or null before the first
let table = null; // {id, ch, state, seq, events, controls, deadline}
let refreshTimer = null;

async function api(path, { method = 'GET', body, token = session?.token } = {}) {
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

function flash(text, kind = 'info') {
  const el = $('flash');
  el.textContent = text;
  el.className = `flash ${kind}`;
  el.hidden = !text;
}

// ---- balance: act replies and the player channel are fresh; /api/me only if nothing newer came since

let clock = 0;
let balanceAt = 0;

function showBalance(value, at = ++clock) {
  if (at < balanceAt || typeof value !== 'number') return;
  balanceAt = at;
  const el = $('balance');
  el.textContent = fmt(value);
  el.dataset.value = String(value);
}

async function refreshBalance() {
  const asked = ++clock;
  try {
    const me = await api('/api/me');
    showBalance(me.balance, asked);
  } catch (err) {
    if (err.status === 401) expired();
  }
}

// ---- sign in / out -------------------------------------------------------------------

async function boot() {
  $('signin-form').addEventListener('submit', onSignIn);
  $('sign-out').addEventListener('click', () => signOut());
  $('chat-form').addEventListener('submit', onChat);
  $('back').addEventListener('click', () => {
    leaveTable();
    showLobby();
  });
  window.addEventListener('hashchange', onHash);
  renderGames();

  const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
  if (saved?.token) {
    try {
      const me = await api('/api/me', { token: saved.token });
      return enter({ ...saved, name: me.name }, me.balance);
    } catch (err) {
      sessionStorage.removeItem(SESSION_KEY);
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
    const guest = await api('/api/guests', { method: 'POST', body: { name: $('guest-name').value.trim() }, token: null });
    const s = { token: guest.token, player_id: guest.player_id, name: guest.name };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    enter(s, guest.balance);
  } catch (err) {
    flash(err.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function enter(s, balance) {
  session = s;
  $('signin').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('me-name').textContent = s.name;
  showBalance(balance);
  connect();
  loadRounds();
  onHash();
}

function signOut(message) {
  leaveTable();
  socket?.disconnect();
  socket = lobby = presence = playerChannel = null;
  clearInterval(refreshTimer);
  session = null;
  tables = null;
  sessionStorage.removeItem(SESSION_KEY);
  // Nothing of this player stays on screen for the next one.
  for (const id of ['presence', 'tables', 'rounds']) $(id).replaceChildren();
  $('online-count').textContent = '';
  $('balance').textContent = '–';
  delete $('balance').dataset.value;
  renderGames();
  history.replaceState(null, '', location.pathname);
  flash(message ?? '', message ? 'error' : 'info');
  showSignIn();
}

function expired() {
  signOut('Your session has ended. Sign in again to keep playing.');
}

// ---- socket, lobby, presence ----------------------------------------------------------

function setConn(text, ok) {
  const el = $('conn');
  el.textContent = text;
  el.classList.toggle('ok', ok);
}

function connect() {
  // The token travels in the WebSocket subprotocol (authToken), not in the URL, so it stays out of access logs.
  socket = new Socket('/socket', { authToken: session.token });
  socket.onOpen(() => setConn('online', true));
  socket.onError(() => {
    setConn('reconnecting…', false);
    refreshBalance(); // answers 401 when the token is no longer good: then sign out instead of retrying forever
  });
  socket.onClose(() => setConn('offline', false));
  socket.connect();

  lobby = socket.channel('lobby', {});
  presence = new Presence(lobby);
  presence.onSync(renderPresence);
  lobby.on('tables', (p) => renderTables(p.tables));
  lobby
    .join()
    .receive('ok', (reply) => renderTables(reply.tables))
    .receive('error', (err) => flash(`The lobby refused us: ${err.message ?? err.reason}`, 'error'));
  refreshTimer = setInterval(() => {
    if (!$('lobby').hidden && lobby?.state === 'joined') lobby.push('tables', {}).receive('ok', (r) => renderTables(r.tables));
  }, 5000);

  // Live balance, where the server offers the player channel; /api/me keeps it right otherwise.
  playerChannel = socket.channel(`player:${session.player_id}`, {});
  playerChannel.on('balance', (p) => showBalance(p.balance));
  playerChannel.on('notice', (p) => flash(p.text));
  const pc = playerChannel;
  pc.join()
    .receive('ok', (r) => showBalance(r.balance))
    .receive('error', () => pc.leave());
}

function renderPresence() {
  const people = presence.list((id, { metas }) => ({ id, name: metas[0]?.name ?? id, devices: metas.length }));
  people.sort((a, b) => (a.id === session.player_id ? -1 : b.id === session.player_id ? 1 : a.name.localeCompare(b.name)));
  $('online-count').textContent = `(${people.length})`;
  $('presence').replaceChildren(
    ...people.map((p) =>
      h('li', { dataset: { playerId: p.id } }, p.name, p.id === session.player_id ? h('span', { class: 'muted' }, ' (you)') : null,
        p.devices > 1 ? h('span', { class: 'muted' }, ` · ${p.devices} devices`) : null),
    ),
  );
}

function renderGames() {
  $('games').replaceChildren(
    ...GAMES.map((g) => {
      const here = tables === null || tables.some((t) => t.game === g.id);
      return h('li', { class: 'game-card', dataset: { game: g.id } },
        h('strong', {}, g.name),
        h('span', { class: 'muted' }, here ? g.about : 'Not on this server yet'),
        h('button', { type: 'button', testid: `play-${g.id}`, disabled: !here, onclick: (e) => findTable(g.id, e.currentTarget) }, `Play ${g.name}`));
    }),
  );
}

function renderTables(list) {
  if (!Array.isArray(list)) return;
  tables = list;
  renderGames();
  $('tables').replaceChildren(
    ...list.map((t) =>
      h('tr', { dataset: { tableId: t.id } },
        h('td', {}, t.name, h('span', { class: 'muted' }, ` ${t.id}`)),
        h('td', {}, GAME_NAME[t.game] ?? t.game),
        h('td', {}, `${t.players} / ${t.seats}`),
        h('td', {}, `${fmt(t.min_bet)} – ${fmt(t.max_bet)}`),
        h('td', {}, h('button', { type: 'button', onclick: () => openTable(t.id) }, 'Join'))),
    ),
  );
}

function findTable(game, button) {
  button.disabled = true;
  flash('');
  const done = (message) => {
    button.disabled = false;
    if (message) flash(message, 'error');
  };
  lobby
    .push('find_table', { game })
    .receive('ok', ({ id }) => {
      done();
      openTable(id);
    })
    .receive('error', (err) => done(err.message ?? err.reason))
    .receive('timeout', () => done('The lobby did not answer in time; try again.'));
}

function showLobby() {
  $('lobby').hidden = false;
  $('table').hidden = true;
  if (location.hash) history.replaceState(null, '', location.pathname);
  if (lobby?.state === 'joined') lobby.push('tables', {}).receive('ok', (r) => renderTables(r.tables));
}

function onHash() {
  if (!session) return;
  const id = new URLSearchParams(location.hash.slice(1)).get('table');
  if (id && id !== table?.id) openTable(id);
  else if (!id && table) {
    leaveTable();
    showLobby();
  }
}

// ---- a table ------------------------------------------------------------------------

function openTable(id) {
  if (table?.id === id) return;
  leaveTable();
  flash('');
  const ch = socket.channel(`table:${id}`, {});
  const t = { id, ch, state: null, seq: 0, events: [], controls: null, deadline: null, timer: null };
  table = t;
  // A history entry per table: the browser's Back button returns to the lobby.
  if (new URLSearchParams(location.hash.slice(1)).get('table') !== id) history.pushState(null, '', `#table=${encodeURIComponent(id)}`);
  $('lobby').hidden = true;
  $('table').hidden = false;
  $('table-title').textContent = `Joining ${id}…`;
  $('table-info').textContent = '';
  $('seats').replaceChildren();
  $('game').replaceChildren();
  $('controls').replaceChildren();
  $('events').replaceChildren();
  $('chat').replaceChildren();
  tableError(null);

  ch.on('state', (s) => {
    if (table !== t) return;
    t.state = s;
    if (s.table.game === 'blackjack') snapshotBlackjack(t, s.game);
    renderTable();
  });
  ch.on('event', (e) => table === t && onEvent(e));
  ch.on('notice', (n) => table === t && logLine({ type: 'notice', text: n.text }));
  ch.on('chat', (c) => table === t && chatLine(c));
  ch.join()
    .receive('ok', (reply) => {
      if (table !== t) return;
      const missedFrom = t.seq;
      t.state = reply.state;
      if (Array.isArray(reply.chat)) $('chat').replaceChildren(...reply.chat.map(chatNode));
      // A rejoin after a reconnect: fetch what happened meanwhile, in order.
      if (missedFrom > 0 && (reply.seq ?? 0) > missedFrom) resume(t, missedFrom);
      t.seq = Math.max(t.seq, reply.seq ?? reply.state?.seq ?? 0);
      renderTable();
    })
    .receive('error', (err) => {
      if (table !== t) return;
      leaveTable();
      showLobby();
      flash(err.reason === 'not_found' ? `That table is gone (${id}). Pick another one.` : (err.message ?? err.reason), 'error');
    });
}

function leaveTable() {
  if (!table) return;
  clearInterval(table.timer);
  table.ch.leave();
  table = null;
}

function resume(t, since) {
  t.ch.push('resume', { since })
    .receive('ok', ({ events }) => events.forEach((e) => onEvent(e, true)))
    .receive('error', () => logLine({ type: 'notice', text: 'Some events were missed while offline; the table view is up to date.' }));
}

function onEvent(e, replayed = false) {
  const t = table;
  if (typeof e.seq === 'number') {
    if (e.seq <= t.seq && !replayed) return;
    t.seq = Math.max(t.seq, e.seq);
  }
  logLine(e);
  if (t.state?.table?.game === 'blackjack') trackBlackjack(t, e);
  if (e.type === 'betting_open' && typeof e.ms === 'number') {
    t.deadline = Date.now() + e.ms;
    clearInterval(t.timer);
    t.timer = setInterval(renderCountdown, 250);
    renderCountdown();
  }
  if (e.type === 'settled' || e.type === 'betting_closed') {
    t.deadline = null;
    renderCountdown();
  }
  if (e.type === 'settled' && t.state?.table?.game === 'holdem') t.holdemLast = { outcome: e.outcome, results: e.results };
  if (e.type === 'settled' && (e.results ?? []).some((r) => r.player_id === session.player_id)) {
    refreshBalance();
    loadRounds();
  }
  if (e.type === 'table_closed') {
    tableError({ message: 'The table has closed. Go back to the lobby to find another.' });
  }
}

function renderCountdown() {
  const el = document.querySelector('[data-testid="countdown"]');
  if (!el || !table) return;
  const left = table.deadline ? Math.max(0, Math.ceil((table.deadline - Date.now()) / 1000)) : null;
  el.textContent = left === null ? '' : left > 0 ? `Bets close in ${left} s` : 'No more bets';
  if (!table.deadline) clearInterval(table.timer);
}

function seatOfMe(state = table?.state) {
  return state?.seats?.find((s) => s.player_id === session.player_id)?.seat ?? null;
}

/** Names of players seen at tables, for lines about players who have since left. */
const knownNames = new Map();

function nameOf(playerId) {
  if (playerId === session.player_id) return 'You';
  if (knownNames.has(playerId)) return knownNames.get(playerId);
  const seat = table?.state?.seats?.find((s) => s.player_id === playerId);
  if (seat) return seat.name;
  const p = presence?.list((id, { metas }) => (id === playerId ? metas[0]?.name : null)).find(Boolean);
  return p ?? playerId;
}

function renderTable() {
  const s = table.state;
  if (!s) return;
  const tbl = s.table;
  const gameName = GAME_NAME[tbl.game] ?? tbl.game;
  const plainName = !tbl.name || tbl.name === gameName || tbl.name.toLowerCase() === tbl.game;
  $('table-title').textContent = plainName ? gameName : `${gameName} · ${tbl.name}`;
  for (const x of s.seats ?? []) knownNames.set(x.player_id, x.name);
  $('table-info').textContent = `Table ${tbl.id} · bets ${fmt(tbl.min_bet)} to ${fmt(tbl.max_bet)} · ${tbl.shared ? `shared, ${tbl.seats} seats` : 'just you'}`;
  renderSeats(s);
  const game = GAME_VIEWS[tbl.game] ?? genericGame;
  $('game').replaceChildren(game.view(s.game ?? {}, s));
  if (!table.controls || table.controls.game !== tbl.game) {
    table.controls = { game: tbl.game, ...game.controls(s) };
    $('controls').replaceChildren(table.controls.node);
  }
  table.controls.update?.(s);
  renderCountdown();
}

function renderSeats(s) {
  const mine = seatOfMe(s);
  if (!s.table.shared) {
    $('seats').replaceChildren(h('p', { class: 'muted' }, mine === null ? 'A table of your own: your first bet takes the seat.' : 'You are playing at this table.'));
    return;
  }
  const bySeat = new Map((s.seats ?? []).map((x) => [x.seat, x]));
  const items = [];
  for (let i = 0; i < s.table.seats; i++) {
    const who = bySeat.get(i);
    items.push(h('li', { class: `seat${who ? ' taken' : ''}${who?.player_id === session.player_id ? ' mine' : ''}`, dataset: { seat: i } },
      h('span', { class: 'seat-no' }, `Seat ${i + 1}`),
      who ? h('span', {}, who.player_id === session.player_id ? `${who.name} (you)` : who.name) : h('span', { class: 'muted' }, 'free')));
  }
  $('seats').replaceChildren(
    h('ul', { class: 'seat-list' }, items),
    mine === null
      ? h('div', { class: 'control-form' }, s.table.game === 'holdem' ? buyInField() : null,
          h('button', { type: 'button', class: 'primary', testid: 'sit', onclick: sit }, 'Take a seat'))
      : h('button', { type: 'button', testid: 'leave-seat', onclick: leaveSeat }, s.table.game === 'holdem' ? 'Leave my seat and cash out' : 'Leave my seat'),
  );
}

/** Pushes and resolves with the ok reply, or null after showing the error plainly. */
function push(event, payload, { retries = 0 } = {}) {
  const ch = table.ch;
  tableError(null);
  return new Promise((resolve) => {
    const attempt = (left) =>
      ch.push(event, payload)
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

async function act(action, fields = {}) {
  const buttons = [...$('controls').querySelectorAll('button')];
  buttons.forEach((b) => b.classList.add('working'));
  try {
    const reply = await push('act', { action, ...fields, key: newKey() }, { retries: 2 });
    if (reply && 'balance' in reply) showBalance(reply.balance);
    return reply;
  } finally {
    buttons.forEach((b) => b.classList.remove('working'));
  }
}

/** Poker: chips to take to the table; blank takes the table's usual buy-in. */
function buyInField() {
  const input = h('input', { type: 'number', inputmode: 'numeric', min: 1, id: 'buy-in', testid: 'buy-in', placeholder: 'table default' });
  return h('label', { class: 'field', for: 'buy-in' }, 'Buy-in', input);
}

function sit() {
  const buyIn = Number($('buy-in')?.value || 0);
  return push('sit', buyIn > 0 ? { buy_in: buyIn } : {});
}
const leaveSeat = () => push('leave_seat', {});

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

// ---- the events log ---------------------------------------------------------------------

function describe(e) {
  const who = e.player_id ? nameOf(e.player_id) : null;
  switch (e.type) {
    case 'round_opened':
      return `New round ${e.round_id} (server seed hash ${String(e.server_seed_hash ?? '').slice(0, 12)}…)`;
    case 'settled': {
      const res = (e.results ?? []).map((r) => `${nameOf(r.player_id)} staked ${fmt(r.staked)}, got back ${fmt(r.won)}`).join('; ');
      return `Round settled — ${outcomeText(table?.state?.table?.game, e.outcome)}. ${res}`;
    }
    case 'spin':
      return `${who} spun ${fmt(e.bet)}: ${e.win > 0 ? `won ${fmt(e.win)}` : 'no win'}${e.free_spins ? `, ${e.free_spins} free spins` : ''}`;
    case 'seated':
      return `${who ?? e.name} sat at seat ${e.seat + 1}`;
    case 'left_seat':
      return `${who ?? 'A player'} left seat ${e.seat + 1}`;
    case 'bets_placed':
      return `${who ?? `Seat ${e.seat + 1}`} bet ${(e.bets ?? []).map(betText).join(', ')}`;
    case 'bet_placed':
      return `${who ?? `Seat ${e.seat + 1}`} bet ${fmt(e.amount)}`;
    case 'betting_open':
      return `Bets are open for ${Math.round(e.ms / 1000)} s`;
    case 'betting_closed':
      return 'No more bets';
    case 'spun':
      return `The ball lands on ${e.number} ${colourOf(e.number)}`;
    case 'dealt':
      return `Cards dealt: ${(e.seats ?? []).map((x) => `${seatName(x.seat)} ${cardsPlain(x.cards)}`).join('; ')}; the dealer shows ${cardsPlain([e.dealer_up])}`;
    case 'card':
      return `${seatName(e.seat)} draws ${cardsPlain([e.card])} (total ${e.total})`;
    case 'turn':
      return `${seatName(e.seat)} to play${e.hand > 0 ? ` hand ${e.hand + 1}` : ''}`;
    case 'stood':
    case 'busted':
    case 'surrendered':
      return `${seatName(e.seat)} ${e.type}`;
    case 'doubled':
      return `${seatName(e.seat)} doubles to ${fmt(e.stake)}`;
    case 'split':
      return `${seatName(e.seat)} splits`;
    case 'timed_out':
      return `${seatName(e.seat)} ran out of time and stands`;
    case 'insurance_offered':
      return 'The dealer shows an ace: insurance is offered';
    case 'insurance':
      return `${seatName(e.seat)} takes insurance for ${fmt(e.amount)}`;
    case 'peeked':
      return e.blackjack ? 'The dealer has blackjack' : 'The dealer checks: no blackjack';
    case 'dealer_revealed':
      return `The dealer turns over: ${cardsPlain(e.cards)} (total ${e.total})`;
    case 'dealer_card':
      return `The dealer draws ${cardsPlain([e.card])} (total ${e.total})`;
    case 'bought_in':
      return e.player_id === session.player_id ? `You buy in: ${fmt(e.stack)} in chips` : `${nameOf(e.player_id)} buys in: ${fmt(e.stack)} in chips`;
    case 'hand_started':
      return `New hand: blinds ${fmt(e.small_blind)}/${fmt(e.big_blind)}${e.ante ? `, ante ${fmt(e.ante)}` : ''}; the button is at ${seatName(e.button)}`;
    case 'blinds_posted':
      return (e.posts ?? []).map((p) => `${seatName(p.seat)} posts ${p.kind.replace('_', ' ')} ${fmt(p.amount)}`).join('; ');
    case 'action': {
      const what = { fold: 'folds', check: 'checks', call: `calls ${fmt(e.amount)}`, bet: `bets ${fmt(e.to)}`, raise: `raises to ${fmt(e.to)}`, all_in: `is all in (${fmt(e.to)})` }[e.action] ?? e.action;
      return `${seatName(e.seat)} ${what}${e.timeout ? ' (out of time)' : ''}`;
    }
    case 'bet_returned':
      return `${fmt(e.amount)} uncalled goes back to ${seatName(e.seat)}`;
    case 'street':
      return `${STREET[e.street] ?? e.street}: ${cardsPlain(e.cards)} — the board is ${cardsPlain(e.board)}`;
    case 'pots':
      return `Pot${e.pots.length > 1 ? 's' : ''}: ${e.pots.map((p) => fmt(p.amount)).join(' + ')}`;
    case 'showdown':
      return `Showdown: ${(e.hands ?? []).map((x) => (x.mucked ? `${seatName(x.seat)} mucks` : `${seatName(x.seat)} ${cardsPlain(x.cards)} (${x.description})`)).join('; ')}`;
    case 'pot_awarded':
      return `${e.pot === 0 ? 'The pot' : `Side pot ${e.pot}`} of ${fmt(e.amount)} goes to ${(e.winners ?? []).map((w) => `${seatName(w.seat)} (${fmt(w.amount)})`).join(' and ')}`;
    case 'shuffled':
      return `A fresh shoe of ${e.cards} cards is shuffled`;
    case 'table_restarted':
      return 'The table restarted; any interrupted round was resolved from its journal.';
    case 'table_closed':
      return 'The table closed.';
    case 'notice':
      return e.text;
    default: {
      const { seq, type, ...rest } = e;
      const body = JSON.stringify(rest);
      return `${type.replaceAll('_', ' ')}${body === '{}' ? '' : ` ${body.length > 160 ? `${body.slice(0, 160)}…` : body}`}`;
    }
  }
}

/** "You" for the viewer's seat, else the seated player's name, else "Seat n". */
function seatName(seat) {
  const who = table?.state?.seats?.find((x) => x.seat === seat);
  if (!who) return `Seat ${seat + 1}`;
  return who.player_id === session.player_id ? 'You' : who.name;
}

function logLine(e) {
  const li = h('li', { class: `ev ev-${e.type}`, dataset: { type: e.type, seq: e.seq ?? '' } },
    typeof e.seq === 'number' ? h('span', { class: 'seq' }, `#${e.seq}`) : null, describe(e));
  const list = $('events');
  list.prepend(li);
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

// ---- table chat -------------------------------------------------------------------------------

function chatNode(c) {
  return h('li', { dataset: { playerId: c.player_id } },
    h('span', { class: 'muted' }, `${time(c.at)} `), h('strong', {}, c.player_id === session.player_id ? 'You' : c.name), `: ${c.text}`);
}

function chatLine(c) {
  const list = $('chat');
  list.append(chatNode(c));
  while (list.children.length > MAX_EVENTS) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

async function onChat(ev) {
  ev.preventDefault();
  const input = $('chat-text');
  if (!table || !input.value.trim()) return;
  const ok = await push('chat', { text: input.value });
  if (ok) input.value = '';
}

// ---- last rounds (game recall) ----------------------------------------------------------------

// Recall rows are snake_case (docs/protocol.md); the camelCase names of early servers are read too.
const pick = (r, camel, snake) => r[camel] ?? r[snake];

async function loadRounds() {
  try {
    const { rounds } = await api('/api/rounds?limit=10');
    renderRounds(rounds ?? []);
  } catch (err) {
    if (err.status === 401) expired();
  }
}

function renderRounds(rounds) {
  $('rounds-empty').hidden = rounds.length > 0;
  $('rounds').replaceChildren(
    ...rounds.map((r) => {
      const id = pick(r, 'roundId', 'round_id');
      const stake = pick(r, 'stake', 'stake');
      const payout = pick(r, 'payout', 'payout');
      const open = r.status !== 'settled';
      return h('tr', { dataset: { roundId: id, game: r.game, stake, payout: payout ?? '' }, title: `Round ${id} on ${pick(r, 'tableId', 'table_id')}` },
        h('td', {}, time(pick(r, 'settledAt', 'settled_at') ?? pick(r, 'openedAt', 'opened_at'))),
        h('td', {}, GAME_NAME[r.game] ?? r.game,
          h('span', { class: 'outcome' }, open ? (r.status === 'open' ? 'in play' : r.status) : outcomeText(r.game, r.outcome))),
        h('td', { class: 'num' }, fmt(stake)),
        h('td', { class: 'num' }, open ? '…' : fmt(payout)),
        h('td', { class: `num ${open ? '' : payout > stake ? 'up' : payout < stake ? 'down' : ''}` }, open ? '' : signed(payout - stake)));
    }),
  );
}

function outcomeText(game, o) {
  if (!o || typeof o !== 'object') return 'done';
  switch (game) {
    case 'slots':
      return o.win > 0 ? `won ${fmt(o.win)}${o.free_spins ? ` with ${o.free_spins} free spins` : ''}` : 'no win';
    case 'roulette':
      return `${o.number} ${colourOf(o.number)}`;
    case 'baccarat':
      if (o.winner === 'tie') return `tie at ${o.player}`;
      return o.winner === 'player' ? `player wins ${o.player}–${o.banker}` : `banker wins ${o.banker}–${o.player}`;
    case 'blackjack':
      return `dealer ${o.blackjack ? 'blackjack' : o.total > 21 ? `busts with ${o.total}` : `has ${o.total}`}`;
    case 'holdem':
      return o.board?.length ? `board ${cardsPlain(o.board)}` : 'ended before the flop';
    default:
      return JSON.stringify(o).slice(0, 60);
  }
}

// ---- games --------------------------------------------------------------------------------

function numberInput(testid, label, value, { min = 1, step = 1 } = {}) {
  const input = h('input', { type: 'number', inputmode: 'numeric', min, step, value, testid, id: testid, required: true });
  return { input, node: h('label', { class: 'field', for: testid }, label, input) };
}
const amountOf = (input) => Number(input.value);

function buttonRow(...buttons) {
  return h('div', { class: 'button-row' }, buttons);
}

// Slots -------------------------------------------------------------------------------------

const SYMBOL_LABEL = { W: 'WILD', S: 'SCATTER', T: '10' };

function slotsView(g) {
  const m = g.machine ?? { rows: 3, reels: 5, paylines: [], name: 'Slot machine' };
  const last = g.last;
  const window = last?.window;
  const lit = new Set();
  for (const w of last?.wins ?? []) {
    if (w.kind === 'line' && m.paylines?.[w.line]) {
      for (let reel = 0; reel < w.count; reel++) lit.add(`${reel}:${m.paylines[w.line][reel]}`);
    } else if (w.kind === 'scatter' && window) {
      window.forEach((col, reel) => col.forEach((sym, row) => sym === w.symbol && lit.add(`${reel}:${row}`)));
    }
  }
  const cells = [];
  for (let row = 0; row < m.rows; row++) {
    for (let reel = 0; reel < m.reels; reel++) {
      const sym = window?.[reel]?.[row];
      cells.push(h('div', { class: `reel-cell${lit.has(`${reel}:${row}`) ? ' lit' : ''}${sym === undefined ? ' blank' : ''}`, role: 'gridcell' },
        sym === undefined ? '·' : (SYMBOL_LABEL[sym] ?? sym)));
    }
  }
  const grid = h('div', { class: 'slot-window', role: 'grid', testid: 'slot-window',
    'aria-label': window ? `Reels: ${window.map((c) => c.join(' ')).join(' | ')}` : 'Reels not spun yet' }, cells);
  grid.style.setProperty('--reels', String(m.reels)); // CSSOM, not a style attribute: allowed by the page's CSP
  const result = last
    ? h('div', { class: 'result', testid: 'slot-result', dataset: { win: last.win } },
        h('p', { class: `headline${last.win > 0 ? ' good' : ''}` }, last.win > 0 ? `You win ${fmt(last.win)}` : 'No win this time'),
        last.wins?.length
          ? h('ul', { class: 'wins' }, last.wins.map((w) => h('li', {}, w.kind === 'line'
              ? `Line ${w.line + 1}: ${w.count} × ${SYMBOL_LABEL[w.symbol] ?? w.symbol} pays ${fmt(w.amount)}`
              : `${w.count} scatters pay ${fmt(w.amount)}`)))
          : null,
        last.free_spins ? h('p', {}, `Free spins played: ${last.free_spins} (their wins are included)`) : null)
    : h('p', { class: 'muted', testid: 'slot-result' }, 'Choose a bet and spin.');
  return h('div', { class: 'slots' }, h('p', { class: 'muted' }, `${m.name} · ${m.paylines?.length ?? '?'} lines`), grid, result);
}

function slotsControls(s) {
  const lines = s.game?.machine?.paylines?.length || 1;
  const min = Math.ceil(s.table.min_bet / lines) * lines;
  const bet = numberInput('bet-amount', 'Total bet', Math.max(min, Math.min(5 * lines, s.table.max_bet)), { min, step: lines });
  const spin = h('button', { type: 'submit', class: 'primary', testid: 'spin' }, 'Spin');
  const form = h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); act('spin', { bet: amountOf(bet.input) }); } },
    bet.node, spin, h('span', { class: 'muted' }, `in steps of ${lines} (one per line)`));
  return { node: form, update: (st) => (spin.disabled = !!st.game?.spinning) };
}

// Roulette ----------------------------------------------------------------------------------

const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
const colourOf = (n) => (typeof n !== 'number' ? '' : n === 0 ? 'green' : RED.has(n) ? 'red' : 'black');
const ROULETTE_TYPES = [
  ['red', 'Red', 0], ['black', 'Black', 0], ['odd', 'Odd', 0], ['even', 'Even', 0], ['low', 'Low 1–18', 0], ['high', 'High 19–36', 0],
  ['dozen', 'Dozen (1, 2 or 3)', 1], ['column', 'Column (1, 2 or 3)', 1], ['straight', 'Straight (one number)', 1],
  ['split', 'Split (2 numbers)', 2], ['street', 'Street (3 numbers)', 3], ['corner', 'Corner (4 numbers)', 4], ['six_line', 'Six line (6 numbers)', 6],
];

function betText(b) {
  if (b.on) return `${fmt(b.amount)} on ${b.on.replace('_', ' ')}`;
  // Inside bets name their numbers; red, dozen and the other outside bets speak for themselves.
  const inside = ['straight', 'split', 'street', 'corner', 'six_line'].includes(b.type);
  const nums = inside && b.covers ? ` ${b.covers.join('-')}` : '';
  return `${fmt(b.amount)} on ${b.type.replace('_', ' ')}${nums}`;
}

function roulettePocket(n, big = false) {
  return h('span', { class: `pocket ${colourOf(n)}${big ? ' big' : ''}`, testid: big ? 'roulette-number' : undefined }, String(n));
}

function bettingStatus(g, s) {
  return h('p', { class: 'status', testid: 'phase' },
    g.phase !== 'betting' ? 'Place a bet to start the round.' : s.table.shared ? 'Betting is open.' : 'Your bets are in: add more, or spin.', ' ',
    s.table.shared ? h('strong', { testid: 'countdown' }) : null);
}

function myStake(g) {
  const mine = g.staked?.[session.player_id];
  return mine ? h('p', {}, `Your bets this round: ${fmt(mine)}`) : null;
}

function lastPayout(g) {
  if (!g.last?.payouts || !(session.player_id in g.last.payouts)) return null;
  const won = g.last.payouts[session.player_id];
  return h('p', { class: `headline${won > 0 ? ' good' : ''}`, testid: 'last-payout' }, won > 0 ? `You got back ${fmt(won)}` : 'Your bets lost');
}

function rouletteView(g, s) {
  const e = g.engine ?? {};
  return h('div', { class: 'roulette' },
    bettingStatus(g, s),
    h('div', { class: 'last-number' }, 'Last number: ', typeof g.last?.number === 'number' ? roulettePocket(g.last.number, true) : h('span', { class: 'muted' }, 'none yet')),
    lastPayout(g),
    e.bets?.length ? h('div', {}, h('h4', {}, 'On the table'), h('ul', { class: 'bets', testid: 'bets' }, e.bets.map((b) => h('li', {}, `Seat ${b.seat + 1}: ${betText(b)}`)))) : null,
    myStake(g));
}

function rouletteControls(s) {
  const type = h('select', { id: 'bet-type', testid: 'bet-type' }, ROULETTE_TYPES.map(([v, label]) => h('option', { value: v }, label)));
  const numbers = h('input', { id: 'bet-numbers', testid: 'bet-numbers', placeholder: 'e.g. 17 or 1, 2', size: 14 });
  const numbersField = h('label', { class: 'field', for: 'bet-numbers' }, 'Numbers', numbers);
  const syncNumbers = () => (numbersField.hidden = ROULETTE_TYPES.find(([v]) => v === type.value)[2] === 0);
  type.addEventListener('change', syncNumbers);
  syncNumbers();
  const amount = numberInput('bet-amount', 'Amount', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  const spin = h('button', { type: 'button', class: 'primary', testid: 'spin', onclick: () => act('spin') }, 'Spin the wheel');
  const place = () => {
    const bet = { type: type.value, amount: amountOf(amount.input) };
    if (!numbersField.hidden) bet.numbers = numbers.value.split(/[\s,]+/).filter(Boolean).map(Number);
    act('bet', { bets: [bet] });
  };
  const form = h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); place(); } },
    h('label', { class: 'field', for: 'bet-type' }, 'Bet', type), numbersField, amount.node,
    h('button', { type: 'submit', testid: 'place-bet' }, 'Place bet'), s.table.shared ? null : spin);
  return { node: form, update: (st) => (spin.disabled = st.game?.phase !== 'betting') };
}

// Baccarat ----------------------------------------------------------------------------------

const BACCARAT_SIDES = [['player', 'Player'], ['banker', 'Banker'], ['tie', 'Tie'], ['player_pair', 'Player pair'], ['banker_pair', 'Banker pair']];

function baccaratView(g, s) {
  const e = g.engine ?? {};
  const o = g.last;
  return h('div', { class: 'baccarat' },
    bettingStatus(g, s),
    o ? h('div', { class: 'coup', testid: 'coup' },
        h('p', {}, h('strong', {}, 'Player '), cardsNode(o.player_cards, 'player-cards'), ` = ${o.player}`),
        h('p', {}, h('strong', {}, 'Banker '), cardsNode(o.banker_cards, 'banker-cards'), ` = ${o.banker}`),
        h('p', { class: 'headline' }, o.winner === 'tie' ? 'Tie' : `${o.winner === 'player' ? 'Player' : 'Banker'} wins`))
      : h('p', { class: 'muted' }, 'No coup dealt yet.'),
    lastPayout(g),
    e.bets?.length ? h('div', {}, h('h4', {}, 'On the table'), h('ul', { class: 'bets', testid: 'bets' }, e.bets.map((b) => h('li', {}, `Seat ${b.seat + 1}: ${betText(b)}`)))) : null,
    myStake(g));
}

function baccaratControls(s) {
  const amount = numberInput('bet-amount', 'Amount', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  return {
    node: h('div', { class: 'control-form' }, amount.node,
      buttonRow(BACCARAT_SIDES.map(([on, label]) =>
        h('button', { type: 'button', testid: `bet-${on}`, onclick: () => act('bet', { bets: [{ on, amount: amountOf(amount.input) }] }) }, `Bet ${label}`)))),
  };
}

// Blackjack ---------------------------------------------------------------------------------
// The engine's view (src/games/blackjack/view.ts): {tag, bets, seats[{seat, bet, hands[{cards, total, ...}]}],
// dealer (hole card null), dealer_total, turn, legal, results}; an adapter may wrap it as {engine}.

const BJ_MOVES = [['hit', 'Hit'], ['stand', 'Stand'], ['double', 'Double'], ['split', 'Split'], ['surrender', 'Surrender']];

// The table's view goes back to betting the moment a round settles, so the page keeps the
// last round itself: the last state with hands, moved on by the events that followed it.
function snapshotBlackjack(t, v) {
  if (!v?.seats) return;
  t.bjRound = structuredClone({ seats: v.seats, dealer: v.dealer ?? [], dealer_total: v.dealer_total ?? null });
}

function trackBlackjack(t, e) {
  if (e.type === 'dealt') {
    t.bjRound = { seats: (e.seats ?? []).map((x) => ({ seat: x.seat, hands: [{ cards: [...x.cards], total: null }] })), dealer: [e.dealer_up, null], dealer_total: null };
    return;
  }
  const r = t.bjRound;
  if (!r) return;
  const hand = (e.seat !== undefined && r.seats.find((x) => x.seat === e.seat)?.hands?.[e.hand ?? 0]) || null;
  switch (e.type) {
    case 'card':
      if (hand) {
        hand.cards.push(e.card);
        hand.total = e.total;
      }
      break;
    case 'doubled':
      if (hand) Object.assign(hand, { doubled: true, stake: e.stake });
      break;
    case 'surrendered':
      if (hand) hand.surrendered = true;
      break;
    case 'dealer_revealed':
      Object.assign(r, { dealer: [...e.cards], dealer_total: e.total });
      break;
    case 'dealer_card':
      r.dealer.push(e.card);
      r.dealer_total = e.total;
      break;
    case 'settled':
      Object.assign(r, { dealer: e.outcome?.dealer ?? r.dealer, dealer_total: e.outcome?.total ?? r.dealer_total, results: e.results, blackjack: e.outcome?.blackjack });
      t.bjLast = r;
      t.bjRound = null;
      break;
  }
}

function blackjackPhase(v, mine) {
  switch (v.tag) {
    case 'betting':
      return mine === null ? 'Take a seat, then bet.' : 'Place your bet.';
    case 'insurance':
      return 'The dealer shows an ace: take insurance or not?';
    case 'playing':
      return v.turn ? `${seatName(v.turn.seat)} to play${v.turn.seat === mine ? ' — your turn' : ''}.` : 'Playing.';
    case 'settled':
      return 'Round over.';
    default:
      return v.tag ?? '';
  }
}

function blackjackView(g, s) {
  const v = g.seats || !table.bjLast ? (g.engine ?? g) : { ...table.bjLast, tag: 'settled', bets: g.bets, last: true };
  const seats = v.seats ?? [];
  const names = new Map((s.seats ?? []).map((x) => [x.seat, x.name]));
  const mine = seatOfMe(s);
  return h('div', { class: 'blackjack' },
    h('p', { class: 'status', testid: 'phase' }, v.last ? 'Last round — bet to play the next one.' : blackjackPhase(v, mine), ' ', h('strong', { testid: 'countdown' })),
    h('div', { class: 'hand dealer' }, h('strong', {}, 'Dealer '), cardsNode(v.dealer, 'dealer-cards'), typeof v.dealer_total === 'number' ? ` = ${v.dealer_total}` : ''),
    seats.map((seat) => h('div', { class: `hand${seat.seat === mine ? ' mine' : ''}`, dataset: { seat: seat.seat } },
      h('strong', {}, `${names.get(seat.seat) ?? `Seat ${seat.seat + 1}`}${seat.seat === mine ? ' (you)' : ''} `),
      (seat.hands ?? []).map((hand, i) => h('span', { class: `one-hand${v.turn?.seat === seat.seat && v.turn?.hand === i ? ' turn' : ''}`, testid: seat.seat === mine ? `my-hand-${i}` : undefined },
        cardsNode(hand.cards), typeof hand.total === 'number' ? ` = ${hand.total}` : '', hand.stake ? ` · bet ${fmt(hand.stake)}` : '', hand.doubled ? ' · doubled' : '', hand.surrendered ? ' · surrendered' : '')))),
    v.results ? h('ul', { class: 'results plain', testid: 'bj-results' }, v.results.map((r) => {
      const mineResult = r.player_id ? r.player_id === session.player_id : r.seat === mine;
      return h('li', { class: mineResult ? 'headline' : '', dataset: { won: r.won, staked: r.staked } },
        mineResult ? `You staked ${fmt(r.staked)} and got back ${fmt(r.won)}` : `${r.player_id ? nameOf(r.player_id) : seatName(r.seat)}: staked ${fmt(r.staked)}, got back ${fmt(r.won)}`);
    })) : null,
    (v.bets ?? []).length ? h('ul', { class: 'bets' }, v.bets.map((b) => h('li', {}, `${names.get(b.seat) ?? `Seat ${b.seat + 1}`} bets ${fmt(b.amount)}`))) : null);
}

function blackjackControls(s) {
  const amount = numberInput('bet-amount', 'Bet', Math.max(s.table.min_bet, 100), { min: s.table.min_bet });
  const bet = h('button', { type: 'submit', class: 'primary', testid: 'bet' }, 'Bet');
  const moves = BJ_MOVES.map(([a, label]) => h('button', { type: 'button', testid: a, dataset: { move: a }, onclick: () => act(a) }, label));
  const insurance = h('button', { type: 'button', testid: 'insurance', onclick: () => act('insurance') }, 'Insurance');
  const noInsurance = h('button', { type: 'button', testid: 'no-insurance', onclick: () => act('no_insurance') }, 'No insurance');
  const node = h('div', {},
    h('form', { class: 'control-form', onsubmit: (e) => { e.preventDefault(); act('bet', { amount: amountOf(amount.input) }); } }, amount.node, bet),
    buttonRow(moves, insurance, noInsurance));
  const update = (st) => {
    const v = st.game?.engine ?? st.game ?? {};
    const mine = seatOfMe(st);
    const myTurn = v.tag === 'playing' && (!v.turn || v.turn.seat === mine);
    bet.disabled = v.tag !== undefined && v.tag !== 'betting' && v.tag !== 'settled';
    for (const b of moves) b.disabled = !myTurn || (Array.isArray(v.legal) && !v.legal.includes(b.dataset.move));
    insurance.disabled = noInsurance.disabled = v.tag !== 'insurance';
  };
  return { node, update };
}

// Hold'em -----------------------------------------------------------------------------------
// The adapter's view (src/casino/adapters/holdem.ts): {stacks: {player_id: chips}, button, dealing, hand}, where hand
// is the engine's view (src/games/holdem/view.ts) or null between hands: {street, board, pots, seats[{seat,
// player_id, stack, committed, status, cards}], to_act, current_bet, legal{canFold, canCheck, canCall, callAmount,
// canBet, canRaise, minRaiseTo, maxRaiseTo}, result}. A finished hand leaves the view at once, so the page keeps
// the last one from its `settled` event.

const STREET = { preflop: 'Pre-flop', flop: 'Flop', turn: 'Turn', river: 'River', complete: 'Hand over' };

function holdemView(g, s) {
  const v = g.hand;
  const mine = seatOfMe(s);
  const stacks = g.stacks ?? {};
  const myChips = stacks[session.player_id];
  const parts = [];
  if (v) {
    parts.push(h('p', { class: 'status', testid: 'phase' }, `${STREET[v.street] ?? v.street}`,
      v.to_act !== null && v.to_act !== undefined ? ` · ${seatName(v.to_act)} to act${v.to_act === mine ? ' — your turn' : ''}` : '',
      v.current_bet ? ` · bet to call ${fmt(v.current_bet)}` : ''));
    parts.push(h('p', {}, h('strong', {}, 'Board '), cardsNode(v.board, 'board'),
      (v.pots ?? []).length ? ` · pot ${v.pots.map((p) => fmt(p.amount)).join(' + ')}` : ''));
    parts.push(h('ul', { class: 'seat-list' }, (v.seats ?? []).map((p) => h('li', {
      class: `seat taken${p.seat === mine ? ' mine' : ''}${v.to_act === p.seat ? ' turn' : ''}`, testid: p.seat === mine ? 'my-seat' : undefined },
      h('span', { class: 'seat-no' }, `${seatName(p.seat)}${p.seat === v.button ? ' · dealer button' : ''}`),
      cardsNode(p.cards ?? [null, null], p.seat === mine ? 'my-cards' : undefined),
      h('span', {}, `stack ${fmt(p.stack)}${p.committed ? ` · in ${fmt(p.committed)}` : ''}${p.status && p.status !== 'active' ? ` · ${p.status.replace('_', ' ')}` : ''}`)))));
  } else {
    const withChips = (s.seats ?? []).filter((x) => (stacks[x.player_id] ?? 0) > 0).length;
    parts.push(h('p', { class: 'status', testid: 'phase' }, g.dealing ? 'Dealing…' : withChips >= 2 ? 'The next hand starts in a moment.' : 'Waiting for a second player to sit down.'));
    const last = table.holdemLast;
    if (last) {
      const o = last.outcome ?? {};
      parts.push(h('div', { testid: 'last-hand' }, h('h4', {}, 'Last hand'),
        o.board?.length ? h('p', {}, h('strong', {}, 'Board '), cardsNode(o.board, 'board')) : h('p', {}, 'The hand ended before the flop.'),
        (o.shown ?? []).map((x) => h('p', {}, `${seatName(x.seat)}: `, cardsNode(x.cards), ` ${x.description ?? ''}`)),
        h('ul', { class: 'results plain' }, (last.results ?? []).map((r) => h('li', { class: r.player_id === session.player_id ? 'headline' : '' },
          `${nameOf(r.player_id)} put in ${fmt(r.staked)} and took ${fmt(r.won)}`)))));
    }
  }
  if (typeof myChips === 'number') parts.push(h('p', { testid: 'my-chips' }, `Your chips at this table: ${fmt(myChips)}`));
  return h('div', { class: 'holdem' }, parts);
}

function holdemControls(s) {
  const amount = numberInput('bet-amount', 'Amount (bet or raise to)', Math.max(s.table.min_bet, 100), { min: 1 });
  const mk = (action, label, withAmount) => h('button', { type: 'button', testid: action, dataset: { action }, onclick: () => act(action, withAmount ? { amount: amountOf(amount.input) } : {}) }, label);
  const buttons = { fold: mk('fold', 'Fold'), check: mk('check', 'Check'), call: mk('call', 'Call'), bet: mk('bet', 'Bet', true), raise: mk('raise', 'Raise', true), all_in: mk('all_in', 'All in') };
  const update = (st) => {
    const l = st.game?.hand?.legal ?? null;
    const can = { fold: l?.canFold, check: l?.canCheck, call: l?.canCall, bet: l?.canBet, raise: l?.canRaise, all_in: !!l };
    for (const [k, b] of Object.entries(buttons)) b.disabled = !l || !can[k];
    buttons.call.textContent = l?.canCall ? `Call ${fmt(l.callAmount)}` : 'Call';
    if (l && (l.canBet || l.canRaise)) {
      amount.input.min = l.minRaiseTo;
      amount.input.max = l.maxRaiseTo;
      if (amountOf(amount.input) < l.minRaiseTo || amountOf(amount.input) > l.maxRaiseTo) amount.input.value = l.minRaiseTo;
    }
  };
  return { node: h('div', { class: 'control-form' }, amount.node, buttonRow(Object.values(buttons))), update };
}

// Any other game: its state as it comes, so a new adapter is visible before the page knows it.

const genericGame = {
  view: (g) => h('details', { open: true, class: 'raw' }, h('summary', {}, 'Game state'), h('pre', { testid: 'raw-state' }, JSON.stringify(g, null, 2))),
  controls: () => ({ node: h('p', { class: 'muted' }, 'This page has no controls for this game yet.') }),
};

const GAME_VIEWS = {
  slots: { view: slotsView, controls: slotsControls },
  roulette: { view: rouletteView, controls: rouletteControls },
  baccarat: { view: baccaratView, controls: baccaratControls },
  blackjack: { view: blackjackView, controls: blackjackControls },
  holdem: { view: holdemView, controls: holdemControls },
};

boot();
