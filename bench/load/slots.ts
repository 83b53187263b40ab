// Slots players against the real server: each signs up as a guest over HTTP,
// connects with its token, asks the lobby for a slots table (single-player
// tables are made on demand), sits, and spins as fast as the replies come (a
// closed loop: one spin in flight per player). A spin's ok reply means it was
// staked, decided and settled through the ledger. Meanwhile one more guest, seated
// nowhere, sends a Phoenix heartbeat every PING_MS on a socket of its own: its round
// trip is what a player at another table feels of the spinning (the server's main
// thread answers it between everything else it does).
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { connectPhoenix, type PhoenixClient } from './phoenix-client.ts';
import { inWindow } from './pool.ts';
import { portFor } from '../protocol.ts';

export interface Player { client: PhoenixClient; table: string }

const PING_MS = 20;

async function guest(port: number, i: number): Promise<PhoenixClient> {
  const res = await fetch(`http://127.0.0.1:${port}/api/guests`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `bench${i}` }),
  });
  if (res.status !== 201) throw new Error(`guest sign-up: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const hooks = { onEvent: () => {}, onClose: () => {} };
  return connectPhoenix({ port, idx: i, topicPrefix: 'table:', hooks }, { token });
}

async function seat(port: number, i: number): Promise<Player> {
  const client = await guest(port, i);
  await client.joinTopic('lobby');
  const found = await client.call('lobby', 'find_table', { game: 'slots' });
  if (found.status !== 'ok') throw new Error(`find_table: ${JSON.stringify(found.response)}`);
  const table = `table:${String(found.response.id)}`;
  await client.joinTopic(table);
  return { client, table };
}

/** Phoenix's default heartbeat interval. */
const HEARTBEAT_MS = 30_000;
let beat: NodeJS.Timeout | null = null;

/**
 * Seated players heartbeat as the official client does, spread over the interval: seating
 * thousands on a busy machine outlasts the server's heartbeat timeout (60 s), which would
 * close the first ones seated (the `seated` scenario holds them all at rest).
 */
function heartbeats(players: Player[]): void {
  if (beat !== null) return;
  let cursor = 0;
  beat = setInterval(() => {
    const slice = Math.ceil(players.length / (HEARTBEAT_MS / 1000));
    for (let k = 0; k < slice && players.length > 0; k++) players[cursor++ % players.length]!.client.heartbeat();
  }, 1000);
  beat.unref();
}

/** Sign up and seat `count` players, each at a slots table of its own. */
export async function seatPlayers(port: number, count: number, players: Player[], ports?: number[]): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  heartbeats(players);
  const errors: string[] = [];
  pinger = await guest(port, count);
  await inWindow(count, 32, async (i) => {
    try {
      players.push(await seat(portFor(port, ports, i), i));
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  return { seated: players.length, ms: performance.now() - t0, errors: errors.slice(0, 5), errorCount: errors.length };
}

// The heartbeat socket of the last seatPlayers (one run at a time per load process).
let pinger: PhoenixClient | null = null;

export function closePinger(): void {
  pinger?.close();
  pinger = null;
  if (beat !== null) clearInterval(beat);
  beat = null;
}

/** Heartbeat round trips every PING_MS until the deadline: {p50, p99, max} in ms. */
async function ping(client: PhoenixClient, deadline: number): Promise<Record<string, number>> {
  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  while (performance.now() < deadline) {
    const s = performance.now();
    await client.call('phoenix', 'heartbeat', {});
    hist.recordValue(Math.max(1, Math.round((performance.now() - s) * 1000)));
    await new Promise((r) => setTimeout(r, PING_MS));
  }
  return { count: hist.totalCount, p50Ms: hist.getValueAtPercentile(50) / 1000, p99Ms: hist.getValueAtPercentile(99) / 1000, maxMs: hist.maxValue / 1000 };
}

/** Every seated player spins with one spin in flight until `durationMs` is over. */
export async function spin(players: Player[], durationMs: number, bet: number): Promise<Record<string, unknown>> {
  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  const errors: Record<string, number> = {};
  let spins = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const pinged = pinger ? ping(pinger, deadline) : Promise.resolve(null);
  await Promise.all(players.map(async (p, i) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const s = performance.now();
      const r = await p.client.call(p.table, 'act', { action: 'spin', bet, key: `b${i}-${n}` });
      if (r.status === 'ok') {
        spins++;
        hist.recordValue(Math.max(1, Math.round((performance.now() - s) * 1000)));
      } else {
        const reason = String(r.response.reason ?? r.status);
        errors[reason] = (errors[reason] ?? 0) + 1;
      }
    }
  }));
  const ms = performance.now() - start;
  return {
    players: players.length, ms, spins, perSec: (spins * 1000) / ms, errors, ping: await pinged,
    p50Ms: hist.getValueAtPercentile(50) / 1000, p99Ms: hist.getValueAtPercentile(99) / 1000, p999Ms: hist.getValueAtPercentile(99.9) / 1000,
  };
}
