// Availability per component and per day (availability.view): the components' state now
// comes with each snapshot; the table of days is asked of GET /api/admin/availability and
// the same rows download as CSV.
import { h } from '../dom.js';
import { api } from '../session.js';
import { download } from './download.js';
import { componentsList } from './panels.js';

const day = (ms) => new Date(ms).toISOString().slice(0, 10);
/** "45 s", "12 min", "5.5 h": durations as people read them. */
const span = (s) => (s < 120 ? `${s} s` : s < 3 * 3600 ? `${Math.round(s / 60)} min` : `${Math.round(s / 360) / 10} h`);

export function availabilityPanel(ctx) {
  const from = h('input', { type: 'date', id: 'avail-from', value: day(Date.now() - 6 * 86_400_000), testid: 'avail-from' });
  const to = h('input', { type: 'date', id: 'avail-to', value: day(Date.now()), testid: 'avail-to' });
  const now = h('div');
  const rows = h('tbody', { testid: 'avail-rows' });
  const status = h('p', { class: 'muted', testid: 'avail-status' });
  const query = (format) => `from=${from.value}&to=${to.value}&format=${format}`;
  const load = async () => {
    try {
      const r = await api(`/api/admin/availability?${query('json')}`, { token: ctx.session.token });
      rows.replaceChildren(...r.rows.map((x) => h('tr', {},
        h('td', {}, x.day), h('td', {}, x.component), h('td', { class: 'num' }, `${x.availability_percent.toFixed(3)}%`),
        h('td', { class: 'num' }, `${span(x.up_seconds)} of ${span(x.observed_seconds)}`))));
      status.textContent = r.rows.length === 0 ? 'Nothing recorded in those days.' : '';
    } catch (err) {
      status.textContent = err.message;
    }
  };
  const csv = async () => {
    try {
      await download(`/api/admin/availability?${query('csv')}`, ctx.session.token, 'pitboss-availability.csv');
    } catch (err) {
      status.textContent = err.message;
    }
  };
  const el = h('section', { class: 'panel', testid: 'panel-availability' }, h('h2', {}, 'Availability'), now,
    h('form', { class: 'filters', onsubmit: (ev) => { ev.preventDefault(); void load(); } },
      h('label', { class: 'field', for: 'avail-from' }, 'From', from), h('label', { class: 'field', for: 'avail-to' }, 'To', to),
      h('button', { type: 'submit', testid: 'avail-show' }, 'Show'),
      h('button', { type: 'button', testid: 'avail-csv', onclick: csv }, 'Download CSV')),
    status,
    h('div', { class: 'scroll' }, h('table', { class: 'grid-table small', testid: 'availability' },
      h('thead', {}, h('tr', {}, ['day (UTC)', 'component', 'available', 'up'].map((c) => h('th', {}, c)))), rows)));
  void load();
  return { el, update({ sections: { availability } }) { now.replaceChildren(componentsList(availability.components)); } };
}
