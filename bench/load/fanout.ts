// One fan-out step: actions at a fixed total rate, round-robin over the seated
// clients, each answered by a broadcast to its whole room (sender included).
// Latency is measured from the action's *scheduled* time to its arrival at each
// member, so a stalled server cannot hide queueing delay by slowing the sender
// (coordinated omission); the load process's own CPU is reported so a step
// limited by the generator rather than the server can be recognised.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { PAD, ROOM_SIZE } from '../protocol.ts';
import type { Pool } from './pool.ts';

export interface StepResult {
  rate: number;
  sent: number;
  acked: number;
  expected: number;
  received: number;
  late: number;
  durationMs: number;
  actionsPerSec: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  loadCpu: number;
}

let seq = 0; // global across steps, so a straggler from an earlier step is recognisable

export async function fanoutStep(pool: Pool, rate: number, durationMs: number, drainMs: number): Promise<StepResult> {
  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const firstSeq = seq;
  let received = 0;
  let late = 0;
  pool.onEvent = (_c, ev) => {
    if (ev.s < firstSeq) return void late++;
    received++;
    hist.recordValue(Math.max(1, Math.round((performance.now() - ev.t) * 1000)));
  };
  const clients = pool.clients;
  const acked0 = pool.acked();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let sent = 0;
  const interval = 1000 / rate;
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const now = performance.now();
      const due = Math.min(Math.floor(((now - start) * rate) / 1000), Math.floor((durationMs * rate) / 1000));
      for (; sent < due; sent++) clients[sent % clients.length].act({ s: seq++, t: start + sent * interval, p: PAD });
      if (now - start >= durationMs) {
        clearInterval(tick);
        done();
      }
    }, 1);
  });
  const elapsed = performance.now() - start;
  const expected = sent * ROOM_SIZE;
  const deadline = performance.now() + drainMs;
  while ((received < expected || pool.acked() - acked0 < sent) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const cpu = process.cpuUsage(cpu0);
  const result: StepResult = {
    rate, sent, acked: pool.acked() - acked0, expected, received, late, durationMs: Math.round(elapsed),
    actionsPerSec: Math.round((sent * 1000) / elapsed),
    deliveriesPerSec: Math.round((received * 1000) / elapsed),
    p50Ms: hist.getValueAtPercentile(50) / 1000,
    p99Ms: hist.getValueAtPercentile(99) / 1000,
    p999Ms: hist.getValueAtPercentile(99.9) / 1000,
    maxMs: hist.maxValue / 1000,
    loadCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - start),
  };
  pool.onEvent = () => {};
  return result;
}
