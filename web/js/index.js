// index.js — the front page: the rooms and whether they are live, refreshed now and then
// so a resident who waits for the meeting sees it start. Cards are updated in place, so a
// refresh never takes away the keyboard focus from a link.

import { listRooms, viewerTotal } from './api.js';
import { applyTranslations, initI18n, setText } from './i18n.js';

const REFRESH_MS = 15000;

const list = document.getElementById('rooms');
const status = document.getElementById('rooms-status');
const template = document.getElementById('room-template');
const cards = new Map(); // room id → <li>

function newCard(room) {
  const card = template.content.firstElementChild.cloneNode(true);
  const id = encodeURIComponent(room.id);
  card.querySelector('.watch-link').href = `/room/${id}`;
  card.querySelector('.hall-link').href = `/hall/${id}`;
  applyTranslations(card); // the template holds the Dutch fallback text
  return card;
}

function updateCard(card, room) {
  const title = typeof room.title === 'string' && room.title ? room.title : room.id;
  card.querySelector('.room-card-title').textContent = title;
  // Each link also names its room (for screen readers only), so a list of links read out
  // of context still says which meeting it opens.
  for (const name of card.querySelectorAll('.room-name')) name.textContent = ` (${title})`;

  const badge = card.querySelector('.badge');
  setText(badge, room.live ? 'room.live' : 'room.notLive');
  badge.className = room.live ? 'badge badge-live' : 'badge badge-idle';
  setText(card.querySelector('.room-card-viewers'), 'room.viewers', { count: viewerTotal(room) });
  card.querySelector('.hall-link').hidden = !room.whip;
}

async function refresh() {
  try {
    const rooms = await listRooms();
    const seen = new Set();
    let position = 0;
    for (const room of rooms) {
      if (typeof room?.id !== 'string') continue;
      seen.add(room.id);
      let card = cards.get(room.id);
      if (!card) {
        card = newCard(room);
        cards.set(room.id, card);
      }
      updateCard(card, room);
      // Keep the server's order, but only move a card that is out of place: moving an
      // element takes the focus away from it.
      if (list.children[position] !== card) list.insertBefore(card, list.children[position] || null);
      position += 1;
    }
    for (const [id, card] of cards) {
      if (!seen.has(id)) {
        card.remove();
        cards.delete(id);
      }
    }
    setText(status, seen.size === 0 ? 'index.empty' : null);
  } catch (err) {
    console.warn('tribune: room list not available', err);
    setText(status, 'index.error');
  }
  document.body.dataset.roomsLoaded = 'true';
}

async function main() {
  await initI18n();
  await refresh();
  setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
}

main();
