// Pieces every game's controls are built from.
import { h } from '../dom.js';

/** A labelled whole-number field: {input, node}. */
export function numberInput(testid, label, value, { min = 1, step = 1 } = {}) {
  const input = h('input', { type: 'number', inputmode: 'numeric', min, step, value, testid, id: testid, required: true });
  return { input, node: h('label', { class: 'field', for: testid }, label, input) };
}

export const amountOf = (input) => Number(input.value);

export const buttonRow = (...buttons) => h('div', { class: 'button-row' }, buttons);
