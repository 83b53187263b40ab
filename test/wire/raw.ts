// A raw v2 client over `ws`, for what the official client cannot send: malformed frames,
// explicit refs, no heartbeats. Collects every decoded frame it receives.
import WebSocket from 'ws';

export class RawClient {
  readonly ws: WebSocket;
  readonly frames: any[] = [];
  closed: { code: number; reason: string } | null = null;
  #ref = 0;

  constructor(url: string, protocols?: string[], headers?: Record<string, string>) {
    this.ws = new WebSocket(url, protocols, { headers });
    this.ws.on('message', (data, binary) => this.frames.push(binary ? data : JSON.parse(String(data))));
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
    this.ws.on('error', () => {});
  }

  static async open(port: number, query = 'token=good-ann&vsn=2.0.0'): Promise<RawClient> {
    const c = new RawClient(`ws://127.0.0.1:${port}/socket/websocket?${query}`);
    await new Promise<void>((resolve, reject) => {
      c.ws.once('open', () => resolve());
      c.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return c;
  }

  nextRef(): string {
    return String(++this.#ref);
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Sends a frame and resolves with the reply carrying its ref. */
  async request(topic: string, event: string, payload: unknown = {}, joinRef: string | null = null): Promise<any> {
    const ref = this.nextRef();
    this.ws.send(JSON.stringify([event === 'phx_join' ? ref : joinRef, ref, topic, event, payload]));
    return this.waitFor((f) => Array.isArray(f) && f[1] === ref && f[3] === 'phx_reply');
  }

  /** The first frame matching `pred` (removed from `frames`); undefined if the socket closed first. */
  async waitFor(pred: (f: any) => boolean, ms = 2000): Promise<any> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i !== -1) return this.frames.splice(i, 1)[0];
      if (this.closed !== null) return undefined;
      if (Date.now() > until) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async waitClosed(ms = 3000): Promise<{ code: number; reason: string }> {
    const until = Date.now() + ms;
    while (this.closed === null) {
      if (Date.now() > until) throw new Error('socket did not close');
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.closed;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The HTTP status of a refused upgrade (or 101). */
export function upgradeStatus(port: number, path: string, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, opts.protocols, { headers: opts.headers });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}
