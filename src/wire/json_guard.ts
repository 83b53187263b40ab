// What a decoded JSON payload may contain before any channel sees it. JSON.parse accepts
// strings no database or log should ever receive — NUL and other control characters,
// lone UTF-16 surrogates (`"\ud800"` is valid JSON but not valid text) — and nesting as
// deep as the frame allows. The serializer runs this once per frame, so a hostile string
// is refused with an error reply at the edge instead of being discovered by PostgreSQL
// inside a table. Keys are checked like values; `__proto__`, `constructor` and
// `prototype` keys are refused outright (no event has such a field, and a merge that
// forgets to guard them would reach an object's prototype).
//
// The walk is iterative (a depth-5,000 payload must not use the stack) and stops at the
// first problem; node and depth limits bound its work on a 1 MiB frame.

export interface JsonLimits {
  /** objects/arrays nested deeper than this are refused */
  maxDepth: number;
  /** total values (objects, arrays, strings, numbers …) in one payload */
  maxNodes: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxNodes: 20_000 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// C0 controls, DEL and C1 controls, and any surrogate: a well-formed surrogate pair is
// accepted by the second pass below, a lone one is not.
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;

/** Why `s` is not acceptable text, or null. */
export function badText(s: string): string | null {
  if (!SUSPECT.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return 'lone surrogate';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'lone surrogate';
  }
  return null;
}

/** Why a parsed JSON value is refused, or null when it is acceptable. */
export function checkJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): string | null {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    if (typeof v === 'string') {
      const bad = badText(v);
      if (bad) return `a string holds a ${bad}`;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth}`;
    if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) return `the key "${k}" is not allowed`;
      const bad = badText(k);
      if (bad) return `a key holds a ${bad}`;
      stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1 });
    }
  }
  return null;
}
