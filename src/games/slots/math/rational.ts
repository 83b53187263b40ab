// Exact fractions over bigint for the PAR sheet: every figure is a ratio of integer
// counts over the cycle, so it is computed exactly and only printed as a decimal.
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('zero denominator');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;

/** Rounded to `digits` decimals (half away from zero), exactly. */
export function toDecimal(r: Rational, digits = 10): string {
  const scale = 10n ** BigInt(digits);
  const neg = r.n < 0n;
  const abs = neg ? -r.n : r.n;
  const q = (abs * scale * 2n + r.d) / (2n * r.d);
  const int = (q / scale).toString();
  const frac = (q % scale).toString().padStart(digits, '0');
  return `${neg && q !== 0n ? '-' : ''}${int}${digits > 0 ? '.' + frac : ''}`;
}

export const toNumber = (r: Rational): number => Number(toDecimal(r, 17));

/** The square root of a non-negative rational as a double (for SD), from the exact floor(r·10^36). */
export function sqrtToNumber(r: Rational): number {
  if (r.n < 0n) throw new RangeError('negative variance');
  return Number(isqrt((r.n * 10n ** 36n) / r.d)) / 1e18;
}

/** floor(sqrt(v)) by Newton's method on bigints. */
function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = 1n << BigInt(Math.ceil(v.toString(2).length / 2));
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
