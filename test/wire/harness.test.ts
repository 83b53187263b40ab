import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { ChannelTest, LocalPubSub, LocalPresence } from '../../src/wire/index.ts';
import { Socket } from '../../src/wire/socket.ts';
import { DynamicSupervisor } from '../../src/runtime/index.ts';
import { channels, type Assigns } from './app.ts';

describe('ChannelTest harness with the test app', () => {
  let t: ChannelTest<Assigns>;
  const make = (user = 'ann', opts: Partial<ConstructorParameters<typeof ChannelTest<Assigns>>[0]> = {}) =>
    (t = new ChannelTest<Assigns>({ channels, assigns: { user }, ...opts }));
  afterEach(() => t?.close());

  it('joins a channel and answers a push with an ok reply', async () => {
    make();
    const { reply, channel } = await t.join('room:1');
    assert.deepEqual(reply, { status: 'ok', response: { joined: 'room:1', user: 'ann' } });
    assert.deepEqual(await channel.push('echo', { a: 1 }), { status: 'ok', response: { a: 1 } });
  });

  it('refuses a join with a PitbossError as an error reply with reason and message', async () => {
    make();
    const { reply } = await t.join('room:2', { refuse: true });
    assert.deepEqual(reply, { status: 'error', response: { reason: 'forbidden', message: 'not this room' } });
    assert.equal(t.pidOf('room:2'), null);
  });

  it('answers a join that crashes with join_crashed', async () => {
    make();
    const { reply } = await t.join('room:3', { crash: true });
    assert.equal(reply.status, 'error');
    assert.equal(reply.response.reason, 'join_crashed');
    assert.equal(t.socket.channelCount, 0);
  });

  it('answers a handler PitbossError with an error reply and keeps the channel', async () => {
    make();
    const { channel } = await t.join('room:1');
    assert.deepEqual(await channel.push('refuse'), { status: 'error', response: { hint: 'wait', reason: 'invalid_action', message: 'not now' } });
    assert.deepEqual(await channel.push('nope'), { status: 'error', response: { event: 'nope', reason: 'unknown_event', message: 'The channel does not handle that event.' } });
    assert.equal((await channel.push('echo', { still: 'here' })).status, 'ok');
  });

  it('turns a crash into phx_error with the join ref, and other channels live on', async () => {
    make();
    const { channel: a } = await t.join('room:a');
    const { channel: b } = await t.join('room:b');
    a.push('crash').catch(() => {});
    const err = await t.expectFrame('room:a', 'phx_error');
    assert.equal(err.joinRef, a.joinRef);
    assert.equal(err.ref, a.joinRef);
    assert.equal(t.ctx.counters.channelCrashes, 1);
    assert.equal(t.socket.channelCount, 1);
    assert.equal((await b.push('echo', { ok: 1 })).status, 'ok');
  });

  it('pushes to this client with the join ref', async () => {
    make();
    const { channel } = await t.join('room:1');
    await channel.push('push_me');
    const f = await t.expectFrame('room:1', 'pushed');
    assert.deepEqual([f.joinRef, f.ref, f.payload], [channel.joinRef, null, { to: 'ann' }]);
  });

  it('sees broadcasts, skips the sender on broadcastFrom, and routes intercepted events through handleOut', async () => {
    make();
    const { channel } = await t.join('room:1');
    await channel.push('shout', { n: 1 });
    assert.deepEqual(await t.expectBroadcast('room:1', 'shout'), { n: 1 });
    const f = await t.expectFrame('room:1', 'shout');
    assert.deepEqual([f.joinRef, f.ref], [null, null]);
    await channel.push('shout_from', { n: 2 });
    assert.deepEqual(await t.expectBroadcast('room:1', 'shout'), { n: 2 });
    await t.refuteFrame('room:1', 'shout');
    await channel.push('personal', { n: 3 });
    const p = await t.expectFrame('room:1', 'personal');
    assert.deepEqual([p.joinRef, p.payload], [channel.joinRef, { n: 3, for: 'ann' }]);
  });

  it('matches a push or broadcast by its payload, leaving the others in place', async () => {
    make();
    const { channel } = await t.join('room:1');
    for (const n of [1, 2, 3]) await channel.push('shout', { n });
    assert.deepEqual(await t.expectBroadcast('room:1', 'shout', (p) => p.n === 2), { n: 2 });
    assert.deepEqual(await channel.expectPush('shout', (p) => p.n === 3), { n: 3 });
    assert.deepEqual(await channel.expectPush('shout'), { n: 1 }, 'the first one is still there');
    await assert.rejects(new ChannelTest<Assigns>({ channels, assigns: { user: 'x' }, timeoutMs: 20 }).expectFrame('room:1', 'shout', () => false), /within 20 ms/);
  });

  it('waits with `until` for a condition over the frames, consuming none', async () => {
    make();
    const { channel } = await t.join('room:1');
    const waiting = t.until('two shouts', () => t.frames.filter((f) => f.event === 'shout').length === 2);
    await channel.push('shout', { n: 1 });
    await channel.push('shout', { n: 2 });
    await waiting;
    assert.equal(t.frames.filter((f) => f.event === 'shout').length, 2);
    const quick = new ChannelTest<Assigns>({ channels, assigns: { user: 'x' }, timeoutMs: 20 });
    await assert.rejects(quick.until('never', () => false), /expected never within 20 ms/);
    await quick.close();
  });

  it('stops recording a topic’s broadcasts when its channel leaves, and all of them on close', async () => {
    const pubsub = new LocalPubSub();
    make('ann', { pubsub });
    const { channel } = await t.join('room:1');
    await t.join('room:2');
    // The channel process and the harness's recorder listen on each topic.
    assert.deepEqual([pubsub.localSubscriberCount('room:1'), pubsub.localSubscriberCount('room:2')], [2, 2]);
    await channel.leave();
    assert.equal(pubsub.localSubscriberCount('room:1'), 0, 'nobody is left listening on a topic the client left');
    await t.close();
    assert.equal(pubsub.localSubscriberCount('room:2'), 0);
  });

  it('gives each channel its own assigns copy', async () => {
    make();
    const { channel: a } = await t.join('room:a');
    const { channel: b } = await t.join('room:b');
    await a.push('set', { table: 9 });
    assert.deepEqual((await a.push('get')).response, { assigns: { user: 'ann', table: 9 } });
    assert.deepEqual((await b.push('get')).response, { assigns: { user: 'ann' } });
  });

  it('delivers runtime messages to handleInfo; a PitbossError there is logged, any other throw is a channel crash', async () => {
    make();
    const { channel } = await t.join('room:1');
    channel.sendInfo({ hello: 1 });
    assert.deepEqual(await channel.expectPush('info'), { msg: { hello: 1 } });
    channel.sendInfo({ refuse: true }); // a PitbossError with nobody to reply to: logged, no crash
    channel.sendInfo({ hello: 2 });
    assert.deepEqual(await channel.expectPush('info'), { msg: { hello: 2 } });
    assert.equal(t.ctx.counters.channelCrashes, 0);
    channel.sendInfo({ crash: true });
    await t.expectFrame('room:1', 'phx_error');
  });

  it('leaves with an ok reply then phx_close; a leave of an unjoined topic is ok too', async () => {
    make();
    const { channel } = await t.join('room:1');
    assert.deepEqual(await channel.leave(), { status: 'ok', response: {} });
    assert.equal(t.socket.channelCount, 0);
    const ref = t.dispatch({ topic: 'room:zz', event: 'phx_leave' });
    assert.deepEqual(await t.expectReply(ref), { status: 'ok', response: {} });
  });

  it('replaces a duplicate join: phx_close with the old join ref, then the new join', async () => {
    make();
    const { channel: first } = await t.join('room:1');
    const { reply, channel: second } = await t.join('room:1');
    const close = await t.expectFrame('room:1', 'phx_close');
    assert.equal(close.joinRef, first.joinRef);
    assert.equal(reply.status, 'ok');
    assert.equal((await second.push('echo', {})).status, 'ok');
    assert.equal(t.socket.channelCount, 1);
  });

  it('drops a push with a stale join ref and answers an unjoined topic with "unmatched topic"', async () => {
    make();
    const { channel } = await t.join('room:1');
    t.dispatch({ joinRef: 'stale', topic: 'room:1', event: 'echo' });
    await t.refuteFrame('room:1', 'phx_reply');
    const ref = t.dispatch({ joinRef: '99', topic: 'room:other', event: 'echo' });
    const r = await t.expectReply(ref);
    assert.deepEqual(r, { status: 'error', response: { reason: 'unmatched topic', message: 'No channel serves that topic.' } });
    assert.equal((await channel.push('echo', {})).status, 'ok');
  });

  it('refuses joins past maxChannels and past the join rate', async () => {
    make('ann', { limits: { maxChannels: 2 } });
    await t.join('room:1');
    await t.join('room:2');
    assert.equal((await t.join('room:3')).reply.response.reason, 'too many channels joined');
    await t.close();
    make('ann', { limits: { joinBurst: 2, joinsPerSecond: 0.001 } });
    await t.join('room:1');
    await t.join('room:2');
    assert.equal((await t.join('room:3')).reply.response.reason, 'rate_limited');
  });

  it('refuses binary payloads for channels that did not opt in, and replies in binary to those that did', async () => {
    make();
    const { channel: room } = await t.join('room:1');
    assert.deepEqual(await room.push('bytes', new Uint8Array([1, 2, 3])), { status: 'ok', response: new Uint8Array([3, 2, 1]) });
    const { channel: pres } = await t.join('presence:1');
    const r = await pres.push('status', new Uint8Array([1]));
    assert.equal(r.status, 'error');
    assert.equal(r.response.reason, 'invalid_payload');
  });

  it('closes the socket on a disconnect broadcast to its socket id (forced logout)', async () => {
    make('ann', { socketId: 'user_socket:ann' });
    const { channel } = await t.join('room:1');
    await channel.push('stop');
    assert.deepEqual(await t.expectClosed(), { code: 1001, reason: 'disconnect' });
    assert.equal(t.socket.closed, true);
  });

  it('pushes presence_state after join and broadcasts update diffs with phx_ref_prev', async () => {
    make();
    const { channel } = await t.join('presence:1');
    const state = await channel.expectPush('presence_state');
    const [meta] = state.ann.metas;
    assert.equal(meta.device, 'web');
    const joinDiff = await t.expectBroadcast('presence:1', 'presence_diff');
    assert.deepEqual(JSON.parse(JSON.stringify(joinDiff)), { joins: { ann: { metas: [meta] } }, leaves: {} });
    await channel.push('status', { status: 'away' });
    const diff = await t.expectBroadcast('presence:1', 'presence_diff');
    assert.deepEqual(JSON.parse(JSON.stringify(diff.leaves)), { ann: { metas: [meta] } });
    const [joined] = diff.joins.ann.metas;
    assert.equal(joined.status, 'away');
    assert.equal(joined.phx_ref_prev, meta.phx_ref);
    assert.notEqual(joined.phx_ref, meta.phx_ref);
  });

  it('removes a crashed channel\'s presences, seen by another socket as a leave diff', async () => {
    const pubsub = new LocalPubSub();
    const presence = new LocalPresence(pubsub);
    const other = new ChannelTest<Assigns>({ channels, assigns: { user: 'bob' }, pubsub, presence });
    try {
      make('ann', { pubsub, presence });
      await other.join('presence:x');
      const { channel } = await t.join('presence:x');
      const state = await channel.expectPush('presence_state');
      assert.deepEqual(Object.keys(state).sort(), ['ann', 'bob']);
      channel.push('crash').catch(() => {});
      await t.expectFrame('presence:x', 'phx_error');
      for (;;) {
        const d = await other.expectBroadcast('presence:x', 'presence_diff');
        if (Object.keys(d.leaves).includes('ann')) break;
      }
      assert.deepEqual(Object.keys(presence.list('presence:x')), ['bob']);
    } finally {
      await other.close();
    }
  });

  it('answers joins past maxChannelProcesses on the node with "unavailable"', async () => {
    const sup = await DynamicSupervisor.start({ maxChildren: 1 });
    try {
      make('ann', { supervisor: sup });
      assert.equal((await t.join('room:1')).reply.status, 'ok');
      const { reply } = await t.join('room:2');
      assert.deepEqual(reply, { status: 'error', response: { reason: 'unavailable', message: 'too many channels on this server' } });
      assert.equal((await DynamicSupervisor.countChildren(sup)).active, 1);
    } finally {
      await t.close();
      await DynamicSupervisor.stop(sup);
    }
  });

  it('sends phx_error only to the client whose channel crashed', async () => {
    const pubsub = new LocalPubSub();
    const other = new ChannelTest<Assigns>({ channels, assigns: { user: 'bob' }, pubsub });
    try {
      make('ann', { pubsub });
      const { channel: theirs } = await other.join('room:shared');
      const { channel } = await t.join('room:shared');
      channel.push('crash').catch(() => {});
      await t.expectFrame('room:shared', 'phx_error');
      await other.refuteFrame('room:shared', 'phx_error');
      assert.equal((await theirs.push('echo', {})).status, 'ok');
    } finally {
      await other.close();
    }
  });

  it('holds pushes that arrive during a join and replays them after it, in order', async () => {
    make();
    t.dispatch({ joinRef: 'j', ref: 'j', topic: 'room:slow', event: 'phx_join', payload: { delay: 30 } });
    t.dispatch({ joinRef: 'j', ref: 'p1', topic: 'room:slow', event: 'echo', payload: { n: 1 } });
    t.dispatch({ joinRef: 'j', ref: 'p2', topic: 'room:slow', event: 'echo', payload: { n: 2 } });
    assert.equal((await t.expectReply('j')).status, 'ok');
    assert.deepEqual(await t.expectReply('p1'), { status: 'ok', response: { n: 1 } });
    assert.deepEqual(await t.expectReply('p2'), { status: 'ok', response: { n: 2 } });
  });

  it('closes with 1008 when more frames queue behind a join than maxQueuedFrames', async () => {
    make('ann', { limits: { maxQueuedFrames: 3 } });
    t.dispatch({ joinRef: 'j', ref: 'j', topic: 'room:slow', event: 'phx_join', payload: { delay: 30 } });
    for (let i = 0; i < 4; i++) t.dispatch({ joinRef: 'j', topic: 'room:slow', event: 'echo' });
    assert.deepEqual(await t.expectClosed(), { code: 1008, reason: 'too many queued frames' });
  });

  it('answers a join slower than joinTimeoutMs with join_crashed and kills it', async () => {
    make('ann', { limits: { joinTimeoutMs: 20 } });
    const { reply } = await t.join('room:slow', { delay: 500 });
    assert.equal(reply.response.reason, 'join_crashed');
    assert.equal(t.socket.channelCount, 0);
  });

  it('closes a client that does not read (buffered bytes above maxBufferedBytes) with 1008', () => {
    make('ann', { limits: { maxBufferedBytes: 1000 } });
    let closed: [number, string] | null = null;
    const sent: unknown[] = [];
    const s = new Socket(t.ctx, { send: (f) => sent.push(f), close: (c, r) => (closed = [c, r]), bufferedAmount: 5000 }, {}, null);
    s.receive(Buffer.from('[null,"1","phoenix","heartbeat",{}]'), false);
    assert.deepEqual(closed, [1008, 'slow consumer']);
    assert.deepEqual(sent, []);
  });
});
