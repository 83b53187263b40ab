// The hall's other must-show (issue 12): a terminal that stops sending heartbeats fires
// an alert that reaches the webhook receiver and the SMTP sink exactly once — here with
// the real monitor as the alert loop's source, in a running server. The terminal keeps its
// socket (the phoenix heartbeat still flows); only its own heartbeats stop.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket, type SocketConnectOption } from 'phoenix';
import { SMTPServer } from 'smtp-server';
import type { RunningServer } from '../../src/main.ts';
import { joinAsync, startTestServer, waitFor } from '../integration/helpers.ts';

describe('a terminal that stops sending heartbeats', () => {
  const hooks: Array<{ kind: string; alert: { key: string } }> = [];
  const mails: string[] = [];
  const receiver: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => { hooks.push(JSON.parse(raw)); res.end('ok'); });
  });
  const sink = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) {
      let data = '';
      stream.on('data', (c: Buffer) => { data += c.toString(); });
      stream.on('end', () => { mails.push(data); done(); });
    },
  });
  let server: RunningServer;
  let socket: Socket;

  before(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
    server = await startTestServer({
      PITBOSS_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`,
      PITBOSS_ALERT_SMTP_URL: `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`, PITBOSS_ALERT_EMAIL_TO: 'floor@hall.example',
      PITBOSS_ALERT_INTERVAL_MS: '200', PITBOSS_TERMINAL_OFFLINE_MS: '1000',
    });
  });
  after(async () => {
    socket?.disconnect();
    await server.stop();
    await new Promise((r) => receiver.close(r));
    await new Promise((r) => sink.close(() => r(undefined)));
  });

  it('fires terminal_offline once to the webhook and once by email, and resolves once when they resume', async () => {
    const { secret } = await server.services.terminals.directory!.add('cab-9', { currency: 'PLAY' });
    socket = new Socket(`ws://127.0.0.1:${server.port}/terminal`, {
      transport: WebSocket as unknown as SocketConnectOption['transport'], authToken: `cab-9:${secret}`, heartbeatIntervalMs: 200,
    });
    socket.connect();
    const ch = socket.channel('terminal:cab-9', {});
    assert.equal((await joinAsync(ch)).status, 'ok');
    let progress = 0;
    const beat = () => ch.push('heartbeat', { progress: ++progress });
    let beating = setInterval(beat, 100);
    await new Promise((r) => setTimeout(r, 1500));
    const ours = () => hooks.filter((h) => h.alert.key === 'terminal_offline:cab-9');
    assert.deepEqual(ours(), [], 'heartbeating: no alert');

    clearInterval(beating);
    await waitFor('the alert at the webhook', () => ours().length > 0, 10_000);
    await waitFor('the alert by email', () => mails.some((m) => /terminal_offline/.test(m)), 10_000);
    await new Promise((r) => setTimeout(r, 1000)); // five more checks see it still offline
    assert.deepEqual(ours().map((h) => h.kind), ['fired']);
    assert.equal(mails.filter((m) => /terminal_offline/.test(m)).length, 1);
    assert.equal(server.services.terminals.monitor.view('cab-9')!.connected, true, 'its socket never closed');

    beating = setInterval(beat, 100);
    await waitFor('resolved', () => ours().length === 2, 10_000);
    clearInterval(beating);
    assert.deepEqual(ours().map((h) => h.kind), ['fired', 'resolved']);
  });
});
