// Small processes shared by the runtime tests.
import { GenServer, NO_REPLY, reply, type ExitReason, type From, type Pid } from '../../src/runtime/index.ts';

export const tick = () => new Promise<void>((r) => setImmediate(r));
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Records every message it handles; can be told to crash, stall, or answer late. */
export class Recorder extends GenServer<{ log?: unknown[]; trap?: boolean; terminated?: ExitReason[] } | void> {
  log: unknown[] = [];
  terminated: ExitReason[] = [];
  pending: From | undefined;

  override init(arg: { log?: unknown[]; trap?: boolean; terminated?: ExitReason[] } | void): void {
    if (arg?.log) this.log = arg.log;
    if (arg?.terminated) this.terminated = arg.terminated;
    if (arg?.trap) this.trapExits(true);
  }

  override async handleCall(msg: unknown, from: From): Promise<unknown> {
    const m = msg as { op: string; ms?: number; value?: unknown };
    switch (m.op) {
      case 'log':
        return this.log.slice();
      case 'echo':
        this.log.push(m.value);
        return m.value;
      case 'slow':
        await new Promise((r) => setTimeout(r, m.ms));
        this.log.push(m.value);
        return m.value;
      case 'stall':
        return new Promise(() => {});
      case 'crash':
        throw new Error('boom');
      case 'defer':
        this.pending = from;
        return NO_REPLY;
      case 'answer':
        reply(this.pending!, m.value);
        return 'ok';
      case 'stop':
        this.stop(m.value ?? 'normal');
        return 'stopping';
      default:
        throw new Error(`unknown ${m.op}`);
    }
  }

  override async handleCast(msg: unknown): Promise<void> {
    const m = msg as { op: string; value?: unknown; ms?: number };
    if (m.op === 'crash') throw new Error('cast boom');
    if (m.op === 'slow') await new Promise((r) => setTimeout(r, m.ms));
    this.log.push(m.value);
  }

  override handleInfo(msg: unknown): void {
    this.log.push(msg);
  }

  override terminate(reason: ExitReason): void {
    this.terminated.push(reason);
  }
}

export function timeoutCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

export type { Pid };
