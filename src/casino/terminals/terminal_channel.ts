// `terminal:<id>`: a cabinet's own channel, on the terminal endpoint (terminal_auth.ts);
// only the terminal of that id may join. It takes heartbeats and device reports into the
// monitor (monitor.ts) and cash-ins and vouchers into the ledger (cash.ts), each
// delivered event once however often it is resent, and marks what arrived late. The
// messages: messages.ts and docs/protocol.md, "The terminal channel".
// The hall's configuration (casino/config) goes to the cabinet in the join reply and as a
// `config` push whenever it changes; the cabinet answers `config_ack` with the version it
// now runs, which is recorded (the admin API lists who lags).
import { z } from 'zod';
import { Channel, type ChannelSocket, type JsonObject } from '../../wire/index.ts';
import { send, type Pid } from '../../runtime/index.ts';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { TerminalDirectory } from './directory.ts';
import type { TerminalMonitor } from './monitor.ts';
import type { TerminalAssigns } from './terminal_auth.ts';
import { parseTerminalEvent } from './messages.ts';
import { creditAccount, postCashIn, postTicket, type Posted } from './cash.ts';

const JoinPayload = z.object({}).strict();

export interface TerminalChannelDeps {
  ledger: Ledger;
  directory: TerminalDirectory;
  monitor: TerminalMonitor;
  /** told to the terminal on join, so it heartbeats often enough (a third of offlineMs) */
  offlineMs: number;
  tracker?: { track(kind: string, pid: unknown, meta: JsonObject): void };
  /** The hall's configuration (casino/config/book.ts): pushed on join and on change; absent, none is sent. */
  config?: { view(): { version: number }; onChange(fn: () => void): () => void };
}

/** What the channel's process is sent when the configuration changed. */
const CONFIG_PUSH = { type: 'config_changed' } as const;

export function terminalChannel(deps: TerminalChannelDeps) {
  return class TerminalChannel extends Channel<TerminalAssigns> {
    /** Set once joined: a refused join's process also terminates, and must not count as a leave. */
    #joined: string | null = null;
    #unwatch: (() => void) | null = null;

    async join(topic: string, payload: JsonObject, socket: ChannelSocket<TerminalAssigns>): Promise<JsonObject> {
      const id = topic.slice('terminal:'.length);
      if (id !== socket.assigns.terminalId) throw new PitbossError('forbidden', 'a terminal channel is its own terminal’s only');
      parseOrRefuse(JoinPayload, payload);
      const credit = await deps.ledger.wallet.balance(creditAccount(id, socket.assigns.currency));
      deps.monitor.connected(id);
      this.#joined = id;
      deps.tracker?.track('terminal_channel', socket.pid, { terminal_id: id });
      // Changes reach this process as a message, so the push goes out in its own order.
      if (deps.config) this.#unwatch = deps.config.onChange(() => send(socket.pid as Pid, CONFIG_PUSH));
      return { terminal_id: id, currency: socket.assigns.currency, credit, heartbeat_ms: Math.max(1000, Math.floor(deps.offlineMs / 3)),
        ...(deps.config ? { config: deps.config.view() as unknown as JsonObject } : {}) };
    }

    override handleInfo(msg: unknown, socket: ChannelSocket<TerminalAssigns>): void {
      if ((msg as { type?: string }).type === CONFIG_PUSH.type && deps.config) socket.push('config', deps.config.view() as unknown as JsonObject);
    }

    override async handleIn(event: string, payload: JsonObject | Uint8Array, socket: ChannelSocket<TerminalAssigns>): Promise<JsonObject> {
      const t = { id: socket.assigns.terminalId, currency: socket.assigns.currency };
      const ev = parseTerminalEvent(event, payload);
      switch (ev.type) {
        case 'heartbeat':
          deps.monitor.heartbeat(t.id, ev.msg);
          return ev.msg.seq === undefined ? {} : { seq: ev.msg.seq };
        case 'device_status': {
          deps.monitor.device(t.id, ev.msg);
          const { late } = deps.monitor.delivered(t.id, 'device_status', ev.msg.key, ev.msg.at);
          return { key: ev.msg.key, late };
        }
        case 'cash_in':
        case 'ticket': {
          // Disabling takes effect at the next money event, not only at the next connect.
          const row = await deps.directory.get(t.id);
          if (row === null || row.disabledAt !== null) throw new PitbossError('forbidden', 'this terminal is disabled');
          const done: Posted = ev.type === 'cash_in' ? await postCashIn(deps.ledger, t, ev.msg) : await postTicket(deps.ledger, t, ev.msg);
          // A resend is answered as the first time, and counted (and marked late) only once.
          const late = done.replayed ? false : deps.monitor.delivered(t.id, ev.type, ev.msg.key, ev.msg.at).late;
          return { key: ev.msg.key, amount: ev.msg.amount, replayed: done.replayed, credit: done.credit, late };
        }
        case 'config_ack': {
          // A version the hall never had is refused: the record must say what a cabinet can run.
          const current = deps.config?.view().version ?? 0;
          if (ev.msg.version > current) throw new PitbossError('invalid_payload', `version: the hall's configuration is at version ${current}`);
          await deps.ledger.configs.ack(t.id, ev.msg.version);
          return { version: ev.msg.version, current, lag: ev.msg.version < current };
        }
      }
    }

    override terminate(): void {
      this.#unwatch?.();
      if (this.#joined !== null) deps.monitor.disconnected(this.#joined);
    }
  };
}
