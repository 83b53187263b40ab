// `pitboss chaos` as CI runs it: three node processes on the local Redis (a prefix of the
// drill's own) and a scratch PostgreSQL database, bots at all five games, 30 s of faults.
// It must exit 0 — the ledger sums to zero, the audit chain is whole, no round is open,
// every bot holds its start balance plus its settled rounds — and report what happened.
// Timings (restarts, moves) are printed by the tool, not asserted: the machine is shared.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function cleanEnv(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PITBOSS_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(k)) out[k] = v;
  return out;
}

describe('pitboss chaos', () => {
  it('runs 30 s of faults on 3 nodes under mixed load, and passes its checks', { timeout: 150_000 }, async () => {
    const child = spawn(process.execPath, [main, 'chaos', '--duration', '30s', '--nodes', '3'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    console.log(out);
    assert.equal(code, 0, `exit ${code}\n${out}\n${err.slice(-3000)}`);

    const num = (re: RegExp) => {
      const m = re.exec(out);
      assert.ok(m, `no line matching ${re} in\n${out}`);
      return Number(m[1]);
    };
    assert.ok(num(/^faults injected: (\d+)$/m) >= 2, 'faults were injected');
    num(/^tables moved: (\d+) \(fault to new claim listed: p50 \d+ ms/m);
    assert.ok(num(/^rounds completed: (\d+) while playing/m) > 0, 'rounds were played');
    num(/^actions refused: (\d+) while playing/m);
    assert.equal(num(/^ {2}failed to rejoin: (\d+)/m), 0, 'every client rejoined');
    assert.equal(num(/^tables moved: .*not served at the end: (\d+)/m), 0, 'every table of a faulted node serves at the end');
    for (const check of [/PASS {2}ledger check: sum 0 /, /PASS {2}audit verify: /, /PASS {2}open rounds: 0/, /PASS {2}tables served: every claimed table held by a live node/, /PASS {2}balances: (\d+) of \1 players/]) assert.match(out, check);
    assert.match(out, /^chaos: PASS$/m);
  });
});
