// Colyseus 0.18 peer: a minimal honest room. It holds up to 6 clients, has no
// synchronized state (nothing for the patch loop to do), and on "act" broadcasts
// "ev" to everyone in the room, exactly as the Colyseus docs show. Rooms are
// created and joined through Colyseus's own matchmaker, as real clients do.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, Room, type Client } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { serveControl, portArg } from './control.ts';

let rooms = 0;
let clients = 0; // a Colyseus connection always belongs to a room

class BenchRoom extends Room {
  override maxClients = 6;
  // Keep the room when it empties between join phases of a run.
  override autoDispose = false;
  private next = 0;

  override onCreate(): void {
    rooms++;
    this.onMessage('act', (client: Client, payload: Record<string, unknown>) => {
      this.broadcast('ev', { f: (client.userData as { idx: number }).idx, ...payload });
      return {}; // the reply to the client's request: a table answers every action
    });
  }

  override onJoin(client: Client): void {
    client.userData = { idx: this.next++ };
    clients++;
  }

  override onLeave(): void {
    clients--;
  }

  override onDispose(): void {
    rooms--;
  }
}

const http = createServer();
const transport = new WebSocketTransport({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });
const gameServer = new Server({ transport, greet: false });
gameServer.define('bench', BenchRoom);

await gameServer.listen(portArg(), '127.0.0.1');
serveControl((http.address() as AddressInfo).port, { connections: () => clients, rooms: () => rooms });
