import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Presence } from 'phoenix';
import { PresenceState, makeRefGenerator } from '../../src/wire/presence_state.ts';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
const counter = () => {
  let n = 0;
  return () => `r${++n}`;
};

describe('PresenceState (pure)', () => {
  it('diffs a join with the new meta and its phx_ref, and lists it', () => {
    const s = new PresenceState(counter());
    assert.deepEqual(plain(s.track('lobby', 'ann', 'o1', { device: 'web' })), { joins: { ann: { metas: [{ device: 'web', phx_ref: 'r1' }] } }, leaves: {} });
    assert.deepEqual(plain(s.list('lobby')), { ann: { metas: [{ device: 'web', phx_ref: 'r1' }] } });
    assert.deepEqual(plain(s.list('other')), {});
  });

  it('refuses to track the same key twice from one owner', () => {
    const s = new PresenceState(counter());
    s.track('t', 'ann', 'o1', {});
    assert.equal(s.track('t', 'ann', 'o1', {}), null);
  });

  it('holds several metas per key and drops the key with its last meta', () => {
    const s = new PresenceState(counter());
    s.track('t', 'ann', 'phone', { device: 'phone' });
    s.track('t', 'ann', 'web', { device: 'web' });
    assert.deepEqual(plain(s.list('t')).ann.metas.map((m: any) => m.device), ['phone', 'web']);
    assert.deepEqual(plain(s.untrack('t', 'ann', 'phone')), { joins: {}, leaves: { ann: { metas: [{ device: 'phone', phx_ref: 'r1' }] } } });
    assert.deepEqual(Object.keys(s.list('t')), ['ann']);
    s.untrack('t', 'ann', 'web');
    assert.deepEqual(plain(s.list('t')), {});
    assert.equal(s.untrack('t', 'ann', 'web'), null);
    assert.equal(s.size, 0);
  });

  it('diffs an update as the new meta (phx_ref_prev) joining and the old one leaving', () => {
    const s = new PresenceState(counter());
    s.track('t', 'ann', 'o', { status: 'away' });
    assert.deepEqual(plain(s.update('t', 'ann', 'o', { status: 'here' })), {
      joins: { ann: { metas: [{ status: 'here', phx_ref: 'r2', phx_ref_prev: 'r1' }] } },
      leaves: { ann: { metas: [{ status: 'away', phx_ref: 'r1' }] } },
    });
    assert.equal(s.update('t', 'bob', 'o', {}), null);
  });

  it('removes everything an owner tracked, one diff per topic', () => {
    const s = new PresenceState(counter());
    s.track('a', 'ann', 'o', {});
    s.track('a', 'ann2', 'o', {});
    s.track('b', 'ann', 'o', {});
    s.track('a', 'bob', 'other', {});
    const diffs = s.untrackAll('o');
    assert.deepEqual([...diffs.keys()].sort(), ['a', 'b']);
    assert.deepEqual(Object.keys(diffs.get('a')!.leaves).sort(), ['ann', 'ann2']);
    assert.deepEqual(Object.keys(s.list('a')), ['bob']);
    assert.equal(s.untrackAll('o').size, 0);
  });

  it('keeps "__proto__" an ordinary key', () => {
    const s = new PresenceState(counter());
    const d = s.track('t', '__proto__', 'o', {});
    assert.deepEqual(JSON.parse(JSON.stringify(d)).joins.__proto__.metas.length, 1);
    assert.deepEqual(Object.keys(s.list('t')), ['__proto__']);
  });

  it('produces diffs the official client applies to the same state as the server list', () => {
    const s = new PresenceState(counter());
    let client: any = {};
    const apply = (d: unknown) => (client = Presence.syncDiff(client, plain(d)));
    apply(s.track('t', 'ann', 'p', { d: 1 }));
    apply(s.track('t', 'ann', 'w', { d: 2 }));
    apply(s.track('t', 'bob', 'p2', { d: 3 }));
    apply(s.update('t', 'ann', 'w', { d: 4 }));
    apply(s.untrack('t', 'ann', 'p'));
    apply(s.untrack('t', 'bob', 'p2'));
    assert.deepEqual(plain(client), plain(s.list('t')));
    assert.deepEqual(plain(Presence.syncState({}, plain(s.list('t')))), plain(s.list('t')));
  });

  it('generates unique 16-character base64url phx_refs, even within one millisecond', () => {
    const next = makeRefGenerator(() => 1_700_000_000_000);
    const refs = new Set(Array.from({ length: 10_000 }, next));
    assert.equal(refs.size, 10_000);
    for (const r of [...refs].slice(0, 50)) assert.match(r, /^[A-Za-z0-9_-]{16}$/);
  });
});
