// A table's `seq` across its own crash and restart on the same node: the new process numbers
// on from the last event of the old one (the manager keeps it), so a client resuming from
// the last number it saw gets exactly what the new process said since (the restart's
// events), and a number this table never gave is answered `too_old`, never an empty list.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ok, refused, startCasino, type Casino } from '../harness.ts';

describe('seq across a table restart', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '3000' } });
  });
  after(() => casino.close());

  it('goes on from the crashed process: resume from the last seen seq answers the restart\'s events', async () => {
    const ann = await casino.guest('ann');
    const t = await ann.find('roulette');
    ok(await t.act({ action: 'bet', bets: [{ type: 'red', amount: 300 }] }));
    await t.until('the bet\'s events', () => t.pushes('event').length > 0);
    const seen = Math.max(t.reply.seq, ...t.pushes('event').map((e: any) => e.seq));
    await casino.crash(t.tableId);
    await t.until('the restart', () => t.pushes('notice').some((n) => n.kind === 'table_restarted'));
    const missed = ok(await t.push('resume', { since: seen })).events;
    assert.ok(missed.length > 0, 'the restart announced itself');
    assert.deepEqual(missed.map((e: any) => e.seq), missed.map((_: unknown, i: number) => seen + 1 + i), 'numbered on from the old process');
    assert.ok(missed.some((e: any) => e.type === 'table_restarted'), JSON.stringify(missed));
    refused(await t.push('resume', { since: seen + 100 }), 'too_old');
  });
});
