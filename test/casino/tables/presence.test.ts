import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Presence } from '../../../src/casino/tables/presence.ts';

describe('Presence', () => {
  it('marks a player away with a grace id, and a newer disconnect supersedes the older grace', () => {
    const p = new Presence();
    const first = p.wentAway('ann');
    assert.deepEqual([...p.away], ['ann']);
    const second = p.wentAway('ann');
    assert.notEqual(first, second);
    assert.equal(p.isGrace('ann', first), false);
    assert.equal(p.isGrace('ann', second), true);
  });

  it('keeps a player whose grace ran out mid-round away until they leave, then forgets them', () => {
    const p = new Presence();
    const grace = p.wentAway('bob');
    p.leaveAfterRound('bob');
    assert.equal(p.isGrace('bob', grace), false, 'a leaving player has no grace running');
    assert.equal(p.hasLeavers, true);
    assert.deepEqual(p.leavers(), ['bob']);
    assert.equal(p.away.has('bob'), true, 'still sitting out');
    p.clear('bob');
    assert.equal(p.hasLeavers, false);
    assert.equal(p.away.has('bob'), false);
  });

  it('forgets a returning player: their old grace no longer counts', () => {
    const p = new Presence();
    const grace = p.wentAway('cy');
    p.clear('cy');
    assert.equal(p.isGrace('cy', grace), false);
    assert.equal(p.away.size, 0);
  });
});
