// The panels fed by the admin channel's snapshots. Each is made only when the role may
// see its section (the server sends no other), as {el, update(snapshot)}; `update` redraws
// from the snapshot alone, so a missed push costs nothing.
import { h, time } from '../dom.js';

const fig = (label, value, testid) => h('div', {}, h('dt', {}, label), h('dd', { testid }, value));
const state = (s) => h('span', { class: `state ${s}` }, s);
const when = (v) => (v === null || v === undefined ? 'never' : time(typeof v === 'number' ? v : Date.parse(v)));
const table = (head, rows, testid, cls = 'grid-table small') =>
  h('table', { class: cls, testid }, h('thead', {}, h('tr', {}, head.map((c) => h('th', { class: c.startsWith('#') ? 'num' : '' }, c.replace(/^#/, ''))))), h('tbody', {}, rows));
const empty = (text) => h('p', { class: 'muted' }, text);
const bytes = (n) => `${Math.round(n / 1e6)} MB`;
/** replaceChildren, leaving out the parts a condition left null. */
const fill = (el, ...nodes) => el.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));

function panel(id, title, wide = false) {
  const count = h('span', { class: 'count', testid: `${id}-count` });
  const body = h('div', { class: 'panel-body' });
  const el = h('section', { class: `panel${wide ? ' span2' : ''}`, testid: `panel-${id}` }, h('h2', {}, title, count), body);
  return { el, body, count };
}

export function nodePanel() {
  const p = panel('system', 'This node');
  return {
    el: p.el,
    update({ sections: { system: s } }) {
      const r = s.runtime;
      fill(p.body, 
        h('dl', { class: 'figures' },
          fig('up', s.uptime, 'uptime'),
          fig('memory (rss)', bytes(r.memory.rss), 'rss'),
          fig('heap', bytes(r.memory.heap_used), 'heap'),
          fig('event loop busy', `${Math.round(r.event_loop.utilization * 100)}%`),
          fig('loop delay p99', `${r.event_loop.delay_ms.p99} ms`),
          fig('processes', r.processes.toLocaleString('en-US')),
          fig('handles', r.active_handles.toLocaleString('en-US')),
          // Cluster mode: the live nodes' sums beside this node's (the tracker's census).
          ...(s.cluster?.nodes > 1 ? [fig('cluster', `${s.cluster.nodes} nodes · ${s.cluster.players_online.toLocaleString('en-US')} players`, 'cluster')] : [])),
        s.cluster?.nodes > 1
          ? table(['connection type', '#this node', '#cluster'], Object.entries(s.connections.local).map(([k, v]) => h('tr', {}, h('td', {}, k),
            h('td', { class: 'num', testid: `conn-${k}` }, v), h('td', { class: 'num', testid: `conn-cluster-${k}` }, s.connections.cluster[k] ?? 0))), 'connections')
          : table(['connection type', '#live'], Object.entries(s.connections.local).map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', { class: 'num', testid: `conn-${k}` }, v))), 'connections'),
      );
    },
  };
}

export function tablesPanel(ctx) {
  const p = panel('tables', 'Tables');
  const mayDrain = ctx.permissions.has('tables.drain');
  // The first click arms the button, the second drains: a drain cannot be undone.
  let armed = null;
  return {
    el: p.el,
    update({ sections: { tables: t } }) {
      p.count.textContent = `${t.census.total} open · ${t.census.draining} draining`;
      const rows = t.list.map((row) => h('tr', { testid: `table-row-${row.id}`, dataset: { state: row.state } },
        h('td', {}, row.name ?? row.id, h('div', { class: 'muted' }, row.id)),
        h('td', {}, row.game),
        h('td', { class: 'num', testid: `table-players-${row.id}` }, row.players),
        h('td', {}, state(row.state)),
        mayDrain ? h('td', {}, row.state === 'open'
          ? h('button', {
            type: 'button', class: `small${armed === row.id ? ' confirm' : ''}`, testid: `drain-${row.id}`,
            onclick: async () => {
              if (armed !== row.id) { armed = row.id; this.update({ sections: { tables: t } }); return; }
              armed = null;
              await ctx.drain(row.id);
            },
          }, armed === row.id ? 'Confirm drain' : 'Drain')
          : '') : null));
      fill(p.body, 
        h('p', { class: 'muted' }, Object.entries(t.census.by_game).map(([g, n]) => `${g} ${n}`).join(' · ')),
        h('div', { class: 'scroll' }, table(['table', 'game', '#players', 'state', ...(mayDrain ? [''] : [])], rows, 'tables')),
        t.more ? empty(`Showing the first ${t.list.length}.`) : null,
      );
    },
  };
}

export function playersPanel() {
  const p = panel('players', 'Players online');
  return {
    el: p.el,
    update({ sections: { players } }) {
      p.count.textContent = String(players.total);
      fill(p.body, players.list.length === 0 ? empty('No one is online.') : h('div', { class: 'scroll' },
        table(['player', '#channels', 'tables'], players.list.map((x) => h('tr', { testid: `player-${x.player_id}` },
          h('td', {}, x.player_id), h('td', { class: 'num' }, x.channels), h('td', {}, x.tables.join(', ')))), 'players')));
    },
  };
}

export function jackpotsPanel() {
  const p = panel('jackpots', 'Jackpots');
  return {
    el: p.el,
    update({ sections: { jackpots } }) {
      fill(p.body, jackpots.list.length === 0 ? empty('No jackpot pools.') :
        table(['pool', '#meter', '#cycle'], jackpots.list.map((j) => h('tr', {}, h('td', {}, j.name), h('td', { class: 'num', testid: `jackpot-${j.id}` }, j.amount.toLocaleString('en-US')), h('td', { class: 'num' }, j.cycle))), 'jackpots'));
    },
  };
}

export function terminalsPanel() {
  const p = panel('terminals', 'Terminals');
  return {
    el: p.el,
    update({ sections: { terminals: t } }) {
      p.count.textContent = `${t.counts.online} online · ${t.counts.offline} offline · ${t.counts.hung} hung`;
      fill(p.body, 
        t.list.length === 0 ? empty('No terminals registered.') : h('div', { class: 'scroll' },
          table(['terminal', 'status', 'last seen', 'devices', '#late'], t.list.map((x) => h('tr', { testid: `terminal-${x.id}` },
            h('td', {}, x.id), h('td', {}, state(x.status)), h('td', {}, when(x.last_seen)),
            h('td', { class: 'muted' }, x.device ? `bills ${x.device.bill_acceptor} · printer ${x.device.printer} · door ${x.device.door}` : '–'),
            h('td', { class: 'num' }, x.late))), 'terminals')),
        t.late.length === 0 ? null : h('h3', {}, 'Arrived late'),
        t.late.length === 0 ? null : table(['terminal', 'event', 'happened', 'arrived', '#delay'], t.late.slice(0, 10).map((l) => h('tr', {},
          h('td', {}, l.terminal_id), h('td', {}, l.event), h('td', {}, when(l.at)), h('td', {}, when(l.arrived_at)), h('td', { class: 'num' }, `${Math.round(l.delay_ms / 1000)} s`))), 'late'),
      );
    },
  };
}

export function alertsPanel() {
  const p = panel('alerts', 'Alerts');
  return {
    el: p.el,
    update({ sections: { alerts } }) {
      p.count.textContent = `${alerts.active.length} active`;
      fill(p.body, 
        alerts.active.length === 0 ? h('p', { class: 'muted', testid: 'alerts-none' }, 'No active alert.') :
          h('ul', { class: 'events', testid: 'alerts-active' }, alerts.active.map((a) => h('li', {}, state(a.severity ?? 'firing'), ' ', h('strong', {}, a.rule ?? a.key), ' ', a.message, h('span', { class: 'muted' }, ` since ${when(a.since)}`)))),
        h('h3', {}, 'History'),
        alerts.history.length === 0 ? empty('Nothing has fired.') :
          h('ul', { class: 'events scroll', testid: 'alerts-history' }, alerts.history.map((x) => h('li', {}, h('span', { class: 'seq' }, when(x.at)), `${x.kind}: `, x.alert.message))),
      );
    },
  };
}

export function eventsPanel() {
  const p = panel('events', 'Event history');
  return {
    el: p.el,
    update({ events }) {
      fill(p.body, events.length === 0 ? empty('Nothing has changed since the server started.') :
        h('ul', { class: 'events scroll', testid: 'events' }, events.map((e) => h('li', {},
          h('span', { class: 'seq' }, time(e.at)), h('span', { class: 'ev-key' }, e.key), ' ',
          e.previous ? `${e.previous} → ` : '', state(e.status), e.detail ? h('span', { class: 'muted' }, ` ${e.detail}`) : null))));
    },
  };
}

export function componentsList(components) {
  return components.length === 0 ? empty('Nothing recorded yet.') :
    h('p', { testid: 'components' }, components.map((c) => h('span', { class: 'component' }, c.component, ' ', state(c.up ? 'up' : 'down'), '  ')));
}

export function configPanel() {
  const p = panel('config', 'Configuration');
  return {
    el: p.el,
    update({ sections: { config: c } }) {
      if (!c) return fill(p.body, empty('No runtime configuration on this server.'));
      p.count.textContent = `version ${c.version}`;
      fill(p.body,
        h('p', { testid: 'config-lagging' }, c.lagging === 0 ? 'Every terminal runs this version.' : `${c.lagging} terminal${c.lagging === 1 ? '' : 's'} behind it:`),
        c.terminals.length === 0 ? null : table(['terminal', 'runs', 'acknowledged'], c.terminals.map((t) => h('tr', { testid: `config-${t.id}` },
          h('td', {}, t.id), h('td', {}, t.config_version === null ? state('never') : h('span', { class: 'state warning' }, `v${t.config_version}`)), h('td', {}, when(t.acked_at)))), 'config-terminals'));
    },
  };
}
