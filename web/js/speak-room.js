// speak-room.js — on the room page: a resident asks to speak (inspreken) on an agenda item
// of the live meeting, follows their request, and when the chair admits them goes to their
// speaking turn (the join page, which asks for camera and microphone and shows the time
// left).
//
// The request's id and secret stay in this browser (localStorage), so a reload still
// knows it. Status: GET /api/speakers/{id}?s=SECRET every 2 s while waiting or speaking.
// Names and topics are shown with textContent only.

import { ApiError, errorFromResponse } from './api.js';
import { setText } from './i18n.js';

const POLL_MS = 2000;

// els: {section, form, name, topic, item, send, status, error, state, go}
export function createRoomSpeak(els) {
  let meeting = null;
  let timer = null;
  const key = () => `tribune.speak.${meeting?.id}`;

  const saved = () => {
    try {
      return JSON.parse(localStorage.getItem(key()) || 'null');
    } catch {
      return null;
    }
  };

  const fillItems = () => {
    const chosen = els.item.value;
    const none = document.createElement('option');
    none.value = '';
    setText(none, 'speak.anyItem');
    els.item.replaceChildren(none, ...(meeting?.agenda || []).map((item) => {
      const option = document.createElement('option');
      option.value = String(item.id);
      option.textContent = `${item.position}. ${item.title}`;
      return option;
    }));
    // The public-comment item, if the agenda has one, is the likely choice.
    const inspreken = (meeting?.agenda || []).find((item) => item.kind === 'inspreken');
    els.item.value = chosen || (inspreken ? String(inspreken.id) : '');
  };

  const show = (request) => {
    els.form.hidden = Boolean(request) && ['waiting', 'admitted'].includes(request.status);
    els.go.hidden = request?.status !== 'admitted';
    if (!request) {
      setText(els.state, null);
      return;
    }
    setText(els.state, `speak.state.${request.status}`);
    if (request.status === 'admitted' && request.join) els.go.href = request.join.url;
    document.body.dataset.speak = request.status;
  };

  const poll = async () => {
    const mine = saved();
    if (!mine) return;
    try {
      const response = await fetch(`/api/speakers/${mine.id}?s=${encodeURIComponent(mine.secret)}`,
        { cache: 'no-store' });
      if (!response.ok) throw await errorFromResponse(response);
      const request = await response.json();
      show(request);
      if (!['waiting', 'admitted'].includes(request.status)) clearInterval(timer);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        localStorage.removeItem(key());
        show(null);
      }
    }
  };

  const follow = () => {
    clearInterval(timer);
    if (!saved()) return;
    poll();
    timer = setInterval(() => {
      if (!document.hidden) poll();
    }, POLL_MS);
  };

  els.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setText(els.error, null);
    const name = els.name.value.trim();
    const topic = els.topic.value.trim();
    if (!name || !topic) {
      setText(els.error, 'speak.error.missing');
      (name ? els.topic : els.name).focus();
      return;
    }
    els.send.disabled = true;
    try {
      const response = await fetch(`/api/meetings/${meeting.id}/speakers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, topic, item_id: els.item.value ? Number(els.item.value) : null }),
      });
      if (!response.ok) throw await errorFromResponse(response);
      const made = await response.json();
      localStorage.setItem(key(), JSON.stringify({ id: made.id, secret: made.secret }));
      setText(els.status, 'speak.sent');
      follow();
    } catch (err) {
      setText(els.error, err instanceof ApiError && err.status === 429 ? 'speak.error.tooMany'
        : err instanceof ApiError && err.status === 409 ? 'speak.error.ended' : 'speak.error.other');
    } finally {
      els.send.disabled = false;
    }
  });

  return {
    // Each `meeting` event of the room's stream.
    onMeeting(data) {
      const live = data && typeof data === 'object' && data.status === 'live';
      els.section.hidden = !live;
      if (!live) {
        clearInterval(timer);
        return;
      }
      const changed = meeting?.id !== data.id;
      meeting = { id: data.id, agenda: Array.isArray(data.agenda) ? data.agenda : [] };
      fillItems();
      if (changed) follow();
    },
    // A `speaker` event: some request changed; ours may be among them.
    onSpeaker() {
      if (saved()) poll();
    },
  };
}
