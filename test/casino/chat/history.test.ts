import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChatHistory, DEFAULT_HISTORY, MAX_HISTORY, type ChatMessage } from '../../../src/casino/chat/index.ts';

const msg = (i: number): ChatMessage => ({ player_id: `p${i % 3}`, name: `n${i % 3}`, text: `m${i}`, at: 1000 + i });

describe('ChatHistory', () => {
  it('holds 50 messages by default', () => {
    const h = new ChatHistory();
    assert.equal(h.capacity, DEFAULT_HISTORY);
    for (let i = 0; i < 60; i++) h.push(msg(i));
    assert.equal(h.size, 50);
    assert.deepEqual(h.recent().map((m) => m.text), Array.from({ length: 50 }, (_, i) => `m${i + 10}`));
  });

  it('returns messages oldest first before it is full', () => {
    const h = new ChatHistory(5);
    h.push(msg(1));
    h.push(msg(2));
    assert.deepEqual(h.recent(), [msg(1), msg(2)]);
  });

  it('drops the oldest on overflow', () => {
    const h = new ChatHistory(3);
    for (let i = 1; i <= 4; i++) h.push(msg(i));
    assert.deepEqual(h.recent().map((m) => m.text), ['m2', 'm3', 'm4']);
  });

  it('gives the latest `limit` messages when asked for fewer', () => {
    const h = new ChatHistory(5);
    for (let i = 1; i <= 5; i++) h.push(msg(i));
    assert.deepEqual(h.recent(2).map((m) => m.text), ['m4', 'm5']);
    assert.deepEqual(h.recent(0), []);
    assert.equal(h.recent(99).length, 5);
  });

  it('keeps nothing with capacity 0', () => {
    const h = new ChatHistory(0);
    h.push(msg(1));
    assert.equal(h.size, 0);
    assert.deepEqual(h.recent(), []);
  });

  it('empties on clear', () => {
    const h = new ChatHistory(3);
    h.push(msg(1));
    h.clear();
    assert.deepEqual(h.recent(), []);
    h.push(msg(2));
    assert.deepEqual(h.recent(), [msg(2)]);
  });

  it('refuses a capacity outside 0..500', () => {
    assert.throws(() => new ChatHistory(-1), RangeError);
    assert.throws(() => new ChatHistory(MAX_HISTORY + 1), RangeError);
    assert.throws(() => new ChatHistory(1.5), RangeError);
  });

  it('always equals the tail of everything pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 25 }), (cap, n, limit) => {
        const h = new ChatHistory(cap);
        const all = Array.from({ length: n }, (_, i) => msg(i));
        for (const m of all) h.push(m);
        const expected = all.slice(Math.max(0, n - Math.min(cap, limit)));
        assert.deepEqual(h.recent(limit), cap === 0 ? [] : expected);
      }),
      { numRuns: 300 },
    );
  });
});
