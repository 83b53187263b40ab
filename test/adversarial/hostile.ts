// The hostile payloads of the adversarial suite (catalogue.test.ts, flood.test.ts), and a
// way to send any payload text through the official phoenix client's own connection. The
// client's `push` JSON.stringifies its payload, which would turn `1e400` into `null` and
// never write a `__proto__` key from an object literal; a hostile client writes bytes, so
// we do too, as a v2 frame `[join_ref, ref, topic, event, payload]` with the channel's
// join ref and a ref from the client's own counter. The reply comes back through the
// client's usual routing (`chan_reply_<ref>` on the channel).
import type { Channel, Socket } from 'phoenix';

/** The endpoint's frame limit (ws maxPayload); a bigger frame closes the socket with 1009. */
export const MAX_FRAME = 1024 * 1024;

export type Expected = 'invalid_payload' | 'invalid_action' | 'unknown_event';

export interface Hostile {
  name: string;
  event: string;
  /** the payload as JSON text, or a function of the bytes a payload may take for the frame to be exactly MAX_FRAME */
  payload: string | ((budget: number) => string);
  want: Expected;
}

/** What differs per game: an action it takes with no fields, and a stake-carrying act around an amount. */
export interface GameActs {
  legal: string;
  money: (amount: string) => string;
}

export interface Reply {
  status: 'ok' | 'error' | 'timeout';
  response: any;
}

const q = JSON.stringify;

/** A v2 frame around payload text; a payload function gets the bytes that make the frame exactly MAX_FRAME. */
export function frameText(joinRef: string | null, ref: string, topic: string, event: string, payload: Hostile['payload']): string {
  const head = `[${q(joinRef)},${q(ref)},${q(topic)},${q(event)},`;
  return `${head}${typeof payload === 'string' ? payload : payload(MAX_FRAME - head.length - 1)}]`;
}

/** Sends `payload` (JSON text, unchecked) on `ch` as one raw frame and resolves with the reply. */
export function rawPush(socket: Socket, ch: Channel, event: string, payload: Hostile['payload'], timeoutMs = 5000): Promise<Reply> {
  const ref = socket.makeRef();
  const frame = frameText((ch as unknown as { joinRef(): string }).joinRef(), ref, ch.topic, event, payload);
  const replyEvent = `chan_reply_${ref}`;
  return new Promise((resolve) => {
    const done = (r: Reply) => {
      clearTimeout(timer);
      ch.off(replyEvent, binding);
      resolve(r);
    };
    const binding = ch.on(replyEvent, (p: any) => done({ status: p.status, response: p.response }));
    const timer = setTimeout(() => done({ status: 'timeout', response: null }), timeoutMs);
    (socket as unknown as { conn: WebSocket }).conn.send(frame);
  });
}

/** A payload `{"<field>":"aaa…"}` (plus `head` fields) filling `budget` bytes exactly. */
export function filling(budget: number, head: string, field: string): string {
  const shell = `{${head}${head ? ',' : ''}${q(field)}:""}`;
  return `${shell.slice(0, -2)}${'a'.repeat(budget - shell.length)}"}`;
}

const nested = (n: number, open: string, close: string, inner: string) => open.repeat(n) + inner + close.repeat(n);
const bigArray = (n: number) => `[${new Array(n).fill('0').join(',')}]`;

/** Amounts a hostile client puts where an integer of minor units belongs. */
export const BAD_AMOUNTS = ['"100"', '100.5', '-100', '0', '"NaN"', '"Infinity"', 'true', 'false', 'null', '1e400', '-1e400',
  '9007199254740993', '1e308', '[100]', '{"value":100}', '"0x64"', '""'];

/** Text that must never reach a table: controls in values and keys, lone surrogates (JSON escapes, as a client writes them). */
const BAD_TEXT: Array<[string, string]> = [
  ['NUL', '\\u0000'], ['BEL', '\\u0007'], ['ESC', '\\u001b[2J'], ['DEL', '\\u007f'], ['C1 NEL', '\\u0085'],
  ['a lone high surrogate', '\\ud800'], ['a lone low surrogate', '\\udc00'], ['a reversed pair', '\\udc00\\ud800'],
];

