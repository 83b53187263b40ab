// The hall dashboard (/admin): staff sign in, then watch the hall live over the admin
// channel. The page makes only the panels the role may see (the channel's join reply names
// them; the server sends nothing else), and only the buttons the role may use; the admin
// API refuses the rest anyway. State is one object, `dash`, handed to the modules.
import { Socket } from '/vendor/phoenix.mjs';
import { $, flash } from '../dom.js';
import { api } from '../session.js';
import { CHARTS, lineChart } from './charts.js';
import { alertsPanel, configPanel, eventsPanel, jackpotsPanel, nodePanel, playersPanel, tablesPanel, terminalsPanel } from './panels.js';
import { auditPanel } from './audit.js';
import { availabilityPanel } from './availability.js';

const SESSION_KEY = 'pitboss.staff';
const KEEP_POINTS = 600;

/** Panels fed by snapshots, by the section they show. */
const SECTION_PANELS = [
  ['system', nodePanel], ['tables', tablesPanel], ['players', playersPanel], ['terminals', terminalsPanel],
  ['config', configPanel], ['alerts', alertsPanel], ['jackpots', jackpotsPanel], ['availability', availabilityPanel],
];

const dash = {
  /** {token, name, role, expires_at} while signed in */
  session: null,
  permissions: new Set(),
  socket: null,
  channel: null,
  points: [],
  charts: [],
  panels: [],
  drain: (id) => drain(id),
};

function savedSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return typeof s?.token === 'string' ? s : null;
  } catch {
    return null;
  }
}

async function boot() {
  $('signin-form').addEventListener('submit', onSignIn);
  $('sign-out').addEventListener('click', () => signOut());
  const saved = savedSession();
  if (saved) {
    try {
      const me = await api('/api/admin/session', { token: saved.token });
      return enter({ ...saved, ...me });
    } catch (err) {
      sessionStorage.removeItem(SESSION_KEY);
      if (err.status !== 401) flash(`Could not reach the server: ${err.message}`, 'error');
    }
  }
  showSignIn();
}

function showSignIn() {
  $('signin').hidden = false;
  $('dash').hidden = true;
  $('who').hidden = true;
  $('staff-name').focus();
}

async function onSignIn(ev) {
  ev.preventDefault();
  const button = ev.submitter;
  if (button) button.disabled = true;
  try {
    const s = await api('/api/admin/session', { method: 'POST', body: { name: $('staff-name').value.trim(), password: $('staff-password').value } });
    $('staff-password').value = '';
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    flash('');
    enter(s);
  } catch (err) {
    flash(err.message, 'error');
  } finally {
    if (button) button.disabled = false;
  }
}

function enter(session) {
  dash.session = session;
  $('signin').hidden = true;
  $('who').hidden = false;
  $('me-name').textContent = session.name;
  $('me-role').textContent = session.role;
  connect();
}

function setConn(text, ok) {
  $('conn').textContent = text;
  $('conn').classList.toggle('ok', ok);
}

function connect() {
  const socket = new Socket('/admin/socket', { authToken: dash.session.token });
  socket.onOpen(() => setConn('live', true));
  socket.onError(() => {
    setConn('reconnecting…', false);
    // A session that expired is not worth reconnecting with.
    api('/api/admin/session', { token: dash.session?.token }).catch((err) => { if (err.status === 401) signOut('Your session has ended; sign in again.'); });
  });
  socket.onClose(() => setConn('offline', false));
  socket.connect();
  dash.socket = socket;
  join();
}

function join() {
  const ch = dash.socket.channel('admin:dashboard', {});
  ch.on('snapshot', (s) => onSnapshot(s));
  ch.on('session_ended', (p) => signOut(p.message));
  // A role changed while watching: join again for the panels of the new role.
  ch.on('session_changed', () => { ch.leave(); join(); });
  ch.join()
    .receive('ok', (r) => build(r))
    .receive('error', (r) => signOut(r.message));
  dash.channel = ch;
}

/** The dashboard for the role the join reply names: its charts, its panels, nothing else. */
function build(r) {
  dash.permissions = new Set(r.permissions);
  dash.session = { ...dash.session, role: r.role };
  $('me-role').textContent = r.role;
  const sections = new Set(r.sections);
  dash.points = r.series.slice(-KEEP_POINTS);
  dash.charts = CHARTS.filter((c) => sections.has(c.group)).map(lineChart);
  $('charts').replaceChildren(...dash.charts.map((c) => c.el));
  $('charts').hidden = dash.charts.length === 0;
  dash.panels = [
    ...SECTION_PANELS.filter(([s]) => sections.has(s)).map(([, make]) => make(dash)),
    eventsPanel(),
    ...(dash.permissions.has('audit.view') ? [auditPanel(dash)] : []),
  ];
  $('panels').replaceChildren(...dash.panels.map((p) => p.el));
  $('dash').hidden = false;
  onSnapshot(r.snapshot, { first: true });
}

function onSnapshot(s, { first = false } = {}) {
  $('node').textContent = `node ${s.node}`;
  if (!first) {
    dash.points.push(s.point);
    if (dash.points.length > KEEP_POINTS) dash.points.splice(0, dash.points.length - KEEP_POINTS);
  } else if (dash.points.length === 0) dash.points.push(s.point);
  for (const c of dash.charts) c.draw(dash.points);
  for (const p of dash.panels) p.update(s);
}

async function drain(id) {
  try {
    const r = await api(`/api/admin/tables/${encodeURIComponent(id)}/drain`, { method: 'POST', token: dash.session.token });
    flash(r.round_running ? `${id} is draining: it closes when its round ends.` : `${id} is closed.`);
    for (const p of dash.panels) p.reload?.();
  } catch (err) {
    flash(err.message, 'error');
  }
}

/** Forgets the session on this page (the token itself lasts until it expires). */
function signOut(message) {
  dash.channel?.leave();
  dash.socket?.disconnect();
  dash.socket = dash.channel = dash.session = null;
  sessionStorage.removeItem(SESSION_KEY);
  setConn('offline', false);
  $('charts').replaceChildren();
  $('panels').replaceChildren();
  flash(message ?? '', message ? 'error' : 'info');
  showSignIn();
}

void boot();
