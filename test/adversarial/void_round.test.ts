// The attack that voided a losing round: an `act` carrying a string the database refuses
// (NUL, a lone surrogate) used to be journaled as jsonb, crash the table on the store's
// error, and the restarted table refunded the open round. Now the boundary refuses the
// frame before anything reaches the table, and the round goes on untouched.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, pushAsync, startTestServer, waitFor } from '../integration/helpers.ts';

describe('a hostile act in the middle of a blackjack round', () => {
  let server: RunningServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer({ PITBOSS_BETTING_MS: '60000', PITBOSS_TURN_MS: '60000' });
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  for (const [name, junk] of [['NUL in an extra field', { note: '\u0000' }], ['a lone surrogate', { note: '\ud800' }], ['NUL in the key', { key: 'k\u0000' }]] as const) {
    it(`refuses ${name} and leaves the round open with its stake in escrow`, async () => {
      // A player of its own per case: find_table returns a player's private table again.
      const alice = await newGuest(server.url, 'alice');
      const s = clientSocket(server.port, { params: { token: alice.token } });
      s.connect();
      sockets.push(s);
      const lobby = s.channel('lobby', {});
      await joinAsync(lobby);
      const found = await pushAsync(lobby, 'find_table', { game: 'blackjack', shared: false });
      const id = found.response.id as string;
      const ch = s.channel(`table:${id}`, {});
      const notices: any[] = [];
      ch.on('notice', (n) => { notices.push(n); });
      let state: any = null;
      ch.on('state', (st) => { state = st; });
      await joinAsync(ch);
      await pushAsync(ch, 'sit', {});
      const bet = await pushAsync(ch, 'act', { action: 'bet', amount: 100, key: crypto.randomUUID() });
      assert.equal(bet.status, 'ok', JSON.stringify(bet.response));
      await waitFor('the deal', () => state?.game?.tag === 'playing' || state?.game?.tag === 'insurance' || state?.round_id === null);
      if (state.round_id === null) return; // a natural settled it at once: nothing to void
      const roundId = state.round_id;
      const r = await pushAsync(ch, 'act', { action: state.game.tag === 'insurance' ? 'no_insurance' : 'stand', ...junk });
      assert.equal(r.status, 'error');
      assert.equal(r.response.reason, 'invalid_payload', JSON.stringify(r.response));
      await new Promise((res) => setTimeout(res, 200));
      assert.deepEqual(notices.filter((n) => n.kind === 'table_restarted'), [], 'the table did not restart');
      const rounds = await server.services.ledger!.store.query<{ status: string; resolution: string | null }>('SELECT status, resolution FROM rounds WHERE id = $1', [roundId]);
      assert.deepEqual(rounds[0], { status: 'open', resolution: null }, 'the round is still open, not refunded');
      assert.equal(state.round_id, roundId);
    });
  }
});
