// Issue 11's rolling restart under load: `pitboss start --nodes 3` (three node processes
// on one port, the local Redis with a prefix of the test's own, a PostgreSQL database of
// the test's own). Bots with the official phoenix client play continuously — slots at
// their private tables, and baccarat at one shared table — while each node in turn is
// SIGTERMed (it drains: hands its tables over between rounds, closes its sockets with
// 1012, exits), started again by the group, and waited for until it holds its lease and
// the others have seen it. Every action is sent with an idempotency key and resent with
// the same key after a clean retry refusal (`unavailable`) or a reply lost to the socket
// closing; the test fails on any other refusal. At the end: every round opened was settled
// by its table (none completed or refunded by recovery), the ledger sums to zero, and each
// bot's settled rounds are exactly the rounds its actions were answered with, its balance
// the guest balance plus their net.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Channel, Socket } from 'phoenix';
import { openStore } from '../../src/store/open.ts';
import { checkLedger } from '../../src/ledger/check.ts';
import { eventually, withDatabase } from '../cluster/support.ts';
import { ROOMY_LIMITS, clientSocket, joinAsync, newGuest, pushAsync, waitFor, type Guest } from './helpers.ts';
import { cleanEnv } from './node_processes.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const LEASE_MS = 1000;
const IDS = ['rr-0', 'rr-1', 'rr-2'];

interface Bot {
  guest: Guest;
  socket: Socket;
  table?: Channel;
  tableId?: string;
  rounds: Set<string>;
  /** table_moving seen → channel joined again, per move (ms) */
  moves: Array<{ table: string; at: number; back?: number }>;
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rolling restart of three nodes under load', () => {
  let db: { url: string; drop(): Promise<void> };
  let child: ChildProcess | undefined;
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `pitboss-test:${randomBytes(8).toString('hex')}:`;
  const bots: Bot[] = [];

  before(async () => {
    db = await withDatabase();
  });
  after(async () => {
    for (const b of bots) b.socket.disconnect();
    child?.kill('SIGKILL');
    redis.disconnect();
    await db?.drop();
  });

