// Two nodes on the local Redis (one key prefix for this run), each a whole server with its
// own in-memory database and the same token secret; players are signed up on the node
// they connect to. Lobby presence crosses nodes: what a player on A does is seen by a
// player on B through the official phoenix client's Presence.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Presence } from 'phoenix';
import type { RunningServer } from '../../src/main.ts';
import { clientSocket, joinAsync, newGuest, startTestServer, waitFor } from './helpers.ts';

describe('lobby presence across two nodes', () => {
  let a: RunningServer;
  let b: RunningServer;
  const env = {
    REDIS_URL: 'redis://127.0.0.1:6379',
    PITBOSS_REDIS_PREFIX: `pitboss-test:${randomBytes(8).toString('hex')}:`,
    PITBOSS_SECRET: randomBytes(24).toString('base64'),
  };

  before(async () => {
    a = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-a' });
    b = await startTestServer({ ...env, PITBOSS_NODE_ID: 'node-b' });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('runs each node with its own id in one membership', async () => {
    await waitFor('each node sees the other', () =>
      a.services.membership!.liveNodes().join() === 'node-a,node-b' && b.services.membership!.liveNodes().join() === 'node-a,node-b');
    assert.notEqual(a.services.membership!.token, b.services.membership!.token);
  });

  it('shows a player who joins the lobby on node A to a player on node B, and their leave', async () => {
    const alice = await newGuest(a.url, 'alice');
    const bob = await newGuest(b.url, 'bob');

    const sb = clientSocket(b.port, { params: { token: bob.token } });
    sb.connect();
    const lobbyB = sb.channel('lobby', {});
    const onB = new Presence(lobbyB);
    const joins: string[] = [];
    const leaves: string[] = [];
    onB.onJoin((key) => key && joins.push(key));
    onB.onLeave((key, current) => key && current.metas.length === 0 && leaves.push(key));
    assert.equal((await joinAsync(lobbyB)).status, 'ok');
    await waitFor('bob sees himself', () => onB.list().length === 1);
    // B holds A's presences once it has A's state: from then on A's joins come as diffs.
    await waitFor('B replicates A', () => (b.services.presence as unknown as { replicatedNodes(): string[] }).replicatedNodes().includes('node-a'));

    const sa = clientSocket(a.port, { params: { token: alice.token } });
    sa.connect();
    const lobbyA = sa.channel('lobby', {});
    const onA = new Presence(lobbyA);
    assert.equal((await joinAsync(lobbyA)).status, 'ok');

    await waitFor('bob sees alice join (presence_diff)', () => joins.includes(alice.player_id));
    assert.deepEqual(onB.list((id) => id).sort(), [alice.player_id, bob.player_id].sort());
    const [aliceMeta] = onB.list((id, { metas }) => (id === alice.player_id ? metas[0] : null)).filter(Boolean);
    assert.equal(aliceMeta.name, 'alice');
    // Alice joined after bob: her presence_state, built on A, lists bob from B.
    await waitFor('alice sees bob (presence_state)', () => onA.list().length === 2);

    sa.disconnect();
    await waitFor('bob sees alice leave', () => leaves.includes(alice.player_id));
    assert.deepEqual(onB.list((id) => id), [bob.player_id]);
    sb.disconnect();
  });
});
