// The table's clock: "Your turn: 14 s left", "Bets close in 6 s". Every `state` carries
// `deadlines` (when each of the table's timers fires, epoch ms) and the server's `now`;
// the page counts down `deadline − now` from the moment the state arrived, so a device
// whose clock is off still shows the right number. One deadline is shown: the one that
// matters most to a player.
import { h } from './dom.js';

/** Timer names (docs/protocol.md) in the order they matter. */
const ORDER = ['turn', 'insurance', 'close', 'deal', 'next_hand'];
const TICK_MS = 250;

/** A countdown drawn into `el` (kept hidden while there is nothing to count). */
export function createCountdown(el) {
  return { el, at: null, name: null, deadline: null, label: null, timer: null };
}

/**
 * A new state arrived: count down to its most important deadline, or hide. `ctx` names
 * seats (table.js); `game` may tell whose turn the clock runs for (turnSeat).
 */
export function countdownFrom(c, s, ctx, game) {
  const deadlines = s.deadlines ?? {};
  const name = ORDER.find((n) => typeof deadlines[n] === 'number') ?? null;
  if (name === null) return stopCountdown(c);
  const deadline = deadlines[name];
  c.name = name;
  c.deadline = deadline;
  c.at = typeof s.now === 'number' ? Date.now() + (deadline - s.now) : deadline;
  c.label = labelFor(name, s, ctx, game);
  if (c.timer === null) c.timer = setInterval(() => draw(c), TICK_MS);
  draw(c);
}

export function stopCountdown(c) {
  clearInterval(c.timer);
  Object.assign(c, { timer: null, at: null, name: null, deadline: null, label: null });
  c.el.hidden = true;
  c.el.replaceChildren();
  for (const k of ['timer', 'deadline', 'left']) delete c.el.dataset[k];
}

function labelFor(name, s, ctx, game) {
  switch (name) {
    case 'turn': {
      const seat = game.turnSeat?.(s.game) ?? null;
      if (seat !== null && seat === ctx.seatOf(s)) return (n) => (n > 0 ? ['Your turn: ', n, ' s left'] : ['Time is up']);
      const who = seat === null ? 'The player' : ctx.seatName(seat);
      return (n) => (n > 0 ? [`${who} has `, n, ' s to act'] : [`${who} is out of time`]);
    }
    case 'insurance':
      return (n) => (n > 0 ? ['Insurance: ', n, ' s to decide'] : ['Insurance is closed']);
    case 'close':
    case 'deal':
      return (n) => (n > 0 ? ['Bets close in ', n, ' s'] : ['No more bets']);
    case 'next_hand':
      return (n) => (n > 0 ? ['Next hand in ', n, ' s'] : ['Dealing…']);
    default:
      return (n) => [`${name.replaceAll('_', ' ')} in `, n, ' s'];
  }
}

function draw(c) {
  if (c.at === null) return;
  const left = Math.max(0, Math.ceil((c.at - Date.now()) / 1000));
  const [before, n, after] = c.label(left);
  c.el.replaceChildren(before, n === undefined ? '' : h('strong', { class: 'secs' }, String(n)), after ?? '');
  c.el.classList.toggle('urgent', left <= 5);
  Object.assign(c.el.dataset, { timer: c.name, deadline: String(c.deadline), left: String(left) });
  c.el.hidden = false;
  // Nothing more to count: the next state brings the next deadline.
  if (left === 0) {
    clearInterval(c.timer);
    c.timer = null;
  }
}
