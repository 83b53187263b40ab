// Write coalescing: frames sent to one connection in one event-loop turn are written
// with the socket corked, and uncorked once after the turn's I/O — one system call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { WsTransport } from '../../src/wire/transport.ts';

function fakes() {
  const writes: string[] = [];
  // A real Writable with writev: corked writes must arrive together in one call.
  const calls: string[][] = [];
  const sock = new Writable({
    writev(chunks, cb) {
      calls.push(chunks.map((c) => String(c.chunk)));
      cb();
    },
    write(chunk, _enc, cb) {
      calls.push([String(chunk)]);
      cb();
    },
  });
  const ws = { send: (f: string) => void (writes.push(f), sock.write(f)), close() {}, bufferedAmount: 0 };
  return { writes, calls, sock, t: new WsTransport(ws as never, sock as never) };
}

describe('WsTransport write coalescing', () => {
  it('writes the frames of one turn in one writev, in order, and leaves the socket uncorked', async () => {
    const { writes, calls, sock, t } = fakes();
    t.send('a');
    t.send('b');
    t.send('c');
    assert.deepEqual(writes, ['a', 'b', 'c']);
    assert.equal(calls.length, 0, 'nothing written while the turn runs');
    assert.equal(sock.writableCorked, 1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [['a', 'b', 'c']]);
    assert.equal(sock.writableCorked, 0);
    t.send('d'); // a later turn corks again
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [['a', 'b', 'c'], ['d']]);
  });

  it('does not cork a destroyed socket', () => {
    const { sock, t } = fakes();
    sock.destroy();
    t.send('x');
    assert.equal(sock.writableCorked, 0);
  });
});
