// Table chat: the join reply's recent lines, then each `chat` push; Send pushes `chat
// {text}`. The server cleans, caps and masks the text; it is shown as text, never HTML.
import { $, h, time } from './dom.js';

const MAX_LINES = 60;

function chatNode(c, me) {
  return h('li', { dataset: { playerId: c.player_id } },
    h('span', { class: 'muted' }, `${time(c.at)} `), h('strong', {}, c.player_id === me ? 'You' : c.name), `: ${c.text}`);
}

/** The table's recent lines (a join reply), replacing what was shown. */
export function showChat(lines, me) {
  $('chat').replaceChildren(...(Array.isArray(lines) ? lines : []).map((c) => chatNode(c, me)));
}

export function chatLine(c, me) {
  const list = $('chat');
  list.append(chatNode(c, me));
  while (list.children.length > MAX_LINES) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

/** The Send form: `push` is the table's push (table.js), resolving with the reply or null. */
export async function sendChat(push) {
  const input = $('chat-text');
  if (!input.value.trim()) return;
  const ok = await push('chat', { text: input.value });
  if (ok) input.value = '';
}
