// The terminal channel's payload parser, by property: every well-formed event parses to
// itself; every event with one field broken — a wrong type, a float or negative amount,
// a key with a forbidden character, a missing field, an unknown field — is refused with
// `invalid_payload` and a message that starts with the field it is about.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTerminalEvent } from '../../../src/casino/index.ts';
import { PitbossError } from '../../../src/errors.ts';

const key = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,100}$/);
const amount = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const at = fc.integer({ min: 0, max: 8.64e15 });
const text = fc.stringMatching(/^[\x20-\x7e]{1,120}$/);

// Payloads as JSON.parse makes them: plain objects.
const NO_NULL = { noNullPrototype: true } as const;
const events = {
  heartbeat: fc.record({ seq: fc.nat(), progress: fc.nat() }, { requiredKeys: ['progress'], noNullPrototype: true }),
  device_status: fc.record({
    key, at,
    bill_acceptor: fc.constantFrom('ok', 'disabled', 'jammed', 'full', 'fault'),
    printer: fc.constantFrom('ok', 'paper_low', 'paper_out', 'jammed', 'fault'),
    door: fc.constantFrom('closed', 'open'),
    errors: fc.array(text, { maxLength: 16 }),
  }, NO_NULL),
  cash_in: fc.record({ key, amount, at }, NO_NULL),
  ticket: fc.record({ key, amount, at, direction: fc.constantFrom('out', 'in'), number: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/) }, NO_NULL),
} as const;
type EventName = keyof typeof events;
const anyEvent = fc.oneof(...(Object.keys(events) as EventName[]).map((name) => events[name].map((payload) => ({ name, payload: payload as Record<string, unknown> }))));

/** Values no field of any event accepts in place of a number or a string of its grammar. */
const badValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.constant(1.5), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.constant(''),
  fc.constant('has space'), fc.constant('é'), fc.constant('x'.repeat(130)), fc.constant({}), fc.constant([1]),
);

function refusal(name: string, payload: unknown): PitbossError {
  try {
    parseTerminalEvent(name, payload);
  } catch (err) {
    assert.ok(err instanceof PitbossError, String(err));
    return err;
  }
  assert.fail(`accepted ${name} ${JSON.stringify(payload)}`);
}

describe('the terminal event parser', () => {
  it('parses every well-formed event to the same value', () => {
    fc.assert(fc.property(anyEvent, ({ name, payload }) => {
      assert.deepEqual(parseTerminalEvent(name, payload), { type: name, msg: payload });
    }));
  });

  it('refuses an event with one field replaced by a bad value, naming that field', () => {
    fc.assert(fc.property(anyEvent, fc.nat(), badValue, ({ name, payload }, pick, bad) => {
      const fields = Object.keys(payload);
      const field = fields[pick % fields.length]!;
      const broken = { ...payload, [field]: bad };
      // A few bad values are good for some field (an empty array is a valid `errors`); those cases are skipped.
      fc.pre(!(field === 'errors' && Array.isArray(bad)));
      const err = refusal(name, broken);
      assert.equal(err.reason, 'invalid_payload');
      assert.ok(err.message.startsWith(`${field}`), `${name}.${field} = ${JSON.stringify(bad)}: "${err.message}"`);
    }));
  });

  it('refuses an event with a required field missing, naming it', () => {
    fc.assert(fc.property(anyEvent, fc.nat(), ({ name, payload }, pick) => {
      const required = Object.keys(payload).filter((f) => f !== 'seq');
      const field = required[pick % required.length]!;
      const { [field]: _gone, ...rest } = payload;
      const err = refusal(name, rest);
      assert.equal(err.reason, 'invalid_payload');
      assert.match(err.message, new RegExp(`^${field}: Invalid (input|option)`));
    }));
  });

  it('refuses an unknown field, naming it', () => {
    fc.assert(fc.property(anyEvent, fc.stringMatching(/^[a-z_]{1,20}$/), ({ name, payload }, extra) => {
      fc.pre(!(extra in payload) && !['seq', 'progress', 'key', 'at', 'amount', 'direction', 'number', 'bill_acceptor', 'printer', 'door', 'errors'].includes(extra));
      const err = refusal(name, { ...payload, [extra]: 1 });
      assert.equal(err.reason, 'invalid_payload');
      assert.equal(err.message, `Unrecognized key: "${extra}"`);
    }));
  });

  it('refuses payloads that are not objects, and events it does not know', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(events)), fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.array(fc.nat())), (name, payload) => {
      assert.equal(refusal(name, payload).reason, 'invalid_payload');
    }));
    assert.equal(refusal('withdraw', {}).reason, 'unknown_event');
    assert.equal(refusal('x'.repeat(1000), {}).message.length < 100, true, 'an unknown name is not echoed at length');
  });
});
