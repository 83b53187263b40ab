// From a hand value to its category. Values are grouped by category, weakest first,
// so the category is found by comparing with the first value of each group.
import { CATEGORIES, categoryOfRaw, type Category } from './score.ts';
import { CLASS_COUNT, VALUE_RAW } from './values.ts';

/** CATEGORY_START[i] = the lowest value of category CATEGORIES[i]. */
export const CATEGORY_START = new Uint16Array(CATEGORIES.length);
for (let v = CLASS_COUNT; v >= 1; v--) CATEGORY_START[categoryOfRaw(VALUE_RAW[v]!)] = v;

/** VALUE_CATEGORY[v] = index into CATEGORIES of hand value v (fast, for census loops). */
export const VALUE_CATEGORY = new Uint8Array(CLASS_COUNT + 1);
for (let v = 1; v <= CLASS_COUNT; v++) VALUE_CATEGORY[v] = categoryOfRaw(VALUE_RAW[v]!);

export function categoryOf(value: number): Category {
  if (!Number.isInteger(value) || value < 1 || value > CLASS_COUNT) throw new RangeError(`not a hand value: ${value}`);
  return CATEGORIES[VALUE_CATEGORY[value]!]!;
}
