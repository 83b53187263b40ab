// The npm `phe` package (a port of PokerHandEvaluator) as a second, independent
// oracle. It uses the same card codes (rank * 4 + suit, clubs diamonds hearts spades)
// and numbers the 7,462 classes from the best (1), so our value is 7463 - its rank.
import { createRequire } from 'node:module';

const phe = createRequire(import.meta.url)('phe') as { evaluateCardCodes(cards: number[]): number };

export const pheValue = (cards: number[]): number => 7463 - phe.evaluateCardCodes(cards);
