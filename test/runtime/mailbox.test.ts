import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Mailbox } from '../../src/runtime/mailbox.ts';

describe('Mailbox', () => {
  it('behaves as a FIFO queue under any mix of pushes and shifts, across compactions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2500), fc.nat(2500)), { minLength: 1, maxLength: 12 }), (rounds) => {
        const mb = new Mailbox<number>();
        const model: number[] = [];
        let next = 0;
        for (const [pushes, shifts] of rounds) {
          for (let i = 0; i < pushes; i++) {
            mb.push(next % 2 === 0 ? 'cast' : 'call', next, next);
            model.push(next++);
          }
          for (let i = 0; i < shifts; i++) {
            const expected = model.shift();
            assert.equal(mb.shift(), expected !== undefined);
            if (expected === undefined) break;
            assert.equal(mb.msg, expected);
            assert.equal(mb.from, expected);
            assert.equal(mb.kind, expected % 2 === 0 ? 'cast' : 'call');
          }
          assert.equal(mb.length, model.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
