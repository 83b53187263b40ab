// Poker hand evaluation for every poker game (hold'em, showdown displays, the census).
// Values are integers 1..7462, higher is better; equal values split the pot.
export { evaluate, evaluate5, evaluate6, evaluate7 } from './evaluate.ts';
export { categoryOf, CATEGORY_START } from './category.ts';
export { CATEGORIES, type Category } from './score.ts';
export { CLASS_COUNT } from './values.ts';
export { describe } from './describe.ts';
export { bestFive } from './best-five.ts';
export { equity, type EquityOptions, type EquityResult, type HandEquity } from './equity.ts';
