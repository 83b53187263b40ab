// The dashboard's parts without a server: the feed on a hand-driven clock (rates from
// running totals, the event history from status changes), latency quantiles from a
// histogram's bucket deltas, and availability per day from up/down spans.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardFeed, type FeedSources } from '../../src/ops/dashboard/feed.ts';
import { between, quantile } from '../../src/ops/dashboard/histogram.ts';
import { availabilityByDay, availabilityCsv, upIntervals } from '../../src/ops/dashboard/availability.ts';

function feedOn(state: { t: number; msgs: number; statuses: ReturnType<FeedSources['statuses']> }) {
  return new DashboardFeed({
    node: 'n1', now: () => state.t,
    sources: {
      totals: () => ({ messagesIn: state.msgs, messagesOut: 0, bets: 0 }),
      connections: () => 3, playersOnline: () => 2, memory: () => ({ rss: 10, heap_used: 5 }),
      sections: async () => ({ tables: { list: [] } }),
      statuses: () => state.statuses,
    },
  });
}

describe('DashboardFeed', () => {
  it('turns running totals into rates per second and keeps a bounded history of points', async () => {
    const st = { t: 0, msgs: 0, statuses: [] };
    const feed = feedOn(st);
    await feed.tick();
    st.t = 2000;
    st.msgs = 50;
    await feed.tick();
    const p = feed.points();
    assert.equal(p.length, 2);
    assert.equal(p[0]!.system.messages_in_per_s, 0, 'nothing to compare the first sample with');
    assert.equal(p[1]!.system.messages_in_per_s, 25);
    assert.deepEqual(p[1]!.players, { online: 2 });
  });

  it('records each status change once, per section — a key watched by two sections does not flap', async () => {
    const st = { t: 0, msgs: 0, statuses: [{ key: 'terminal:cab-1', section: 'terminals', status: 'online' }, { key: 'terminal:cab-1', section: 'availability', status: 'up' }] };
    const feed = feedOn(st);
    await feed.tick();
    st.t = 1000;
    await feed.tick();
    assert.deepEqual(feed.events(), [], 'nothing changed: no event (and the first sample is the baseline)');
    st.t = 2000;
    st.statuses = [{ key: 'terminal:cab-1', section: 'terminals', status: 'offline' }, { key: 'terminal:cab-1', section: 'availability', status: 'down' }];
    await feed.tick();
    st.t = 3000;
    st.statuses = [];
    await feed.tick();
    assert.deepEqual(feed.events().map((e) => `${e.section} ${e.previous}→${e.status}`), [
      'availability down→gone', 'terminals offline→gone', 'availability up→down', 'terminals online→offline',
    ]);
  });

  it('hands snapshots to watchers only, and makes one at once for a dashboard just opened', async () => {
    const st = { t: 0, msgs: 0, statuses: [] };
    const feed = feedOn(st);
    const seen: number[] = [];
    const stop = feed.watch((s) => seen.push(s.at));
    await feed.tick();
    stop();
    st.t = 1000;
    await feed.tick();
    assert.deepEqual(seen, [0]);
    st.t = 5000;
    // A sample already under way reads no panels (nobody watches): the snapshot takes its own.
    const running = feed.tick();
    const snap = await feed.snapshot();
    await running;
    assert.equal(snap.at, 5000);
    assert.deepEqual(snap.sections, { tables: { list: [] } });
  });
});

describe('Latency from histogram buckets', () => {
  const le = [0.01, 0.1, 1, Infinity];
  it('interpolates a quantile inside its bucket, over the window between two readings', () => {
    const earlier = { le, counts: [10, 10, 10, 10] };
    const now = { le, counts: [10, 110, 110, 110] }; // 100 new observations, all in (0.01, 0.1]
    const w = between(earlier, now);
    assert.deepEqual(w.counts, [0, 100, 100, 100]);
    assert.ok(Math.abs(quantile(0.5, w)! - 0.055) < 1e-9);
    assert.equal(quantile(0.5, between(now, now)), null, 'an empty window has no latency');
    assert.equal(quantile(0.99, { le, counts: [0, 0, 0, 5] }), 1, 'beyond the last bound: its lower edge');
  });
});

describe('Availability per day', () => {
  const DAY = 86_400_000;
  const d0 = Date.parse('2026-12-01T00:00:00Z');
  it('merges overlapping up spans (two nodes) and counts time no span covers as down', () => {
    assert.deepEqual(upIntervals([
      { component: 'db', up: true, since: 0, until: 10 }, { component: 'db', up: true, since: 5, until: 20 },
      { component: 'db', up: false, since: 20, until: 30 }, { component: 'db', up: true, since: 40, until: 50 },
    ]), [[0, 20], [40, 50]]);
    const spans = [
      // up the whole first day, then down 6 h of the second, then nothing recorded after 18:00 (the server stopped)
      { component: 'database', up: true, since: d0, until: d0 + DAY + 6 * 3600_000 },
      { component: 'database', up: false, since: d0 + DAY + 6 * 3600_000, until: d0 + DAY + 12 * 3600_000 },
      { component: 'database', up: true, since: d0 + DAY + 12 * 3600_000, until: d0 + DAY + 18 * 3600_000 },
      // a terminal first seen at noon of day one, up since
      { component: 'terminal:cab-1', up: true, since: d0 + 12 * 3600_000, until: d0 + 3 * DAY },
    ];
    const first = new Map([['database', d0], ['terminal:cab-1', d0 + 12 * 3600_000]]);
    const rows = availabilityByDay(spans, first, d0, d0 + 3 * DAY, d0 + 2 * DAY + 6 * 3600_000);
    const pick = (day: string, c: string) => rows.find((r) => r.day === day && r.component === c);
    assert.equal(pick('2026-12-01', 'database')!.availability_percent, 100);
    assert.equal(pick('2026-12-02', 'database')!.availability_percent, 50);
    assert.equal(pick('2026-12-01', 'terminal:cab-1')!.observed_seconds, 12 * 3600, 'counted from its first record');
    assert.equal(pick('2026-12-03', 'database')!.availability_percent, 0, 'the server was not running: down');
    assert.equal(pick('2026-12-03', 'database')!.observed_seconds, 6 * 3600, 'up to now, not the end of the day');
    assert.equal(rows.length, 6);
    const csv = availabilityCsv(rows).split('\r\n');
    assert.equal(csv[0], 'day,component,up_seconds,observed_seconds,availability_percent');
    assert.equal(csv[1], '2026-12-01,database,86400,86400,100');
  });
});
