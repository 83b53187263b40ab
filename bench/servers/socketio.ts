// Socket.IO 4.8 peer: the same rooms of 6 and the same act → room broadcast,
// written the way the Socket.IO docs recommend (rooms + io.to(room).emit, which
// encodes the packet once per broadcast), and an ack to the sender. WebSocket transport only, no
// compression, so it carries the same bytes as the other servers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveControl, portArg } from './control.ts';

interface Seat { room: string; idx: number }

const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, httpCompression: false, serveClient: false, maxHttpBufferSize: 64 * 1024 });
const roomSizes = new Map<string, number>();

io.on('connection', (socket) => {
  socket.on('join', (room: string, ack?: (r: object) => void) => {
    const idx = roomSizes.get(room) ?? 0;
    roomSizes.set(room, idx + 1);
    socket.data = { room, idx } satisfies Seat;
    void socket.join(room);
    ack?.({ status: 'ok' });
  });
  socket.on('act', (payload: Record<string, unknown>, ack?: (r: object) => void) => {
    const seat = socket.data as Seat | undefined;
    if (!seat?.room) return;
    io.to(seat.room).emit('ev', { f: seat.idx, ...payload });
    ack?.({}); // a table answers every action
  });
  socket.on('disconnect', () => {
    const seat = socket.data as Seat | undefined;
    if (!seat?.room) return;
    const left = (roomSizes.get(seat.room) ?? 1) - 1;
    if (left <= 0) roomSizes.delete(seat.room);
    else roomSizes.set(seat.room, left);
  });
});

http.listen(portArg(), '127.0.0.1', () => {
  serveControl((http.address() as AddressInfo).port, { connections: () => io.engine.clientsCount, rooms: () => roomSizes.size });
});
