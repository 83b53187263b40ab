// Issue 11's drain, with real processes: three `pitboss start` nodes on loopback, the local
// Redis (a prefix of the test's own) and a PostgreSQL database of the test's own. A shared
// baccarat table on node-3 has a round open (a bet from a player connected to node-1);
// `pitboss drain --node node-3` asks node-3 to drain. The round must settle normally on
// node-3 (not by recovery), a sit sent meanwhile gets the clean retry refusal
// (`unavailable`, cause `table_moving`), the table then serves on another node with the
// player still seated there (handed over), the player's channel rejoins and bets again
// without sitting, node-3 exits 0 and the command reports it stopped; at the end the
// ledger sums to zero, no round is open, none was completed or refunded by recovery.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/open.ts';
import { checkLedger } from '../../src/ledger/check.ts';
import { withDatabase } from '../cluster/support.ts';
import { ROOMY_LIMITS, clientSocket, joinAsync, newGuest, pushAsync, waitFor } from './helpers.ts';
import { cleanEnv, listing, startNode, type Node } from './node_processes.ts';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const NODES = ['node-1', 'node-2', 'node-3'];
const LEASE_MS = 1000;

describe('draining one of three node processes', () => {
  const nodes: Node[] = [];
  const sockets: Array<{ disconnect(): void }> = [];
  let db: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;

  before(async () => {
    db = await withDatabase();
    env = {
      ...ROOMY_LIMITS, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn',
      REDIS_URL: 'redis://127.0.0.1:6379', PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
      PITBOSS_SECRET: randomBytes(24).toString('base64'), DATABASE_URL: db.url, PITBOSS_LEASE_MS: String(LEASE_MS),
      PITBOSS_GUEST_BALANCE: '10000', PITBOSS_BETTING_MS: '1500', PITBOSS_TURN_MS: '10000', PITBOSS_DRAIN_TIMEOUT_MS: '20000',
    };
    for (const id of NODES) nodes.push(await startNode(main, id, env));
    await new Promise((r) => setTimeout(r, LEASE_MS)); // every node has scanned the others
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const n of nodes) if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
    await Promise.all(nodes.map((n) => new Promise((r) => (n.child.exitCode !== null || n.child.signalCode !== null ? r(null) : n.child.once('exit', r)))));
    await db?.drop();
  });

  it('lets the running round settle on the draining node, hands the table over with its seats, and the players play on', async () => {
    const [n1, n2, n3] = nodes as [Node, Node, Node];
    const connect = async (via: Node, name: string) => {
      const guest = await newGuest(via.url, name);
      const socket = clientSocket(via.port, { params: { token: guest.token } });
      socket.connect();
      sockets.push(socket);
      const lobby = socket.channel('lobby', {});
      assert.equal((await joinAsync(lobby)).status, 'ok');
      return { guest, socket, lobby };
    };
    // The command says which nodes are live when it is not told which, and refuses one that is not.
    const run = (args: string[], e: Record<string, string> = env) => spawnSync(process.execPath, [main, 'drain', ...args], { env: cleanEnv(e), encoding: 'utf8', timeout: 30_000 });
    const which = run([]);
    assert.equal(which.status, 2, which.stderr);
    assert.match(which.stderr, /live nodes: node-1, node-2, node-3; say which with --node/);
    const nope = run(['--node', 'node-9']);
    assert.equal(nope.status, 1, nope.stderr);
    assert.match(nope.stderr, /node node-9 is not live/);
    const { REDIS_URL: _, ...single } = env;
    const alone = run(['--node', 'node-3'], single);
    assert.equal(alone.status, 2, alone.stderr);
    assert.match(alone.stderr, /needs REDIS_URL/);

    const cat = await connect(n1, 'cat');
    const dog = await connect(n2, 'dog');

    // A shared baccarat table on node-3 (a new table lands where its id hashes).
    let shared: string | undefined;
    for (let k = 1; k <= 40 && shared === undefined; k++) {
      const r = await pushAsync(cat.lobby, 'find_table', { game: 'baccarat', shared: true, min_bet: 100 + k });
      assert.equal(r.status, 'ok', JSON.stringify(r.response));
      if ((await listing(n1)).find((t) => t.id === r.response.id)?.node === 'node-3') shared = r.response.id;
    }
    assert.ok(shared, 'a shared table on node-3');
    const watch = (ch: any) => {
      const t = { ch, errors: 0, events: [] as any[], notices: [] as any[], seqAtMove: -1 };
      ch.onError(() => { t.errors++; });
      ch.on('event', (e: any) => { t.events.push(e); });
      ch.on('notice', (n: any) => {
        t.notices.push(n);
        if (n.kind === 'table_moved') t.seqAtMove = Math.max(0, ...t.events.map((e) => e.seq)); // the last number the old owner gave
      });
      return t;
    };
    const a = watch(cat.socket.channel(`table:${shared}`, {}));
    const b = watch(dog.socket.channel(`table:${shared}`, {}));
    assert.equal((await joinAsync(a.ch)).status, 'ok');
    assert.equal((await joinAsync(b.ch)).status, 'ok');
    assert.equal((await pushAsync(a.ch, 'sit', { seat: 2 })).status, 'ok');
    const bet = await pushAsync(a.ch, 'act', { action: 'bet', bets: [{ on: 'banker', amount: 300 }] });
    assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
    const roundId = bet.response.round_id as string;

    // Drain node-3 from the command line while the coup's betting window is open.
    const askedAt = Date.now();
    const cli = spawn(process.execPath, [main, 'drain', '--node', 'node-3'], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let cliOut = '';
    cli.stdout!.on('data', (d: Buffer) => { cliOut += d.toString(); });
    cli.stderr!.on('data', (d: Buffer) => { cliOut += d.toString(); });
    const cliExit = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
    await waitFor('the table says it is moving', () => a.events.some((e) => e.type === 'table_moving'), 10_000);
    // A seat asked for now is a clean retry: the table takes no one while it moves.
    const sitMoving = await pushAsync(b.ch, 'sit', { seat: 4 });
    assert.equal(sitMoving.status, 'error');
    assert.equal(sitMoving.response.reason, 'unavailable', JSON.stringify(sitMoving.response));
    assert.equal(sitMoving.response.cause, 'table_moving', JSON.stringify(sitMoving.response));

    // The open coup settles on node-3, by the table, before the move.
    await waitFor('the coup settles', () => a.events.some((e) => e.type === 'settled' && e.round_id === roundId), 10_000);
    let movedTo: string | undefined;
    const until = Date.now() + 10_000;
    while (movedTo === undefined && Date.now() < until) {
      const row = (await listing(n1)).find((t) => t.id === shared);
      if (row && row.node !== 'node-3') movedTo = row.node;
      else await new Promise((r) => setTimeout(r, 20));
    }
    const servedMs = Date.now() - askedAt;
    assert.ok(movedTo, 'the table is listed on another node');
    await waitFor('cat was told the table moved', () => a.notices.some((n) => n.kind === 'table_moved'), 10_000);
    await waitFor('cat rejoined', () => a.errors > 0 && a.ch.state === 'joined', 10_000);
    await waitFor('dog rejoined', () => b.errors > 0 && b.ch.state === 'joined', 10_000);
    const settledAt = a.events.find((e) => e.type === 'settled' && e.round_id === roundId);
    assert.ok(settledAt);
    // seq across the hand-over: exact (the record carries it), so resume from the last number seen on node-3 answers what the new owner said since.
    const resumed = await pushAsync(a.ch, 'resume', { since: a.seqAtMove });
    assert.equal(resumed.status, 'ok', `resume from ${a.seqAtMove} on the new owner: ${JSON.stringify(resumed.response)}`);
    assert.deepEqual(resumed.response.events.map((e: any) => e.seq), resumed.response.events.map((_: unknown, i: number) => a.seqAtMove + 1 + i), 'numbered on by one');

    // Seated still (handed over): cat bets at once; dog's sit, refused during the move, succeeds now.
    const again = await pushAsync(a.ch, 'act', { action: 'bet', bets: [{ on: 'player', amount: 200 }] });
    assert.equal(again.status, 'ok', JSON.stringify(again.response));
    const resat = await pushAsync(b.ch, 'sit', { seat: 4 });
    assert.equal(resat.status, 'ok', JSON.stringify(resat.response));
    await waitFor('a coup settles on the new owner', () => a.events.some((e) => e.type === 'settled' && e.round_id === again.response.round_id), 10_000);
    assert.equal(await cliExit, 0, cliOut);
    assert.match(cliOut, /node node-3 has stopped/);
    await new Promise((r) => (n3.child.exitCode !== null ? r(null) : n3.child.once('exit', r)));
    assert.equal(n3.child.exitCode, 0, 'node-3 exits cleanly');
    console.log(`drain (3 processes, lease ${LEASE_MS} ms): ${shared} served on ${movedTo} ${servedMs} ms after \`pitboss drain\` (its open coup settled on node-3 first); node-3 stopped: ${cliOut.trim().split('\n').at(-1)}`);

    // Money: stop the nodes, then read the ledger they shared.
    for (const s of sockets) s.disconnect();
    for (const n of [n1, n2]) n.child.kill('SIGTERM');
    await Promise.all([n1, n2].map((n) => new Promise((r) => (n.child.exitCode !== null ? r(null) : n.child.once('exit', r)))));
    const store = await openStore({ kind: 'postgres', url: db.url }, { migrate: false });
    try {
      const check = await checkLedger(store);
      assert.equal(check.sum, 0, 'the ledger sums to zero');
      assert.equal(check.open_rounds, 0, 'no round left open');
      assert.ok(check.ok, JSON.stringify(check));
      const [drained] = await store.query<{ node_id: string; resolution: string }>('SELECT node_id, resolution FROM rounds WHERE id = $1', [roundId]);
      assert.deepEqual(drained, { node_id: 'node-3', resolution: 'normal' }, 'the drained round settled on node-3 by the table itself');
      const recovered = await store.query<{ n: string }>(`SELECT count(*)::text AS n FROM rounds WHERE resolution <> 'normal'`);
      assert.equal(recovered[0]!.n, '0', 'no round completed or refunded by recovery');
    } finally {
      await store.close();
    }
  });
});
