import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { RefusalLog } from '../../src/ops/refusals.ts';

describe('RefusalLog', () => {
  it('writes at most perSecond lines a second and reports how many it left out', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const log = pino({ level: 'info' }, sink);
    let now = 10_000;
    const refusals = new RefusalLog(log, { perSecond: 3, now: () => now });
    for (let i = 0; i < 1000; i++) refusals.refused({ via: 'socket', reason: 'rate_limited', ip: '203.0.113.9', status: 429 });
    assert.equal(lines.length, 3, 'a flood of 1,000 refusals writes 3 lines');
    now += 1000;
    refusals.refused({ via: 'http', reason: 'token_invalid', ip: '203.0.113.9', status: 401, route: 'GET /api/me' });
    assert.equal(lines.length, 4);
    assert.deepEqual([lines[3]!['reason'], lines[3]!['ip'], lines[3]!['suppressed'], lines[3]!['level']], ['token_invalid', '203.0.113.9', 997, 40]);
  });
});