  it('loses no round and refuses nothing but clean retries while every node restarts in turn', async () => {
    child = spawn(process.execPath, [main, 'start', '--nodes', '3'], {
      env: cleanEnv({
        // info: each node logs its hand-overs (table, new owner, ms), read from its stdout below.
        ...ROOMY_LIMITS, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', PITBOSS_NODE_ID: 'rr',
        REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_PREFIX: prefix, PITBOSS_SECRET: randomBytes(24).toString('base64'),
        DATABASE_URL: db.url, PITBOSS_LEASE_MS: String(LEASE_MS), PITBOSS_GUEST_BALANCE: '100000',
        PITBOSS_BETTING_MS: '800', PITBOSS_TURN_MS: '10000', PITBOSS_DRAIN_TIMEOUT_MS: '15000',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    // The nodes' own account of each hand-over: from the drain's start until the new owner served the table.
    const handOvers: Array<{ node: string; table: string; to: string; ms: number }> = [];
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (!line.includes('"table handed over"')) continue;
        const o = JSON.parse(line) as { node: string; table: string; to: string; ms: number };
        handOvers.push({ node: o.node, table: o.table, to: o.to, ms: o.ms });
      }
    });
    await eventually(() => /Pitboss is up on http:\/\/localhost:\d+ {2}\(3 nodes/.test(err), 60_000);
    const port = Number(/localhost:(\d+)/.exec(err)![1]);
    const url = `http://127.0.0.1:${port}`;
    await sleep(LEASE_MS); // every node has scanned the others

    // --- the bots: four at slots (private tables, placed by player), three at one shared baccarat table
    const connect = async (name: string): Promise<Bot> => {
      const guest = await newGuest(url, name);
      const socket = clientSocket(port, { params: { token: guest.token } });
      socket.connect();
      const bot: Bot = { guest, socket, rounds: new Set(), moves: [], errors: [] };
      bots.push(bot);
      return bot;
    };
    const sitAt = async (bot: Bot, id: string) => {
      const ch = bot.socket.channel(`table:${id}`, {});
      ch.on('event', (e: any) => { if (e.type === 'table_moving') bot.moves.push({ table: id, at: Date.now() }); });
      const j = await joinAsync(ch);
      assert.equal(j.status, 'ok', JSON.stringify(j.response));
      // A rejoin after a move: the open move is back.
      ch.onError(() => {
        const m = bot.moves.at(-1);
        if (m && m.back === undefined) {
          const poll = setInterval(() => { if (ch.state === 'joined') { m.back = Date.now(); clearInterval(poll); } }, 5);
        }
      });
      bot.table = ch;
      bot.tableId = id;
    };
    const lobbyOf = async (bot: Bot) => {
      const lobby = bot.socket.channel('lobby', {});
      assert.equal((await joinAsync(lobby)).status, 'ok');
      return lobby;
    };
    const slotBots: Bot[] = [];
    for (let i = 0; i < 4; i++) {
      const bot = await connect(`slot${i}`);
      const lobby = await lobbyOf(bot);
      const found = await pushAsync(lobby, 'find_table', { game: 'slots' });
      assert.equal(found.status, 'ok', JSON.stringify(found.response));
      lobby.leave();
      await sitAt(bot, found.response.id);
      slotBots.push(bot);
    }
    const bacBots: Bot[] = [];
    let shared: string | undefined;
    for (let i = 0; i < 3; i++) {
      const bot = await connect(`bac${i}`);
      if (shared === undefined) {
        const lobby = await lobbyOf(bot);
        const found = await pushAsync(lobby, 'find_table', { game: 'baccarat', shared: true, min_bet: 150 });
        assert.equal(found.status, 'ok', JSON.stringify(found.response));
        shared = found.response.id as string;
        lobby.leave();
      }
      await sitAt(bot, shared);
      assert.equal((await pushAsync(bot.table!, 'sit', { seat: i + 1 })).status, 'ok');
      bacBots.push(bot);
    }

    // An action with a key, resent with the same key after a clean retry (unavailable) or a lost reply.
    const stats = { ok: 0, retries: 0, byCause: new Map<string, number>() };
    const act = async (bot: Bot, payload: object): Promise<any | null> => {
      const key = randomUUID();
      const until = Date.now() + 30_000;
      for (let attempt = 0; Date.now() < until; attempt++) {
        const r = await pushAsync(bot.table!, 'act', { ...payload, key });
        if (r.status === 'ok') {
          stats.ok++;
          bot.rounds.add(r.response.round_id);
          return r.response;
        }
        // Clean retries: nothing was done. A push that crossed its channel's error (the table
        // moved) reaches no channel on the server: Phoenix's `unmatched topic`.
        const cause = r.status === 'timeout' ? 'reply lost (socket closed or rejoining)'
          : r.response.reason === 'unavailable' ? `unavailable/${r.response.cause ?? r.response.message}`
          : r.response.reason === 'unmatched topic' ? 'unmatched topic (the push crossed its channel\'s error)' : null;
        if (cause === null) {
          bot.errors.push(JSON.stringify(r.response));
          return null;
        }
        stats.retries++;
        stats.byCause.set(cause, (stats.byCause.get(cause) ?? 0) + 1);
        await sleep(100);
      }
      bot.errors.push(`no answer within 30 s for key ${key}`);
      return null;
    };
    let running = true;
    const loops = [
      ...slotBots.map(async (bot) => {
        while (running) {
          await act(bot, { action: 'spin', bet: 100 });
          await sleep(30);
        }
      }),
      ...bacBots.map(async (bot, i) => {
        const seen = new Set<string>();
        bot.table!.on('event', (e: any) => { if (e.type === 'settled') seen.add(e.round_id); });
        while (running) {
          const r = await act(bot, { action: 'bet', bets: [{ on: i === 0 ? 'banker' : 'player', amount: 150 }] });
          if (r === null) { await sleep(200); continue; }
          // One bet per coup: wait for it to settle (its event), or move on after a while (checked in the ledger at the end).
          const until = Date.now() + 8000;
          while (!seen.has(r.round_id) && Date.now() < until) await sleep(20);
        }
      }),
    ];

    // --- the rolling restart: each node SIGTERMed in turn, started again by the group, back in membership before the next
    await sleep(1500);
    const restarts: string[] = [];
    for (const id of IDS) {
      const ups = () => [...err.matchAll(new RegExp(`node ${id} \\(pid (\\d+)\\) is up`, 'g'))].map((m) => Number(m[1]));
      const pid = ups().at(-1)!;
      const before = ups().length;
      const lease = await redis.get(`${prefix}lease:${id}`);
      const t0 = Date.now();
      process.kill(pid, 'SIGTERM');
      await eventually(() => err.includes(`node ${id} exited (code 0)`), 30_000);
      const exited = Date.now() - t0;
      await eventually(() => ups().length > before, 30_000);
      const until = Date.now() + 15_000;
      let back: string | null = null;
      while (Date.now() < until && ((back = await redis.get(`${prefix}lease:${id}`)) === null || back === lease)) await sleep(50);
      assert.ok(back !== null && back !== lease, `${id} came back with a new lease`);
      await sleep(LEASE_MS); // the others have scanned it: it takes tables again
      restarts.push(`${id} drained and exited in ${exited} ms, back after ${Date.now() - t0} ms`);
    }
    await sleep(1000);
    running = false;
    await Promise.all(loops);
    // The last coups settle (a betting window, the deal).
    await sleep(2000);

    const moves = bots.flatMap((b) => b.moves.map((m) => `${m.table} ${m.back === undefined ? 'not rejoined' : `${m.back - m.at} ms`}`));
    console.log(`rolling restart (3 nodes, lease ${LEASE_MS} ms): ${restarts.join('; ')}`);
    console.log(`hand-overs as the draining nodes timed them (drain start → new owner serving): ${handOvers.map((h) => `${h.node}: ${h.table} → ${h.to} ${h.ms} ms`).join(', ') || 'none'}`);
    console.log(`moves seen by bots (table_moving → channel joined again): ${moves.join(', ') || 'none'}`);
    console.log(`actions answered ok: ${stats.ok}; retries: ${stats.retries} (${[...stats.byCause].map(([c, n]) => `${c}: ${n}`).join(', ')})`);
    assert.deepEqual(bots.flatMap((b) => b.errors.map((e) => `${b.guest.name}: ${e}`)), [], 'no refusal other than clean retries');
    assert.ok(moves.length > 0, 'tables moved during the restarts');
    assert.ok(handOvers.length > 0 && handOvers.every((h) => h.to !== h.node), 'the nodes handed tables over, each to another node');
    assert.ok(bots.every((b) => b.rounds.size > 0), 'every bot played');

    // --- money: stop the group, then read the ledger
    for (const b of bots) b.socket.disconnect();
    child.kill('SIGTERM');
    await new Promise((r) => (child!.exitCode !== null ? r(null) : child!.once('exit', r)));
    const store = await openStore({ kind: 'postgres', url: db.url }, { migrate: false });
    try {
      const check = await checkLedger(store);
      assert.equal(check.sum, 0, 'the ledger sums to zero');
      assert.equal(check.open_rounds, 0, 'no round left open');
      assert.ok(check.ok, JSON.stringify(check));
      const recovered = await store.query<{ id: string; resolution: string }>(`SELECT id, resolution FROM rounds WHERE resolution <> 'normal'`);
      assert.deepEqual(recovered, [], 'no round completed or refunded by recovery');
      for (const b of bots) {
        const rows = await store.query<{ round_id: string; stake: string; payout: string }>('SELECT round_id, stake::text, payout::text FROM round_results WHERE player_id = $1', [b.guest.player_id]);
        assert.deepEqual(rows.map((r) => r.round_id).sort(), [...b.rounds].sort(), `${b.guest.name}: the settled rounds are the answered ones, each once`);
        const [acc] = await store.query<{ balance: string }>('SELECT balance::text FROM accounts WHERE id = $1', [`player:${b.guest.player_id}:PLAY`]);
        const net = rows.reduce((t, r) => t + Number(r.payout) - Number(r.stake), 0);
        assert.equal(Number(acc!.balance), 100_000 + net, `${b.guest.name}: balance = guest balance + settled rounds`);
      }
      console.log(`rounds settled: ${bots.reduce((t, b) => t + b.rounds.size, 0)} answered (player-rounds), all by their tables`);
    } finally {
      await store.close();
    }
  });
});
