// The casino's figures on /metrics after real play: slot spins through the official
// phoenix client, each one counted once — rounds, bets, handle, payouts (so GGR is
// handle − payouts), the settlement latency histogram — and a refused connection by reason.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer } from '../integration/helpers.ts';
import type { RunningServer } from '../../src/main.ts';

/** The value of one series in Prometheus text, 0 when absent. */
function series(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('business metrics', () => {
  let server: RunningServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('counts each settled spin once, with its stake and win, and a refused socket by reason', async () => {
    const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
    const before = await metrics();
    const g = await newGuest(server.url, 'metrics-bob');
    const socket = clientSocket(server.port, { params: { token: g.token } });
    socket.connect();
    const lobby = socket.channel('lobby', {});
    assert.equal((await joinAsync(lobby)).status, 'ok');
    const found = await pushAsync(lobby, 'find_table', { game: 'slots' });
    const ch = socket.channel(`table:${found.response.id}`, {});
    assert.equal((await joinAsync(ch)).status, 'ok');
    let won = 0;
    const spins = 7;
    for (let i = 0; i < spins; i++) {
      const r = await pushAsync(ch, 'act', { action: 'spin', bet: 40, key: `m-${i}` });
      assert.equal(r.status, 'ok', JSON.stringify(r.response));
      won += r.response.win;
    }
    // A retried key settles nothing again.
    assert.equal((await pushAsync(ch, 'act', { action: 'spin', bet: 40, key: 'm-0' })).status, 'ok');
    socket.disconnect();
    // A socket with a forged token, refused before the upgrade.
    const bad = clientSocket(server.port, { params: { token: 'not-a-token' }, reconnectAfterMs: () => 60_000 });
    bad.connect();
    await new Promise((r) => setTimeout(r, 300));
    bad.disconnect();

    const after = await metrics();
    const d = (name: string, labels = '') => series(after, name, labels) - series(before, name, labels);
    const slots = '{game="slots"}';
    assert.equal(d('pitboss_rounds_settled_total', slots), spins);
    assert.equal(d('pitboss_bets_total', slots), spins);
    assert.equal(d('pitboss_handle_total', slots), spins * 40);
    assert.equal(d('pitboss_payouts_total', slots), won);
    assert.equal(d('pitboss_round_settlement_seconds_count', slots), spins);
    assert.ok(d('pitboss_round_settlement_seconds_sum', slots) > 0);
    assert.match(after, /pitboss_table_crashes_total 0/);
    const refused = after.split('\n').filter((l) => l.startsWith('pitboss_connections_refused_total{via="socket"'));
    assert.ok(refused.some((l) => Number(l.split(' ').pop()) >= 1), refused.join('\n') || 'no socket refusal counted');
  });
});

describe('the Grafana dashboard (docs/grafana/pitboss.json)', () => {
  it('queries only series a running server exports', async () => {
    const { readFileSync } = await import('node:fs');
    const dash = JSON.parse(readFileSync(new URL('../../docs/grafana/pitboss.json', import.meta.url), 'utf8'));
    const exprs: string[] = dash.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    assert.ok(exprs.length >= 10);
    const names = new Set(exprs.flatMap((e) => e.match(/\b(?:pitboss|process|nodejs)_[a-z0-9_]+/g) ?? []));
    const server = await startTestServer();
    try {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const exported = new Set(text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!));
      // A histogram's series are its name with _bucket, _sum and _count.
      const known = (n: string) => exported.has(n) || exported.has(n.replace(/_(bucket|sum|count)$/, ''));
      assert.deepEqual([...names].filter((n) => !known(n)), []);
    } finally {
      await server.stop();
    }
  });
});
