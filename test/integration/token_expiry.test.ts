// Tokens at the socket, as the official client meets them. A token's expiry ends the
// session it opened, not just the next connect: the socket is closed with 4001
// "token_expired", the official client reconnects, the old token is refused, and a fresh
// one gets the player back in. An expired token, one signed with another secret and one
// signed with the development secret earlier versions built in never open a socket. The
// same tokens over HTTP: test/http/api.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'phoenix';
import { Tokens } from '../../src/casino/auth/tokens.ts';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, startTestServer, waitFor, type Guest } from './helpers.ts';

describe('tokens at the socket', () => {
  let server: RunningServer;
  let alice: Guest;
  const sockets: Socket[] = [];
  const open = (token: string, opts = {}) => {
    const s = clientSocket(server.port, { params: { token }, ...opts });
    s.connect();
    sockets.push(s);
    return s;
  };
  before(async () => {
    // A quick sweep (every 250 ms) so expiry shows within the test; clients heartbeat faster.
    server = await startTestServer({}, { wire: { heartbeatTimeoutMs: 1000 } });
    alice = await newGuest(server.url, 'alice');
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  it('closes the socket with token_expired when its token expires, and lets a fresh token back in', async () => {
    let token = await server.services.tokens.issue({ playerId: alice.player_id, name: 'alice' }, 2);
    const closes: { code: number; reason: string }[] = [];
    let opens = 0;
    let errors = 0;
    const s = clientSocket(server.port, { params: () => ({ token }), heartbeatIntervalMs: 200, reconnectAfterMs: () => 300 });
    s.onOpen(() => {
      opens++;
    });
    s.onError(() => {
      errors++;
    });
    s.onClose((e) => {
      closes.push({ code: e.code, reason: e.reason });
    });
    s.connect();
    try {
      const lobby = s.channel('lobby', {});
      assert.equal((await joinAsync(lobby)).status, 'ok');
      const openedAt = Date.now();
      await waitFor('the server closes the socket', () => closes.length > 0, 6000);
      assert.deepEqual(closes[0], { code: 4001, reason: 'token_expired' });
      assert.ok(Date.now() - openedAt < 4000, 'closed within a sweep of the expiry');
      // The client reconnects on its own; with the same token it is refused before the upgrade.
      await waitFor('a refused reconnect', () => errors > 0);
      assert.equal(opens, 1);
      token = await server.services.tokens.issue({ playerId: alice.player_id, name: 'alice' }, 60);
      await waitFor('back in with a fresh token', () => opens === 2);
      await waitFor('the lobby rejoined', () => lobby.state === 'joined');
    } finally {
      s.disconnect();
    }
  });

  it('refuses an expired token at the socket, and one signed with another secret', async () => {
    const expired = await server.services.tokens.issue({ playerId: alice.player_id, name: 'alice' }, -1);
    const forged = await new Tokens({ secret: 'someone-elses-secret-that-is-long-enough!!', ttlSeconds: 60 }).issue({ playerId: alice.player_id, name: 'alice' });
    for (const token of [expired, forged]) {
      const s = open(token, { reconnectAfterMs: () => 60_000 });
      let errored = false;
      let opened = false;
      s.onError(() => {
        errored = true;
      });
      s.onOpen(() => {
        opened = true;
      });
      await waitFor('refused', () => errored);
      assert.equal(opened, false);
    }
  });

  it('refuses a token signed with the development secret that earlier versions built in', async () => {
    // Anyone could read this constant in the public source: a server without PITBOSS_SECRET
    // signed with it, so anyone could mint a token for any player.
    const OLD_DEV_SECRET = 'pitboss-dev-secret-change-me-0123456789';
    const forged = await new Tokens({ secret: OLD_DEV_SECRET, ttlSeconds: 60 }).issue({ playerId: alice.player_id, name: 'alice' });
    const s = open(forged, { reconnectAfterMs: () => 60_000 });
    let errored = false;
    let opened = false;
    s.onError(() => {
      errored = true;
    });
    s.onOpen(() => {
      opened = true;
    });
    await waitFor('refused', () => errored || opened);
    assert.equal(opened, false, 'the forged token opened a socket');
  });
});
