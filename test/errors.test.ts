import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Reasons, PitbossError, toErrorReply, isReason } from '../src/errors.ts';

describe('the error catalogue', () => {
  const docs = readFileSync(new URL('../docs/protocol.md', import.meta.url), 'utf8');
  const documented = new Set([...docs.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));

  it('is documented reason by reason in docs/protocol.md', () => {
    const missing = Object.keys(Reasons).filter((r) => !documented.has(r));
    assert.deepEqual(missing, []);
  });

  it('documents no reason the code does not have', () => {
    const section = docs.slice(docs.indexOf('## Error reasons'));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    assert.deepEqual(listed.filter((r) => !isReason(r)), []);
  });

  it('uses snake_case for every reason except the two Phoenix socket-level strings', () => {
    const odd = Object.keys(Reasons).filter((r) => !/^[a-z]+(_[a-z]+)*$/.test(r));
    assert.deepEqual(odd.sort(), ['too many channels joined', 'unmatched topic']);
  });

  it('turns a PitbossError into {reason, message, ...details} and anything else into internal_error', () => {
    assert.deepEqual(new PitbossError('rate_limited', undefined, { retry_after: 250 }).toReply(), {
      reason: 'rate_limited',
      message: Reasons.rate_limited,
      retry_after: 250,
    });
    assert.deepEqual(toErrorReply(new TypeError('secret stack detail')), { reason: 'internal_error', message: Reasons.internal_error });
  });

  it('never lets details override the reason or message', () => {
    const reply = new PitbossError('forbidden', 'no', { reason: 'x', message: 'y' }).toReply();
    assert.equal(reply.reason, 'forbidden');
    assert.equal(reply.message, 'no');
  });
});
