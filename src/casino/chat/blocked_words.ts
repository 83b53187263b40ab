// Blocked words: a configurable list, matched as whole words, case-insensitively and
// through simple obfuscation — repeated letters ("iiidiot"), leetspeak ("1d10t"),
// accents ("ïdiot"), a plural "s", and letters spelled apart ("i.d.i.o.t", "i d i o t").
//
// Policy: a match is MASKED with one asterisk per character, the rest of the message is
// delivered. Why not refuse with `forbidden`: a refusal tells the sender exactly which
// spelling was caught and invites trying variants until one passes; a false positive
// ("is this a scam?") would lose the whole message; and the sender sees the masked text
// come back like everyone else, so nothing is hidden from them. Pure; no I/O.
//
// How it works: the text is split into parts (runs of letters, digits and leet symbols)
// and the separators between them. A part matches when its canonical form (lowercase,
// marks removed, leet mapped, repeated letters collapsed) is a listed word. Runs of
// one-character parts joined by short separators are also tried, every sub-run, so
// "u i.d.i.o.t" masks "i.d.i.o.t".

import { MAX_BLOCKED_WORDS, MAX_WORD_LENGTH, parseBlockedList, WORD_CHAR as PART_CHAR } from '../../config/chat.ts';

export { DEFAULT_BLOCKED_WORDS, MAX_BLOCKED_WORDS } from '../../config/chat.ts';

/** Separators longer than this end a spelled-apart word ("i  .  d" is two words). */
const MAX_GAP = 3;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const MARKS = /\p{M}/gu;
const MARK = /^\p{M}$/u;

export function canonical(word: string): string {
  const plain = word.normalize('NFKD').replace(MARKS, '').toLowerCase();
  let out = '';
  for (const ch of plain) {
    const c = LEET[ch] ?? ch;
    if (!out.endsWith(c)) out += c; // collapse repeats: "iiidiooot" → "idiot"
  }
  return out;
}

interface Part {
  start: number; // index into the code-point array
  end: number; // exclusive
  canon: string;
}

export class BlockedWords {
  readonly #words: Set<string>;
  readonly #longest: number;

  constructor(words: readonly string[]) {
    if (words.length > MAX_BLOCKED_WORDS) throw new RangeError(`at most ${MAX_BLOCKED_WORDS} blocked words`);
    this.#words = new Set();
    for (const w of words) {
      const c = canonical(w.trim());
      if (c.length < 2 || w.length > MAX_WORD_LENGTH || ![...c].every((ch) => PART_CHAR.test(ch))) {
        throw new RangeError(`blocked word "${w}" must be 2 to ${MAX_WORD_LENGTH} letters or digits`);
      }
      this.#words.add(c);
    }
    this.#longest = Math.max(0, ...[...this.#words].map((w) => w.length));
  }

  get size(): number {
    return this.#words.size;
  }

  /** `text` with every blocked word replaced by asterisks, same length in code points. */
  mask(text: string): string {
    if (this.#words.size === 0) return text;
    const chars = [...text];
    const parts = splitParts(chars);
    const hits: Array<[number, number]> = [];
    for (const p of parts) if (this.#blocked(p.canon)) hits.push([p.start, p.end]);
    for (const run of singleCharRuns(chars, parts)) this.#scanRun(run, hits);
    if (hits.length === 0) return text;
    for (const [start, end] of hits) chars.fill('*', start, end);
    return chars.join('');
  }

  #blocked(c: string): boolean {
    return this.#words.has(c) || (c.length > 2 && c.endsWith('s') && this.#words.has(c.slice(0, -1)));
  }

  #scanRun(run: Part[], hits: Array<[number, number]>): void {
    // A spelled-apart word may carry one extra letter per character (repeats) plus the "s".
    const widest = 2 * this.#longest + 1;
    for (let i = 0; i < run.length; i++) {
      let joined = ''; // canonical as it grows: each part is one canonical letter
      for (let j = i; j < run.length && j - i < widest; j++) {
        if (!joined.endsWith(run[j]!.canon)) joined += run[j]!.canon;
        if (j > i && this.#blocked(joined)) hits.push([run[i]!.start, run[j]!.end]);
      }
    }
  }
}

function splitParts(chars: string[]): Part[] {
  const parts: Part[] = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const inPart = i < chars.length && PART_CHAR.test(chars[i]!);
    if (inPart && start < 0) start = i;
    if (!inPart && start >= 0) {
      parts.push({ start, end: i, canon: canonical(chars.slice(start, i).join('')) });
      start = -1;
    }
  }
  return parts;
}

/** Maximal runs of parts that are one character each, with short gaps between them. */
function singleCharRuns(chars: string[], parts: Part[]): Part[][] {
  const runs: Part[][] = [];
  let run: Part[] = [];
  for (const p of parts) {
    const single = p.canon.length === 1 && chars.slice(p.start, p.end).filter((c) => !MARK.test(c)).length === 1;
    const prev = run.at(-1);
    if (single && prev && p.start - prev.end <= MAX_GAP) run.push(p);
    else {
      if (run.length > 1) runs.push(run);
      run = single ? [p] : [];
    }
  }
  if (run.length > 1) runs.push(run);
  return runs;
}

/** PITBOSS_CHAT_BLOCKED as the chat will use it: the list's syntax (config's), then each word in canonical form. */
export function parseBlockedWords(value: string): string[] {
  const words = parseBlockedList(value);
  new BlockedWords(words); // throws a RangeError naming the bad word
  return words;
}
