import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_RATES, formatRate, parseRate, ratesFromEnv, MAX_POINTS, MAX_SECONDS, type RateSpec } from '../../../src/casino/limits/index.ts';

describe('parseRate', () => {
  const good: Array<[string, RateSpec]> = [
    ['20/1s', { points: 20, seconds: 1 }],
    ['20/s', { points: 20, seconds: 1 }],
    ['5/10s', { points: 5, seconds: 10 }],
    ['10/1m', { points: 10, seconds: 60 }],
    ['100/2h', { points: 100, seconds: 7200 }],
    [' 20 / 1S ', { points: 20, seconds: 1 }],
    ['20/1s+10/10s', { points: 20, seconds: 1, burst: { points: 10, seconds: 10 } }],
    ['20/1s + 10/1s', { points: 20, seconds: 1, burst: { points: 10, seconds: 1 } }],
  ];
  for (const [text, spec] of good) {
    it(`reads "${text}"`, () => assert.deepEqual(parseRate(text), spec));
  }

  const bad: Array<[string, RegExp]> = [
    ['', /not of the form/],
    ['20', /not of the form/],
    ['20/1d', /not of the form/],
    ['-1/1s', /not of the form/],
    ['1.5/1s', /not of the form/],
    ['off', /not of the form/],
    ['0/1s', /points must be from 1/],
    [`${MAX_POINTS + 1}/1s`, /points must be from 1/],
    ['5/0s', /window must be from 1 s/],
    ['5/25h', /window must be from 1 s/],
    ['20/10s+5/1s', /burst window must be at least as long/],
    ['1/1s+1/1s+1/1s', /at most one/],
  ];
  for (const [text, message] of bad) {
    it(`refuses "${text}"`, () => assert.throws(() => parseRate(text), (e: unknown) => e instanceof RangeError && message.test(e.message)));
  }

  it('round-trips through formatRate', () => {
    const window = fc.record({ points: fc.integer({ min: 1, max: MAX_POINTS }), seconds: fc.integer({ min: 1, max: MAX_SECONDS }) }, { noNullPrototype: true });
    const spec = fc.oneof(
      window,
      fc.tuple(window, fc.integer({ min: 1, max: MAX_POINTS }), fc.integer({ min: 0, max: MAX_SECONDS })).map(([w, points, extra]) => ({
        ...w,
        burst: { points, seconds: Math.min(MAX_SECONDS, w.seconds + extra) },
      })),
    );
    fc.assert(fc.property(spec, (s: RateSpec) => assert.deepEqual(parseRate(formatRate(s)), s)));
  });

  it('formats the defaults as the docs write them', () => {
    assert.equal(formatRate(DEFAULT_RATES.action), '20/1s+10/10s');
    assert.equal(formatRate(DEFAULT_RATES.guest), '10/60s');
    assert.equal(formatRate(DEFAULT_RATES.read), '5/1s+20/10s');
  });
});

describe('ratesFromEnv', () => {
  it('gives the defaults for an empty environment', () => {
    assert.deepEqual(ratesFromEnv({}), { rates: DEFAULT_RATES, issues: [] });
  });

  it('overrides only the buckets set, treating empty as unset', () => {
    const { rates, issues } = ratesFromEnv({ PITBOSS_RATE_ACTIONS: '50/1s', PITBOSS_RATE_CHAT: '', PITBOSS_RATE_GUESTS: '3/1m' });
    assert.deepEqual(issues, []);
    assert.deepEqual(rates.action, { points: 50, seconds: 1 });
    assert.deepEqual(rates.guest, { points: 3, seconds: 60 });
    assert.deepEqual(rates.chat, DEFAULT_RATES.chat);
    assert.deepEqual(rates.connect, DEFAULT_RATES.connect);
  });

  it('reports every bad variable by name and keeps the default for it', () => {
    const { rates, issues } = ratesFromEnv({ PITBOSS_RATE_CONNECTS: 'lots', PITBOSS_RATE_JOINS: '0/1s', PITBOSS_RATE_CHAT: '9/10s' });
    assert.deepEqual(issues, [
      'PITBOSS_RATE_CONNECTS: "lots" is not of the form 20/1s, 5/10s or 10/1m',
      'PITBOSS_RATE_JOINS: points must be from 1 to 1000000',
    ]);
    assert.deepEqual(rates.connect, DEFAULT_RATES.connect);
    assert.deepEqual(rates.chat, { points: 9, seconds: 10 });
  });

  it('does not modify the defaults', () => {
    ratesFromEnv({ PITBOSS_RATE_CHAT: '1/1s' });
    assert.deepEqual(DEFAULT_RATES.chat, { points: 5, seconds: 10 });
  });
});
