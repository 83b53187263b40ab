// `pitboss chaos`: a node group under a mixed load of bots at all five games while faults
// hit its nodes at random, then the report and the checks (docs/operations.md, "Chaos").
//
//   1. a database (DATABASE_URL, or a scratch one made and dropped here) and a Redis prefix
//      of its own; `pitboss start --nodes N` on them (or a running group, --attach)
//   2. bots seated as in the benchmark's mixed scenario, on the official phoenix client
//   3. for the duration: play, and every few seconds a fault (faults.ts) on a random node,
//      one at a time (a killed node is back before the next fault); the directory in Redis
//      is watched for the tables that move (directory.ts)
//   4. the bots wind down (no new rounds, open ones played out); open rounds are given time
//      to close; the group is stopped; the checks run on the database (checks.ts)
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import pg from 'pg';
import { clusterKeys } from '../cluster/keys.ts';
import { redisClient } from '../cluster/redis_client.ts';
import { runChecks, type PlayerStart } from './checks.ts';
import { DirectoryWatch } from './directory.ts';
import { inject, type FaultRecord } from './faults.ts';
import { NodeGroup, type NodeProc } from './group.ts';
import { rng, type ChaosOptions } from './options.ts';
import { passed, renderReport, type ChaosResult, type GameFigures } from './report.ts';

/** The bots, handed in by the CLI command (src/ does not import bench/ but through it). */
export interface ChaosLoad {
  seat(port: number, perGame: number): Promise<{ seated: number; errors: string[]; players: PlayerStart[] }>;
  play(durationMs: number, windDownMs: number): Promise<{ games: Record<string, GameFigures>; stuck: string[]; closed: number; reseats: ChaosResult['reseats'] }>;
  rejoin(): ChaosResult['rejoin'];
  /** Bots whose socket is down or whose table channel is not joined, now. */
  away(): string[];
  close(): void;
}

