// `node bench/heap/probe.ts [--players N] [--idle-ms MS] [--out DIR]`: where a seated slots
// player's heap goes. The real server (bench/servers/casino.ts, in-memory PGlite) and the
// load process as the slots scenario starts them; guests each sign up, connect, join the
// lobby and their own slots table (no spin). A first `--warm` players are seated before the
// baseline, so code compiled and caches filled once are not billed to the players measured.
// Heap snapshots after forced GCs: baseline, N more seated, and the same after `--idle-ms`
// of idleness (tables past their hibernation threshold); then the growth per player by
// constructor (snapshot_diff.ts). Light: no spins, no peers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLoad, startServer } from '../harness/processes.ts';
import { diff, report, tally } from './snapshot_diff.ts';

const { values } = parseArgs({ options: { players: { type: 'string', default: '200' }, 'idle-ms': { type: 'string', default: '0' }, out: { type: 'string' }, top: { type: 'string', default: '40' }, warm: { type: 'string', default: '50' } } });
const players = Number(values.players);
const idleMs = Number(values['idle-ms']);
const dir = values.out ?? mkdtempSync(join(tmpdir(), 'pitboss-heap-'));
process.env['PITBOSS_BENCH_HEAP_SNAPSHOT'] = dir;

const none = { cpus: null };
// Tables hibernate after half the idle wait (when one is asked for), so the last snapshot is past it.
const hibernate = idleMs > 0 ? ['--hibernate-ms', String(Math.max(100, Math.floor(idleMs / 2)))] : [];
const [server, load] = await Promise.all([startServer('casino', none, ['--db', 'memory', ...hibernate]), startLoad(none)]);
try {
  const warm = await load.send({ cmd: 'slots-seat', port: server.port, players: Number(values.warm) });
  if (Number(warm.errorCount) > 0) throw new Error(`warm-up: ${String((warm.errors as string[])[0])}`);
  const empty = await server.gcStats();
  const seat = await load.send({ cmd: 'slots-seat', port: server.port, players });
  const n = Number(seat.seated) - Number(warm.seated); // the load process counts every player it holds
  const seated = await server.gcStats();
  console.log(`${n} players seated (${String(seat.errorCount)} errors); snapshots in ${dir}`);
  console.log(`heap per seated player (over the warm-up), just seated: ${((seated.heapUsed - empty.heapUsed) / n).toFixed(0)} B`);
  console.log(report(diff(tally(join(dir, 'gc-1.heapsnapshot')), tally(join(dir, 'gc-2.heapsnapshot'))), n, Number(values.top)));
  if (idleMs > 0) {
    await new Promise((r) => setTimeout(r, idleMs));
    const idle = await server.gcStats();
    console.log(`\nheap per seated player after ${idleMs} ms idle: ${((idle.heapUsed - empty.heapUsed) / n).toFixed(0)} B`);
    console.log(report(diff(tally(join(dir, 'gc-1.heapsnapshot')), tally(join(dir, 'gc-3.heapsnapshot'))), n, Number(values.top)));
  }
} finally {
  await load.stop();
  await server.stop();
}
