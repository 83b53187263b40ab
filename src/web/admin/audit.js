// The audit log panel (audit.view): filters by actor, action, subject and time, newest
// first, a page at a time over GET /api/admin/audit; export of every matching row as CSV
// or JSON lines (audit.export) over GET /api/admin/audit/export. Both go through the
// admin API, which checks the permission again.
import { h } from '../dom.js';
import { api } from '../session.js';
import { download } from './download.js';

const FIELDS = [['actor', 'Actor', 'staff:ann'], ['action', 'Action', 'table_drain'], ['subject', 'Subject', 'table:slots-1']];

export function auditPanel(ctx) {
  const inputs = Object.fromEntries(FIELDS.map(([k, , ph]) => [k, h('input', { id: `audit-${k}`, placeholder: ph, maxlength: 200, testid: `audit-${k}` })]));
  const since = h('input', { type: 'datetime-local', id: 'audit-since', step: 1, testid: 'audit-since' });
  const until = h('input', { type: 'datetime-local', id: 'audit-until', step: 1, testid: 'audit-until' });
  const rows = h('tbody', { testid: 'audit-rows' });
  const more = h('button', { type: 'button', class: 'small', testid: 'audit-more', hidden: true }, 'Older rows');
  const status = h('p', { class: 'muted', testid: 'audit-status' });
  let next = null;

  /** The filters as query parameters; datetime-local is the browser's local time, sent as ISO-8601. */
  const query = () => {
    const q = new URLSearchParams();
    for (const [k] of FIELDS) if (inputs[k].value.trim()) q.set(k, inputs[k].value.trim());
    if (since.value) q.set('since', new Date(since.value).toISOString());
    if (until.value) q.set('until', new Date(until.value).toISOString());
    return q;
  };
  const load = async (append) => {
    const q = query();
    q.set('limit', '50');
    if (append && next !== null) q.set('before', String(next));
    try {
      const page = await api(`/api/admin/audit?${q}`, { token: ctx.session.token });
      if (!append) rows.replaceChildren();
      rows.append(...page.rows.map((r) => h('tr', { testid: `audit-row-${r.seq}` },
        h('td', { class: 'num' }, r.seq), h('td', {}, r.at.replace('T', ' ').slice(0, 19)), h('td', {}, r.actor), h('td', {}, r.action), h('td', {}, r.subject),
        h('td', { class: 'changes' }, `${r.before ?? '—'} → ${r.after ?? '—'}`))));
      next = page.next;
      more.hidden = next === null;
      status.textContent = rows.children.length === 0 ? 'No row matches.' : `${rows.children.length} rows shown, newest first.`;
    } catch (err) {
      status.textContent = err.message;
    }
  };
  const exportAs = (format) => async () => {
    const q = query();
    q.set('format', format);
    try {
      await download(`/api/admin/audit/export?${q}`, ctx.session.token, `pitboss-audit.${format}`);
    } catch (err) {
      status.textContent = err.message;
    }
  };
  more.addEventListener('click', () => load(true));
  const form = h('form', { class: 'filters', testid: 'audit-filters', onsubmit: (ev) => { ev.preventDefault(); void load(false); } },
    FIELDS.map(([k, label]) => h('label', { class: 'field', for: `audit-${k}` }, label, inputs[k])),
    h('label', { class: 'field', for: 'audit-since' }, 'From', since),
    h('label', { class: 'field', for: 'audit-until' }, 'To', until),
    h('button', { type: 'submit', testid: 'audit-search' }, 'Search'),
    ctx.permissions.has('audit.export') ? [
      h('button', { type: 'button', testid: 'audit-export-csv', onclick: exportAs('csv') }, 'Export CSV'),
      h('button', { type: 'button', testid: 'audit-export-jsonl', onclick: exportAs('jsonl') }, 'Export JSON lines'),
    ] : null);
  const el = h('section', { class: 'panel span2', testid: 'panel-audit' }, h('h2', {}, 'Audit log'), form, status,
    h('div', { class: 'scroll' }, h('table', { class: 'grid-table small' },
      h('thead', {}, h('tr', {}, ['#', 'when (UTC)', 'actor', 'action', 'subject', 'before → after'].map((c) => h('th', {}, c)))), rows)), more);
  void load(false);
  return { el, update() {}, reload: () => load(false) };
}