export interface ChaosEnv {
  cliMain: string;
  redisUrl: string;
  /** The group's prefix when attaching; a fresh one is made otherwise. */
  redisPrefix?: string;
  databaseUrl?: string;
  adminDatabaseUrl: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

const BETTING_MS = 1000;
const TURN_MS = 3000;
/** Room for every bot's sign-up from one address, and for bots acting as fast as the policy lets them. */
const ROOMY = { PITBOSS_RATE_CONNECTS: '100000/1s', PITBOSS_RATE_JOINS: '100000/1s', PITBOSS_RATE_ACTIONS: '100000/1s', PITBOSS_RATE_CHAT: '100000/1s', PITBOSS_RATE_GUESTS: '100000/1s', PITBOSS_RATE_READS: '100000/1s' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Progress {
  readonly #bar: cliProgress.SingleBar | null;
  constructor(totalS: number) {
    this.#bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'chaos [{bar}] {value}/{total} s | {what}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : null;
    this.#bar?.start(totalS, 0, { what: '' });
  }
  say(what: string, atS?: number): void {
    if (this.#bar) this.#bar.update(atS ?? this.#bar.getProgress() * this.#bar.getTotal(), { what });
    else process.stderr.write(`chaos: ${atS !== undefined ? `${atS} s  ` : ''}${what}\n`);
  }
  end(): void {
    this.#bar?.stop();
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Runs the drill; resolves with the report's lines and whether every check passed. */
export async function runChaos(o: ChaosOptions, e: ChaosEnv, load: ChaosLoad): Promise<{ lines: string[]; ok: boolean }> {
  const attached = o.attach !== undefined;
  const prefix = e.redisPrefix ?? `pitboss-chaos:${randomBytes(6).toString('hex')}:`;
  const redis = redisClient(e.redisUrl, undefined, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let scratch: string | null = null;
  let databaseUrl = e.databaseUrl;
  if (databaseUrl === undefined) {
    if (attached) throw new Error('--attach needs DATABASE_URL: the checks read the group\'s database');
    scratch = `pitboss_chaos_${randomBytes(6).toString('hex')}`;
    await admin(e.adminDatabaseUrl, `CREATE DATABASE ${scratch}`);
    const u = new URL(e.adminDatabaseUrl);
    u.pathname = `/${scratch}`;
    databaseUrl = u.toString();
  }
  const logPath = join(tmpdir(), `pitboss-chaos-${randomBytes(4).toString('hex')}.log`);
  const log = createWriteStream(logPath);
  const progress = new Progress(Math.round(o.durationMs / 1000));
  let group: NodeGroup | null = null;
  try {
    const keys = clusterKeys(prefix);
    if (attached) group = NodeGroup.attach(o.attach!, o.url!, redis, keys.lease);
    else {
      progress.say(`starting ${o.nodes} nodes (log: ${logPath})`);
      group = await NodeGroup.start(e.cliMain, o.nodes, {
        ...e.env, ...ROOMY, REDIS_URL: e.redisUrl, PITBOSS_REDIS_PREFIX: prefix, DATABASE_URL: databaseUrl,
        PORT: String(e.port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PITBOSS_LEASE_MS: String(o.leaseMs), PITBOSS_CHAOS_HOOKS: '1',
        PITBOSS_SECRET: randomBytes(24).toString('base64'), PITBOSS_BETTING_MS: String(BETTING_MS), PITBOSS_TURN_MS: String(TURN_MS),
      }, (line) => log.write(line + '\n'));
    }
    const g = group;
    const port = Number(new URL(g.url).port);
    await sleep(o.leaseMs); // every node has seen the others
    if (attached) {
      const until = Date.now() + 10_000;
      while (g.nodes.size === 0 && Date.now() < until) await sleep(100);
      if (g.nodes.size === 0) throw new Error(`no node process of the group (primary pid ${o.attach}) holds a lease under ${prefix}`);
    }

    progress.say(`seating ${o.bots} bots per game`);
    const seat = await load.seat(port, o.bots);
    if (seat.seated === 0) throw new Error(`no bot seated: ${seat.errors[0] ?? ''}`);

    const dir = new DirectoryWatch(redis, keys);
    await dir.poll();
    dir.start();
    const faults: FaultRecord[] = [];
    const draw = rng(o.seed);
    const t0 = Date.now();
    const windDownMs = 4 * TURN_MS + BETTING_MS + 10_000;
    const playing = load.play(o.durationMs, windDownMs);
    // One fault at a time, until the duration is over.
    for (;;) {
      const gap = o.gapMs[0] + draw() * (o.gapMs[1] - o.gapMs[0]);
      if (Date.now() + gap > t0 + o.durationMs) break;
      await sleep(gap);
      const kind = o.kinds[Math.floor(draw() * o.kinds.length)]!;
      const live = [...g.nodes.values()].sort((a, b) => a.id.localeCompare(b.id));
      const victim: NodeProc = live[Math.floor(draw() * live.length)]!;
      await dir.poll();
      const at = Date.now();
      const followed = kind === 'table_crash' ? 0 : dir.follow(kind, victim.id, at);
      const rec = await inject(kind, victim, g, redis, prefix).catch((err: unknown): FaultRecord => ({ kind, node: victim.id, at, error: (err as Error).message }));
      faults.push(rec);
      const what = rec.skipped ? `skipped: ${rec.skipped}` : rec.error ? `error: ${rec.error}`
        : rec.restartMs !== undefined ? `back up in ${rec.restartMs} ms` : rec.connections !== undefined ? `${rec.connections} connections closed` : 'sent';
      progress.say(`${kind} ${victim.id} (${followed} tables followed): ${what}`, Math.round((Date.now() - t0) / 1000));
      if (g.exited) throw new Error(`the node group exited:\n${g.tail().slice(-20).join('\n')}`);
    }
    progress.say('winding down', Math.round(o.durationMs / 1000));
    const played = await playing;

    // Rounds still being completed (a recovery, a settlement in flight): give them time.
    const until = Date.now() + 30_000;
    while (Date.now() < until && (await openRounds(databaseUrl)) > 0) await sleep(250);
    await dir.stop();
    await dir.poll();
    dir.settle();
    const away = load.away();
    const rejoin = load.rejoin();
    load.close();
    progress.end();
    if (!attached) {
      const code = await g.stop();
      if (code !== 0) log.write(`node group exited with ${code}\n`);
    }
    const checks = await runChecks(databaseUrl, seat.players);
    const result: ChaosResult = {
      nodes: attached ? g.nodes.size : o.nodes, durationMs: o.durationMs, seed: o.seed, bots: seat.seated,
      crashed: g.crashedTables, crashedBack: g.crashedTables.filter((id) => dir.listed.has(id)).length, noTableToCrash: g.noTableToCrash, attached,
      closed: dir.closed.map((c) => c.table), orphans: dir.orphans(),
      faults, moves: dir.moves, stayed: dir.stayed.reduce<Record<string, number>>((o, x) => ({ ...o, [x.kind]: (o[x.kind] ?? 0) + 1 }), {}), lost: dir.lost.map((l) => l.table),
      games: played.games, rejoin, reseats: played.reseats, failedToRejoin: away, stuck: played.stuck, socketCloses: played.closed, checks,
    };
    const lines = renderReport(result);
    lines.push(`(node log: ${logPath}${scratch && o.keepDatabase ? `; database kept: ${databaseUrl}` : ''})`);
    return { lines, ok: passed(result) };
  } finally {
    progress.end();
    await group?.stop(); // ours: stopped (again, if the run failed before); attached: only our watch of it
    log.end();
    if (!attached) await deletePrefix(redis, prefix).catch(() => {});
    redis.disconnect();
    if (scratch && !o.keepDatabase) await admin(e.adminDatabaseUrl, `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => {});
  }
}

async function openRounds(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>("SELECT count(*)::text AS n FROM rounds WHERE status = 'open'");
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

/** The drill's own keys on a shared Redis: gone when it ends. */
async function deletePrefix(redis: ReturnType<typeof redisClient>, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