/** The `act` frames of the catalogue for one game. */
export function actFrames(g: GameActs): Hostile[] {
  const A = q(g.legal).slice(1, -1);
  const act = (name: string, payload: Hostile['payload'], want: Expected = 'invalid_payload'): Hostile => ({ name, event: 'act', payload, want });
  return [
    ...BAD_TEXT.flatMap(([what, s]) => [
      act(`${what} in a value`, `{"action":"${A}","key":"k${s}"}`),
      act(`${what} in the action name`, `{"action":"${A}${s}"}`),
      act(`${what} in a key`, `{"action":"${A}","k${s}":1}`),
    ]),
    act('a __proto__ key', `{"action":"${A}","__proto__":{"amount":1000000,"admin":true}}`),
    act('a __proto__ key around the action', `{"__proto__":{"action":"${A}"}}`),
    act('a constructor key', `{"action":"${A}","constructor":{"prototype":{"admin":true}}}`),
    act('a prototype key', `{"action":"${A}","prototype":{"admin":true}}`),
    act('a __proto__ key inside the stake', g.money('{"__proto__":100}')),
    act('arrays nested 5,000 deep', `{"action":"${A}","x":${nested(5000, '[', ']', '0')}}`),
    act('objects nested 5,000 deep', `{"action":"${A}","x":${nested(5000, '{"a":', '}', '0')}}`),
    act('a 100,000-element array', `{"action":"${A}","x":${bigArray(100_000)}}`),
    act('a 100,000-element array as the amount', g.money(bigArray(100_000))),
    act('a 1 MiB string, just under the frame limit', (b) => filling(b - 1, `"action":"${A}"`, 'note')),
    act('a 1 MiB action name, just under the frame limit', (b) => filling(b - 1, '', 'action')),
    act('a 1 MiB key, just under the frame limit', (b) => filling(b - 1, `"action":"${A}"`, 'key')),
    act('an unknown action', '{"action":"win"}', 'invalid_action'),
    act('an action named payout', '{"action":"payout","amount":1000000}', 'invalid_action'),
    act('an action named __proto__', '{"action":"__proto__"}', 'invalid_action'),
    act('an action named constructor', '{"action":"constructor"}', 'invalid_action'),
    act('an action named toString', '{"action":"toString"}', 'invalid_action'),
    act('the action in capitals', `{"action":${q(g.legal.toUpperCase())}}`, 'invalid_action'),
    act('no action', '{}'),
    act('a number as the action', '{"action":5}'),
    act('null as the action', '{"action":null}'),
    act('a list as the action', `{"action":["${A}"]}`),
    act('an unknown field', `{"action":"${A}","win":1000000}`),
    act('an unknown field named payout', `{"action":"${A}","payout":1000000}`),
    act('an unknown field next to the stake', g.money('100').replace(/}$/, ',"house_edge":0}')),
    act('a number as the key', `{"action":"${A}","key":5}`),
    act('an empty key', `{"action":"${A}","key":""}`),
    act('a key with a space', `{"action":"${A}","key":"a b"}`),
    act('a 65-character key', `{"action":"${A}","key":"${'k'.repeat(65)}"}`),
    act('null as the key', `{"action":"${A}","key":null}`),
    ...BAD_AMOUNTS.map((x) => act(`${x} as the amount`, g.money(x))),
  ];
}

/** The `sit`, `chat` and `resume` frames: the same for every game. */
export function otherFrames(): Hostile[] {
  const f = (event: string, name: string, payload: Hostile['payload'], want: Expected = 'invalid_payload'): Hostile => ({ name, event, payload, want });
  return [
    ...['"0"', '1.5', '-1', '1e400', '100', 'null', 'true', '[0]'].map((x) => f('sit', `${x} as the seat`, `{"seat":${x}}`)),
    ...['"5000"', '-5000', '0', '5000.5', '1e400', 'null'].map((x) => f('sit', `${x} as the buy-in`, `{"buy_in":${x}}`)),
    f('sit', 'an unknown field', '{"seat":0,"admin":true}'),
    f('sit', 'NUL in a key', '{"se\\u0000at":0}'),
    f('sit', 'a __proto__ key', '{"__proto__":{"seat":0}}'),
    f('sit', 'a 100,000-element array', `{"seat":${bigArray(100_000)}}`),
    f('sit', 'a 1 MiB string, just under the frame limit', (b) => filling(b - 1, '', 'seat')),
    ...['5', 'null', '["hi"]', '{"html":"<b>hi</b>"}', '1e400'].map((x) => f('chat', `${x} as the text`, `{"text":${x}}`)),
    f('chat', 'no text', '{}'),
    f('chat', 'NUL in the text', '{"text":"hi\\u0000there"}'),
    f('chat', 'a lone surrogate in the text', '{"text":"hi \\ud800"}'),
    f('chat', 'a bidi override and controls only', '{"text":"\\u202e"}'),
    f('chat', 'markup only', '{"text":"<script>alert(1)</script>"}'),
    f('chat', '281 characters', `{"text":"${'x'.repeat(281)}"}`),
    f('chat', 'an unknown field', '{"text":"hi","to":"everyone"}'),
    f('chat', 'a constructor key', '{"text":"hi","constructor":1}'),
    f('chat', 'a 1 MiB text, just under the frame limit', (b) => filling(b - 1, '', 'text')),
    ...['"0"', '-1', '1.5', '1e400', 'null', '[0]', 'true'].map((x) => f('resume', `${x} as since`, `{"since":${x}}`)),
    f('resume', 'no since', '{}'),
    f('resume', 'an unknown field', '{"since":0,"all":true}'),
    f('resume', 'a prototype key', '{"since":0,"prototype":{}}'),
    f('resume', 'objects nested 5,000 deep', `{"since":${nested(5000, '{"a":', '}', '0')}}`),
    f('settle', 'an event the table does not have', '{"round_id":"x"}', 'unknown_event'),
  ];
}

/** The oversized frame: one byte over the limit, a stake-looking act around a huge string. */
export const overLimit = (legal: string): Hostile['payload'] => (b) => filling(b + 1, `"action":${q(legal)}`, 'note');
