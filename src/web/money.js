// Amounts are integers in minor units (docs/protocol.md); the page shows them as the
// server's messages do, grouped ("12,500"), never converted.

export const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : '–');

/** "+150", "−100" (a real minus sign) or "0": a round's net. */
export const signed = (n) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : '0');
