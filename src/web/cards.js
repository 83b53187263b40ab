// Cards as the engines send them — 0..51 (rank·4 + suit) or text like "As" — or null when
// face down; shown as "A♠ 10♥", hearts and diamonds in red.
import { h } from './dom.js';

const RANKS = '23456789TJQKA';
const SUIT_CHARS = { c: '♣', d: '♦', h: '♥', s: '♠' };
const SUIT_BY_INDEX = 'cdhs';

/** {label, red} for a card, or null when it is hidden. */
export function cardText(c) {
  if (c === null || c === undefined) return null;
  let rank;
  let suit;
  if (typeof c === 'number') {
    rank = RANKS[c >> 2];
    suit = SUIT_BY_INDEX[c & 3];
  } else {
    rank = String(c)[0].toUpperCase();
    suit = String(c)[1]?.toLowerCase();
  }
  return { label: `${rank === 'T' ? '10' : rank}${SUIT_CHARS[suit] ?? '?'}`, red: suit === 'h' || suit === 'd' };
}

/** The cards as boxes; `data-cards` holds them as text ("A♠ 10♥") for tests and tools. */
export function cardsNode(cards, testid) {
  const list = (cards ?? []).map((c) => {
    const t = cardText(c);
    return t
      ? h('span', { class: `card${t.red ? ' red' : ''}` }, t.label)
      : h('span', { class: 'card hidden', title: 'face down' }, '??');
  });
  return h('span', { class: 'cards', testid, dataset: { cards: list.map((n) => n.textContent).join(' ') } }, list.length ? list : h('span', { class: 'muted' }, '—'));
}

/** "A♠ 10♥" for logs and the rounds panel. */
export const cardsPlain = (cards) => (cards ?? []).map((c) => cardText(c)?.label ?? '??').join(' ');
