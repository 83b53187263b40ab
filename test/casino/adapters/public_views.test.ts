// A game that declares `publicView` has one view built and encoded for every member
// (tables/views.ts), so its `view` must not depend on who looks: if it ever did — a
// "your hand" field, a hidden card for its owner — one player's view would reach everyone.
// Each such adapter is wrapped so that every view the table builds is also built for each
// player in the test and for a spectator, and all must be equal; then rounds are played.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tableGames } from '../../../src/casino/adapters/index.ts';
import type { TableGame } from '../../../src/casino/tables/types.ts';
import { ok, startCasino, type Casino } from '../harness.ts';

const viewers: string[] = [];
const checked: Record<string, number> = {};
const mismatches: string[] = [];

// Wrapped before the casino starts: its tables take their adapters from this registry.
for (const [id, game] of Object.entries(tableGames) as Array<[string, TableGame<unknown>]>) {
  if (game.publicView !== true) continue;
  const view = game.view.bind(game);
  tableGames[id as keyof typeof tableGames] = {
    ...game,
    view(state, viewer, ctx) {
      const seen = view(state, viewer, ctx);
      for (const other of [null, ...viewers]) {
        checked[id] = (checked[id] ?? 0) + 1;
        try {
          assert.deepStrictEqual(view(state, other, ctx), seen);
        } catch {
          mismatches.push(`${id}: the view for ${String(other)} differs from the view for ${String(viewer)}`);
        }
      }
      return seen;
    },
  } as TableGame<unknown>;
}

describe('public views', () => {
  let casino: Casino;
  before(async () => {
    casino = await startCasino({ env: { PITBOSS_GUEST_BALANCE: '100000' }, defaultTables: false, promotions: false });
  });
  after(() => casino.close());

  it('are the same for every viewer at every step of a round, in every game that declares them', async () => {
    const alice = await casino.guest('alice');
    const bob = await casino.guest('bob');
    viewers.push(alice.id, bob.id);
    const slots = await alice.find('slots', { shared: false });
    ok(await slots.act({ action: 'spin', bet: 100, key: 's1' }));
    const roulette = await alice.find('roulette', { shared: false });
    ok(await roulette.act({ action: 'bet', bets: [{ type: 'red', amount: 100 }], key: 'r1' }));
    ok(await roulette.act({ action: 'spin', key: 'r2' }));
    const baccarat = await alice.find('baccarat', { shared: false });
    ok(await baccarat.act({ action: 'bet', bets: [{ on: 'player', amount: 100 }], key: 'b1' })); // the coup follows the bet
    // Blackjack: a round played to the end, with bob watching the table.
    const blackjack = await alice.find('blackjack', { shared: false });
    await bob.table(blackjack.state.table.id);
    const round = ok(await blackjack.act({ action: 'bet', amount: 100, key: 'j1' })).round_id;
    const settled = () => blackjack.events('settled').some((e) => e.round_id === round);
    for (let i = 0; i < 20 && !settled(); i++) {
      await blackjack.until('a decision or the settlement', () => settled() || (blackjack.state.round_id === round && (blackjack.state.game.turn !== undefined || blackjack.state.game.tag === 'insurance')));
      if (settled()) break;
      const g = blackjack.state.game;
      await blackjack.act({ action: g.tag === 'insurance' ? 'no_insurance' : 'stand' });
    }
    await blackjack.until('the settlement', settled);
    assert.deepEqual(mismatches, []);
    for (const game of ['slots', 'roulette', 'baccarat', 'blackjack']) assert.ok((checked[game] ?? 0) > 0, `${game} views were checked`);
  });
});
