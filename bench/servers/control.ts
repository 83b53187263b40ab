// The runner's control channel into a bench server process. Every server
// implementation calls `serveControl` once it listens, so the runner reads
// memory and CPU the same way for Pitboss and for every peer.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import type { ServerMessage, ServerRequest, ServerStats } from '../protocol.ts';

// How late the main thread's timers fire: what every socket on it waits on top of its
// own work. 10 ms resolution; read and reset by each snapshot.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

export interface Counts {
  connections(): number;
  rooms(): number;
  /** Servers with a ledger (the real server): its conservation check, `ledger.check()`. */
  ledgerCheck?(): Promise<Record<string, unknown>>;
}

function snapshot(counts: Counts): ServerStats {
  const m = process.memoryUsage();
  const c = process.cpuUsage();
  const p99 = loopDelay.percentile(99) / 1e6;
  const max = loopDelay.max / 1e6;
  loopDelay.reset();
  return {
    rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers,
    cpuUser: c.user, cpuSystem: c.system,
    connections: counts.connections(), rooms: counts.rooms(),
    loopDelayP99Ms: p99, loopDelayMaxMs: max,
  };
}

// PITBOSS_BENCH_HEAP_SNAPSHOT=<dir> (bench/heap_probe.ts): every 'gc' request also writes
// a V8 heap snapshot there, gc-1.heapsnapshot, gc-2…, taken after the collections and
// after the stats were read (a snapshot allocates).
const snapshotDir = process.env['PITBOSS_BENCH_HEAP_SNAPSHOT'];
let snapshots = 0;
function heapSnapshot(): void {
  if (snapshotDir) writeHeapSnapshot(join(snapshotDir, `gc-${++snapshots}.heapsnapshot`));
}

// Several full collections: one pass can leave garbage reachable only from
// objects freed in that same pass, which would bias "heap per connection".
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

export function serveControl(port: number, counts: Counts): void {
  const send = (m: ServerMessage) => process.send?.(m);
  process.on('message', (raw) => {
    const req = raw as ServerRequest;
    if (req.cmd === 'ledger-check') {
      const check = counts.ledgerCheck;
      if (!check) return send({ type: 'ledger', id: req.id, check: null, error: 'this server has no ledger' });
      void check().then(
        (c) => send({ type: 'ledger', id: req.id, check: c }),
        (e: Error) => send({ type: 'ledger', id: req.id, check: null, error: e.message }),
      );
    } else if (req.cmd === 'gc') void collect().then(() => {
      const stats = snapshot(counts);
      heapSnapshot();
      send({ type: 'reply', id: req.id, stats });
    });
    else send({ type: 'reply', id: req.id, stats: snapshot(counts) });
  });
  // The runner owns our lifetime: when it goes, we go, even if it crashed.
  process.on('disconnect', () => process.exit(0));
  // Exit (not die) on the runner's SIGTERM, so a --cpu-prof profile is written (PITBOSS_BENCH_CPU_PROF).
  process.once('SIGTERM', () => process.exit(0));
  send({ type: 'ready', port });
  if (!process.send) console.log(`listening on ${port}`);
}

/** Port from argv (`--port N`), 0 = any free port. */
export function portArg(): number {
  const i = process.argv.indexOf('--port');
  return i >= 0 ? Number(process.argv[i + 1]) : 0;
}
