// advices-archive.js — on a meeting's archive page, the council's advices tied to each
// agenda item (GET /api/advices?meeting={id}): under the item, "Advies van de wijkraad:
// {title}" linking to /advices/{id}, with its status and clock. A server without the
// advice tracker (404) or without advices for this meeting adds nothing.

import { ApiError } from './api.js';
import { listAdvices } from './advices-api.js';
import { renderClock, renderStatus } from './advice-format.js';
import { setText } from './i18n.js';

// itemElement(itemId) → the agenda item's <li> (or null).
export async function showItemAdvices(meetingId, itemElement) {
  let advices;
  try {
    advices = await listAdvices({ meeting: meetingId });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) console.warn('tribune: advices not available', err);
    return;
  }
  const byItem = new Map();
  for (const advice of advices) {
    for (const item of advice.items || []) {
      if (String(item.meeting) !== String(meetingId)) continue;
      if (!byItem.has(item.id)) byItem.set(item.id, []);
      byItem.get(item.id).push(advice);
    }
  }
  const blocks = [];
  for (const [itemId, list] of byItem) {
    const li = itemElement(itemId);
    if (!li) continue;
    li.querySelector('.item-advices')?.remove();
    const block = document.createElement('div');
    block.className = 'item-advices';
    const ul = document.createElement('ul');
    ul.className = 'item-advice-list';
    for (const advice of list) {
      const row = document.createElement('li');
      const label = document.createElement('span');
      label.className = 'item-advice-label';
      setText(label, 'advices.archive.label');
      const link = document.createElement('a');
      link.href = `/advices/${encodeURIComponent(advice.id)}`;
      link.textContent = advice.title || '';
      const state = document.createElement('span');
      state.className = 'item-advice-state';
      const status = document.createElement('span');
      renderStatus(status, advice);
      const clock = document.createElement('span');
      renderClock(clock, advice);
      state.append(status, ' ', clock);
      row.append(label, ' ', link, ' ', state);
      ul.append(row);
    }
    block.append(ul);
    const actions = li.querySelector('.agenda-item-actions');
    li.insertBefore(block, actions || null);
    blocks.push(block);
  }
  document.body.dataset.advices = 'ready';
  // Labels and clocks follow the language: setText recorded their keys.
  return blocks.length;
}
