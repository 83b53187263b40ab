// Property: whatever a client sends, the server answers with a clear error reply or a
// clean close (1007 malformed, 1009 too big) — never a crash — and a second socket on
// the same server keeps working across the whole run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RawClient } from './raw.ts';
import { startServer, type TestServer } from './support.ts';

type Expect = 'close' | 'reply' | 'either';
interface Case {
  kind: string;
  frame: (ref: string, joinRef: string) => string | Buffer;
  expect: Expect;
  reason?: string;
}

const notJson = fc.string().filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
const nonObject = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.boolean());
const known = new Set(['echo', 'crash', 'refuse', 'shout', 'shout_from', 'personal', 'push_me', 'set', 'get', 'bytes', 'stop', 'phx_join', 'phx_leave', 'heartbeat']);

const cases: fc.Arbitrary<Case> = fc.oneof(
  notJson.map((s): Case => ({ kind: 'not json', frame: () => s, expect: 'close' })),
  fc.array(fc.jsonValue(), { maxLength: 4 }).map((a): Case => ({ kind: 'wrong arity', frame: () => JSON.stringify(a), expect: 'close' })),
  fc.tuple(fc.integer(), fc.integer()).map(([a, b]): Case => ({ kind: 'numeric refs', frame: () => JSON.stringify([a, b, 'room:p', 'echo', {}]), expect: 'close' })),
  nonObject.map((p): Case => ({ kind: 'non-object payload', frame: (r, j) => JSON.stringify([j, r, 'room:p', 'echo', p]), expect: 'reply', reason: 'invalid_payload' })),
  fc.oneof(fc.integer(), fc.constant(null), fc.boolean()).map((e): Case => ({ kind: 'wrong event type', frame: (r, j) => JSON.stringify([j, r, 'room:p', e, {}]), expect: 'reply', reason: 'invalid_payload' })),
  fc.string().filter((e) => !known.has(e)).map((e): Case => ({ kind: 'unknown event', frame: (r, j) => JSON.stringify([j, r, 'room:p', e, {}]), expect: 'reply', reason: 'unknown_event' })),
  fc.string().filter((t) => !t.startsWith('room:') && !t.startsWith('presence:') && t !== 'phoenix').map((t): Case => ({ kind: 'unjoined topic', frame: (r) => JSON.stringify([null, r, t, 'echo', {}]), expect: 'reply', reason: 'unmatched topic' })),
  fc.uint8Array({ maxLength: 300 }).map((b): Case => ({ kind: 'binary garbage', frame: () => Buffer.from(b), expect: 'either' })),
  fc.integer({ min: 70_000, max: 200_000 }).map((n): Case => ({ kind: 'huge', frame: (r, j) => JSON.stringify([j, r, 'room:p', 'echo', { blob: 'x'.repeat(n) }]), expect: 'close' })),
  fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.jsonValue()).map((a): Case => ({ kind: 'random 5-tuple', frame: () => JSON.stringify(a), expect: 'either' })),
);

describe('malformed frames (property)', () => {
  let srv: TestServer;
  let watcher: RawClient;
  let watcherJoin: string;
  before(async () => {
    srv = await startServer({ limits: { maxFrameBytes: 64 * 1024 } });
    watcher = await RawClient.open(srv.port, 'token=good-watch&vsn=2.0.0');
    const j = await watcher.request('room:watch', 'phx_join');
    watcherJoin = j[0];
  });
  after(() => srv.stop());

  it('answers every frame with an error reply or a clean close, and other sockets are unaffected', async () => {
    let c = await RawClient.open(srv.port);
    let joinRef = (await c.request('room:p', 'phx_join'))[0];
    const seen = new Map<string, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(cases, async (k) => {
        seen.set(k.kind, (seen.get(k.kind) ?? 0) + 1);
        const ref = `x${++n}`;
        c.sendRaw(k.frame(ref, joinRef));
        // A probe through the same channel: when its reply (or a close) arrives, the
        // frame before it has been fully handled.
        const probe = c.nextRef();
        c.sendRaw(JSON.stringify([joinRef, probe, 'room:p', 'echo', { probe }]));
        const t0 = Date.now();
        const answered = await c.waitFor((f) => Array.isArray(f) && f[1] === probe);
        if (process.env.TRACE) console.log(k.kind, Date.now() - t0);
        assert.ok(answered !== undefined || c.closed !== null, `no answer after ${k.kind}`);
        const reply = c.frames.find((f) => Array.isArray(f) && f[1] === ref && f[3] === 'phx_reply');
        if (c.closed !== null) {
          assert.ok([1007, 1009].includes(c.closed.code), `${k.kind}: closed with ${c.closed.code}`);
          assert.notEqual(k.expect, 'reply', `${k.kind} should have been answered, not closed`);
          c = await RawClient.open(srv.port);
          joinRef = (await c.request('room:p', 'phx_join'))[0];
        } else {
          assert.notEqual(k.expect, 'close', `${k.kind} should have closed the socket`);
          if (k.expect === 'reply') {
            assert.ok(reply, `${k.kind}: no reply`);
            assert.equal(reply[4].status, 'error');
            assert.equal(reply[4].response.reason, k.reason);
            assert.equal(typeof reply[4].response.message, 'string');
          }
          for (const f of c.frames) assert.notEqual(f[3], 'phx_error', `${k.kind} crashed the channel`);
        }
        c.frames.length = 0;
        // The other socket is never affected.
        const w = await watcher.request('room:watch', 'echo', { n }, watcherJoin);
        assert.deepEqual(w[4], { status: 'ok', response: { n } });
      }),
      { numRuns: Number(process.env.RUNS ?? 300), endOnFailure: true },
    );
    c.close();
    assert.equal(watcher.closed, null);
    for (const kind of ['not json', 'wrong arity', 'numeric refs', 'non-object payload', 'unknown event', 'binary garbage', 'huge']) {
      assert.ok((seen.get(kind) ?? 0) > 0, `the run covered ${kind}`);
    }
  });
});
