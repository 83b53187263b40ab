// What the load generator needs from a client, whatever protocol it speaks.
// One adapter per server family: Phoenix v2 (Pitboss and the raw-ws floor, which
// share the frames), Socket.IO, and Colyseus.
import type { ActPayload, EventPayload, ServerKind } from '../protocol.ts';

export interface ClientHooks {
  /** A room broadcast arrived at this client. */
  onEvent(client: BenchClient, ev: EventPayload): void;
  /** The connection ended (by either side). */
  onClose(client: BenchClient): void;
}

export interface BenchClient {
  readonly idx: number;
  /**
   * Sit at table `room`. The first member is called without `key` and returns
   * the room's key; the others get that key (Colyseus joins by room id).
   */
  join(room: number, key?: string): Promise<string>;
  act(payload: ActPayload): void;
  /** Keep-alive, called periodically by the pool for protocols that need one. */
  heartbeat(): void;
  isOpen(): boolean;
  close(): void;
  /** Broadcasts this client has received. */
  received: number;
  /** Its own actions the server has acknowledged (every server answers each action). */
  acked: number;
}

export interface ConnectOptions {
  port: number;
  idx: number;
  /** Loopback source address to bind, or undefined to let the kernel choose. */
  localAddress?: string;
  topicPrefix: string;
  hooks: ClientHooks;
}

export type Connector = (o: ConnectOptions) => Promise<BenchClient>;

export async function connectorFor(kind: ServerKind): Promise<Connector> {
  switch (kind) {
    case 'pitboss':
    case 'ws-raw':
      return (await import('./phoenix-client.ts')).connectPhoenix;
    case 'socketio':
      return (await import('./socketio-client.ts')).connectSocketIo;
    case 'colyseus':
      return (await import('./colyseus-client.ts')).connectColyseus;
  }
}
