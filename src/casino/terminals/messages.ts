// What a terminal may send on `terminal:<id>`, parsed at the boundary (docs/protocol.md,
// "The terminal channel"). Each event has a strict schema: unknown fields, floats for
// money, keys with characters a log or an idempotency key should not hold are refused
// with `invalid_payload` and "<field>: <problem>", before anything is recorded.
import { z } from 'zod';
import { PitbossError } from '../../errors.ts';
import { parseOrRefuse } from '../../parse.ts';

/** Client idempotency key: printable, no spaces, short enough to prefix with the terminal id. */
const Key = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'key is 1 to 100 of A-Z a-z 0-9 _ . : -');
const Amount = z.number().int('amount must be an integer of minor units').positive('amount must be positive').max(Number.MAX_SAFE_INTEGER, 'amount is too large');
/** The terminal's own clock when the event happened, milliseconds since the epoch. */
const At = z.number().int('at must be an integer (ms since the epoch)').min(0, 'at must not be negative').max(8.64e15, 'at is beyond any date');
const Counter = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Text = z.string().regex(/^[\x20-\x7e]{1,120}$/, 'an error is 1 to 120 printable ASCII characters');

export const Heartbeat = z.object({
  /** The terminal's heartbeat number (optional; shown, never trusted for ordering). */
  seq: Counter.optional(),
  /** Anything the cabinet's game loop advances (frames, spins, ticks): unchanged for too long is `hung`. */
  progress: Counter,
}).strict();

export const DeviceStatus = z.object({
  key: Key,
  at: At,
  bill_acceptor: z.enum(['ok', 'disabled', 'jammed', 'full', 'fault']),
  printer: z.enum(['ok', 'paper_low', 'paper_out', 'jammed', 'fault']),
  door: z.enum(['closed', 'open']),
  errors: z.array(Text).max(16, 'at most 16 errors'),
}).strict();

export const CashIn = z.object({ key: Key, amount: Amount, at: At }).strict();

/** A voucher printed by the cabinet (`out`, credit leaves the meter) or inserted into it (`in`). */
export const Ticket = z.object({
  key: Key,
  amount: Amount,
  at: At,
  direction: z.enum(['out', 'in']),
  number: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'number is 1 to 40 of A-Z a-z 0-9 -'),
}).strict();

/** The configuration version the cabinet now runs (the `version` of a `config` push or of its join reply). */
export const ConfigAck = z.object({ version: z.number().int('version must be an integer').min(0, 'version must not be negative').max(Number.MAX_SAFE_INTEGER) }).strict();

export type HeartbeatMsg = z.infer<typeof Heartbeat>;
export type DeviceStatusMsg = z.infer<typeof DeviceStatus>;
export type CashInMsg = z.infer<typeof CashIn>;
export type TicketMsg = z.infer<typeof Ticket>;

export type TerminalEvent =
  | { type: 'heartbeat'; msg: HeartbeatMsg }
  | { type: 'device_status'; msg: DeviceStatusMsg }
  | { type: 'cash_in'; msg: CashInMsg }
  | { type: 'ticket'; msg: TicketMsg }
  | { type: 'config_ack'; msg: z.infer<typeof ConfigAck> };

/** The typed event, or PitbossError `invalid_payload` ("<field>: <problem>") / `unknown_event`. */
export function parseTerminalEvent(event: string, payload: unknown): TerminalEvent {
  switch (event) {
    case 'heartbeat': return { type: 'heartbeat', msg: parseOrRefuse(Heartbeat, payload) };
    case 'device_status': return { type: 'device_status', msg: parseOrRefuse(DeviceStatus, payload) };
    case 'cash_in': return { type: 'cash_in', msg: parseOrRefuse(CashIn, payload) };
    case 'ticket': return { type: 'ticket', msg: parseOrRefuse(Ticket, payload) };
    case 'config_ack': return { type: 'config_ack', msg: parseOrRefuse(ConfigAck, payload) };
  }
  throw new PitbossError('unknown_event', `the terminal channel does not handle "${event.slice(0, 40)}"`, { event: event.slice(0, 40) });
}
