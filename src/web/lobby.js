// The lobby: who is online (Presence), the games, and the open tables. The join reply
// lists the first page of tables; from then on the server pushes `tables_changed`
// ({changed: [row], removed: [id]}) whenever the listing moves, and the page applies it —
// no polling. A rejoin (after a reconnect) lists afresh.
import { Presence } from '/vendor/phoenix.mjs';
import { $, h, flash } from './dom.js';
import { fmt } from './money.js';
import { GAMES, gameName } from './games/catalog.js';

/** The lobby as the page holds it: the channel, presence, and the listing (rows by id). */
export function createLobby() {
  return { channel: null, presence: null, rows: null, next: null };
}

export function joinLobby(app) {
  const lobby = app.lobby;
  const ch = app.socket.channel('lobby', {});
  lobby.channel = ch;
  lobby.presence = new Presence(ch);
  lobby.presence.onSync(() => lobby.channel === ch && renderPresence(lobby, app.session.player_id));
  ch.on('tables_changed', (diff) => {
    if (lobby.channel === ch && applyChanges(lobby, diff)) renderTables(app);
  });
  ch.join()
    .receive('ok', (reply) => {
      if (lobby.channel !== ch || !Array.isArray(reply.tables)) return;
      lobby.rows = new Map(reply.tables.map((t) => [t.id, t]));
      lobby.next = reply.next ?? null;
      renderTables(app);
    })
    .receive('error', (err) => flash(`The lobby refused us: ${err.message ?? err.reason}`, 'error'));
}

/** Forgets the lobby (sign out): nothing of this player stays on screen for the next one. */
export function resetLobby(app) {
  Object.assign(app.lobby, createLobby());
  for (const id of ['presence', 'tables']) $(id).replaceChildren();
  $('online-count').textContent = '';
  renderGames(app);
}

/**
 * Applies a `tables_changed` push; true when the listing moved. Rows the page lists are
 * updated or dropped; a new table is added when it falls within the pages the page has
 * (before `next`, or anywhere once the listing is complete) — ids in code-unit order.
 */
function applyChanges(lobby, diff) {
  if (lobby.rows === null) return false; // the join reply is still to come, and it is newer
  let moved = false;
  for (const id of Array.isArray(diff?.removed) ? diff.removed : []) moved = lobby.rows.delete(id) || moved;
  for (const row of Array.isArray(diff?.changed) ? diff.changed : []) {
    if (typeof row?.id !== 'string') continue;
    if (!lobby.rows.has(row.id) && lobby.next !== null && !(row.id < lobby.next)) continue;
    lobby.rows.set(row.id, row);
    moved = true;
  }
  return moved;
}

function renderPresence(lobby, me) {
  const people = lobby.presence.list((id, { metas }) => ({ id, name: metas[0]?.name ?? id, devices: metas.length }));
  people.sort((a, b) => (a.id === me ? -1 : b.id === me ? 1 : a.name.localeCompare(b.name)));
  $('online-count').textContent = `(${people.length})`;
  $('presence').replaceChildren(
    ...people.map((p) =>
      h('li', { dataset: { playerId: p.id } }, p.name, p.id === me ? h('span', { class: 'muted' }, ' (you)') : null,
        p.devices > 1 ? h('span', { class: 'muted' }, ` · ${p.devices} devices`) : null),
    ),
  );
}

/** The game cards; a game without any table on this server says so (before the listing: all enabled). */
export function renderGames(app) {
  const rows = app.lobby.rows;
  $('games').replaceChildren(
    ...GAMES.map((g) => {
      const here = rows === null || [...rows.values()].some((t) => t.game === g.id);
      return h('li', { class: 'game-card', dataset: { game: g.id } },
        h('strong', {}, g.name),
        h('span', { class: 'muted' }, here ? g.about : 'Not on this server yet'),
        h('button', { type: 'button', testid: `play-${g.id}`, disabled: !here, onclick: (e) => findTable(app, g.id, e.currentTarget) }, `Play ${g.name}`));
    }),
  );
}

function renderTables(app) {
  renderGames(app);
  const rows = [...app.lobby.rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  $('tables').replaceChildren(
    ...rows.map((t) =>
      h('tr', { dataset: { tableId: t.id, players: t.players } },
        h('td', {}, t.name, h('span', { class: 'muted' }, ` ${t.id}`)),
        h('td', {}, gameName(t.game)),
        h('td', {}, `${t.players} / ${t.seats}`),
        h('td', {}, `${fmt(t.min_bet)} – ${fmt(t.max_bet)}`),
        h('td', {}, h('button', { type: 'button', onclick: () => app.openTable(t.id) }, 'Join'))),
    ),
  );
}

/** "Play <game>": the lobby finds (or makes) a table of that game, and the page opens it. */
function findTable(app, game, button) {
  button.disabled = true;
  flash('');
  const done = (message) => {
    button.disabled = false;
    if (message) flash(message, 'error');
  };
  app.lobby.channel
    .push('find_table', { game })
    .receive('ok', ({ id }) => {
      done();
      app.openTable(id);
    })
    .receive('error', (err) => done(err.message ?? err.reason))
    .receive('timeout', () => done('The lobby did not answer in time; try again.'));
}

/** Shows the lobby instead of a table. */
export function showLobbyPanel() {
  $('lobby').hidden = false;
  $('table').hidden = true;
  if (location.hash) history.replaceState(null, '', location.pathname);
}
