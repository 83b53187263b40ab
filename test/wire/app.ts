// A small test app on the wire API: the channels every wire test drives, through the
// harness or through the official phoenix client.
import { Channel, type ChannelSocket } from '../../src/wire/index.ts';
import type { JsonObject } from '../../src/wire/index.ts';
import { PitbossError } from '../../src/errors.ts';

export interface Assigns {
  user: string;
}

export class RoomChannel extends Channel<Assigns> {
  static override intercept = ['personal'];
  static override binary = true;
  joins = 0;

  override async join(topic: string, payload: JsonObject, socket: ChannelSocket<Assigns>): Promise<unknown> {
    if (typeof payload.delay === 'number') await new Promise((r) => setTimeout(r, payload.delay as number));
    if (payload.refuse) throw new PitbossError('forbidden', 'not this room');
    if (payload.crash) throw new Error('join blew up');
    if (topic === 'room:locked') throw new PitbossError('forbidden');
    return { joined: topic, user: socket.assigns.user };
  }

  override async handleIn(event: string, payload: JsonObject | Uint8Array, socket: ChannelSocket<Assigns>): Promise<unknown> {
    switch (event) {
      case 'echo':
        return payload;
      case 'crash':
        throw new Error('boom');
      case 'refuse':
        throw new PitbossError('invalid_action', 'not now', { hint: 'wait' });
      case 'shout':
        await socket.broadcast('shout', payload as JsonObject);
        return {};
      case 'shout_from':
        await socket.broadcastFrom('shout', payload as JsonObject);
        return {};
      case 'personal':
        await socket.broadcast('personal', payload as JsonObject);
        return {};
      case 'push_me':
        socket.push('pushed', { to: socket.assigns.user });
        return {};
      case 'set':
        socket.assigns = { ...socket.assigns, ...(payload as JsonObject) };
        return {};
      case 'get':
        return { assigns: socket.assigns };
      case 'bytes':
        return new Uint8Array([...(payload as Uint8Array)].reverse());
      case 'stop':
        setImmediate(() => socket.broadcastTo(`user_socket:${socket.assigns.user}`, 'disconnect', {}));
        return {};
      default:
        return super.handleIn(event, payload, socket);
    }
  }

  override handleOut(event: string, payload: JsonObject, socket: ChannelSocket<Assigns>): void {
    socket.push(event, { ...payload, for: socket.assigns.user });
  }

  override handleInfo(msg: unknown, socket: ChannelSocket<Assigns>): void {
    if ((msg as { crash?: boolean }).crash) throw new Error('info crash');
    if ((msg as { refuse?: boolean }).refuse) throw new PitbossError('forbidden');
    socket.push('info', { msg: msg as JsonObject });
  }
}

export class PresenceChannel extends Channel<Assigns> {
  static override presence = true;

  override async join(_topic: string, payload: JsonObject, socket: ChannelSocket<Assigns>): Promise<unknown> {
    await socket.track(socket.assigns.user, { device: (payload.device as string) ?? 'web' });
    return {};
  }

  override async handleIn(event: string, payload: JsonObject, socket: ChannelSocket<Assigns>): Promise<unknown> {
    if (event === 'crash') throw new Error('presence crash');
    if (event === 'status') {
      await socket.update(socket.assigns.user, { device: 'web', status: payload.status });
      return {};
    }
    return super.handleIn(event, payload, socket);
  }
}

export const channels = [
  ['room:*', RoomChannel],
  ['presence:*', PresenceChannel],
] as const;
