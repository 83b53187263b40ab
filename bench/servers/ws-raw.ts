// The floor: rooms broadcast on the bare `ws` library, speaking the same Phoenix
// v2 JSON frames as Pitboss (so the load generator and every byte on the wire
// are identical), with none of Pitboss's channel processes, routing or limits.
// Each broadcast is encoded once and the same string written to every member;
// the sender also gets an ok reply, as Pitboss answers every push.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveControl, portArg } from './control.ts';

type Frame = [string | null, string | null, string, string, Record<string, unknown>];

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer();
const wss = new WebSocketServer({ server: http, path: '/socket/websocket', perMessageDeflate: false, maxPayload: 64 * 1024 });

function reply(ws: WebSocket, f: Frame, response: Record<string, unknown> = {}): void {
  ws.send(JSON.stringify([f[0], f[1], f[2], 'phx_reply', { status: 'ok', response }]));
}

wss.on('connection', (ws) => {
  const joined = new Map<string, number>(); // topic -> member index
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as Frame;
    const [, , topic, event, payload] = f;
    if (event === 'act') {
      const members = rooms.get(topic);
      if (!members || !joined.has(topic)) return;
      const out = JSON.stringify([null, null, topic, 'ev', { f: joined.get(topic), ...payload }]);
      for (const m of members) m.send(out);
      reply(ws, f); // a table answers every action
    } else if (event === 'heartbeat') {
      reply(ws, f);
    } else if (event === 'phx_join') {
      let members = rooms.get(topic);
      if (!members) rooms.set(topic, (members = new Set()));
      joined.set(topic, members.size);
      members.add(ws);
      reply(ws, f);
    }
  });
  ws.on('close', () => {
    for (const topic of joined.keys()) {
      const members = rooms.get(topic);
      members?.delete(ws);
      if (members?.size === 0) rooms.delete(topic);
    }
  });
});

http.listen(portArg(), '127.0.0.1', () => {
  serveControl((http.address() as AddressInfo).port, { connections: () => wss.clients.size, rooms: () => rooms.size });
});
