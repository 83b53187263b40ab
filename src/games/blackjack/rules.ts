// Blackjack rules as data. A table is configured with one of these; the engine, the
// strategy helper and the simulator all read the same object, so a rules change can
// never apply to one and not the others. `parseRules` validates untrusted input
// (config files, `pitboss sim --rules k=v`).
export interface BlackjackRules {
  /** 1..8 decks in a shoe; 0 = infinite deck (each card drawn independently; simulation only) */
  decks: number;
  /** the dealer hits soft 17 (H17) instead of standing (S17) */
  dealerHitsSoft17: boolean;
  /** double on any first two cards, or only on totals 9, 10, 11 */
  doubleOn: 'any' | 'nine_to_eleven';
  doubleAfterSplit: boolean;
  /** the most hands a seat may split into (1 = no splitting) */
  maxHands: number;
  resplitAces: boolean;
  hitSplitAces: boolean;
  /** late surrender: after the peek, on the first two cards of an unsplit hand */
  surrender: boolean;
  insurance: boolean;
  /** the dealer takes a hole card and peeks for blackjack under a ten or an ace; false = European no-hole-card (all stakes lose to a dealer blackjack) */
  peek: boolean;
  blackjackPays: '3:2' | '6:5';
  /** fraction of the shoe dealt before the cut card; the shoe is reshuffled between rounds once it is reached */
  penetration: number;
}

export const MAX_SEATS = 7;

/** The published base game (game-math.md), in a 6-deck shoe. */
export const DEFAULT_RULES: BlackjackRules = {
  decks: 6,
  dealerHitsSoft17: false,
  doubleOn: 'any',
  doubleAfterSplit: true,
  maxHands: 4,
  resplitAces: false,
  hitSplitAces: false,
  surrender: false,
  insurance: true,
  peek: true,
  blackjackPays: '3:2',
  penetration: 0.75,
};

const BOOLEAN_KEYS = ['dealerHitsSoft17', 'doubleAfterSplit', 'resplitAces', 'hitSplitAces', 'surrender', 'insurance', 'peek'] as const;

/** Short spellings accepted on the command line: h17=true, das=false, rsa, hsa, ls, bj=6:5. */
const ALIASES: Record<string, keyof BlackjackRules> = {
  h17: 'dealerHitsSoft17', das: 'doubleAfterSplit', rsa: 'resplitAces', hsa: 'hitSplitAces', ls: 'surrender', bj: 'blackjackPays', double: 'doubleOn', hands: 'maxHands',
};

/** Merges overrides over the defaults, or explains the first bad field. Strings "true"/"6" are coerced. */
export function parseRules(input: Record<string, unknown> = {}, base: BlackjackRules = DEFAULT_RULES): BlackjackRules | string {
  const r: Record<string, unknown> = { ...base };
  for (const [k0, v0] of Object.entries(input)) {
    const k = ALIASES[k0] ?? k0;
    if (!Object.hasOwn(base, k)) return `unknown rule ${k0}`;
    let v = v0;
    if ((BOOLEAN_KEYS as readonly string[]).includes(k) && typeof v === 'string') v = v === 'true' ? true : v === 'false' ? false : v;
    if ((k === 'decks' || k === 'maxHands' || k === 'penetration') && typeof v === 'string' && v.trim() !== '') v = Number(v === 'infinite' ? 0 : v);
    r[k] = v;
  }
  const rules = r as unknown as BlackjackRules;
  for (const k of BOOLEAN_KEYS) if (typeof rules[k] !== 'boolean') return `${k} must be true or false`;
  if (!Number.isInteger(rules.decks) || rules.decks < 0 || rules.decks > 8) return 'decks must be an integer 1..8, or 0 for an infinite deck';
  if (rules.doubleOn !== 'any' && rules.doubleOn !== 'nine_to_eleven') return 'doubleOn must be any or nine_to_eleven';
  if (!Number.isInteger(rules.maxHands) || rules.maxHands < 1 || rules.maxHands > 8) return 'maxHands must be an integer 1..8';
  if (rules.blackjackPays !== '3:2' && rules.blackjackPays !== '6:5') return 'blackjackPays must be 3:2 or 6:5';
  if (typeof rules.penetration !== 'number' || !(rules.penetration >= 0.5 && rules.penetration <= 0.9)) return 'penetration must be between 0.5 and 0.9';
  if (rules.surrender && !rules.peek) return 'late surrender needs the dealer to peek';
  return rules;
}
