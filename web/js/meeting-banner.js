// meeting-banner.js — on the room page, the meeting that is on air: its title, the agenda
// item being discussed now ("Nu: 3. Speeltuin Afrikaanderplein") and the whole agenda
// (collapsed), kept up to date from the room's event stream (GET /api/rooms/{room}/events,
// event "meeting": the meeting, or null when there is none).
//
// The "Nu:" line is a polite live region, so a screen reader says when the chair moves on
// without interrupting. The stream is a nicety: the video never waits for it. EventSource
// reconnects by itself after a dropped connection; when it gives up (an HTTP error such as
// 404 on a server without the stream, or 503 when the room has too many followers) we try
// again later, waiting longer each time.

import { setText } from './i18n.js';

const RETRY_MS = [2000, 5000, 10000, 30000, 60000];

// els: {section, title, now, agendaSummary, agenda, ended, endedLink}. hooks (optional):
// onMeeting(meeting|null) for every `meeting` event, onQuestion(question) for every
// `question` event (residents' questions, questions-room.js).
export function followMeeting(roomId, els, hooks = {}) {
  let source = null;
  let retryTimer = null;
  let failures = 0;
  let stopped = false;
  let lastId = null;
  let lastNow = null;

  const render = (meeting) => {
    if (!meeting || typeof meeting !== 'object') {
      // No meeting on air. If one was on air a moment ago, it has just ended.
      if (lastId !== null) showEnded(lastId);
      else els.section.hidden = true;
      document.body.dataset.meeting = 'none';
      return;
    }
    if (meeting.status === 'ended') {
      showEnded(meeting.id);
      document.body.dataset.meeting = 'ended';
      return;
    }
    if (meeting.status !== 'live') return;
    lastId = meeting.id;
    els.section.hidden = false;
    els.ended.hidden = true;
    els.details.hidden = false;
    els.title.textContent = meeting.title || ''; // server text: textContent only

    const current = meeting.current_item && typeof meeting.current_item === 'object' ? meeting.current_item : null;
    // Rewrite the live region only when the item changes, so it speaks once per change.
    const nowKey = current ? `${current.id}|${current.position}|${current.title}` : 'none';
    if (nowKey !== lastNow) {
      lastNow = nowKey;
      if (current) setText(els.now, 'meeting.now', { position: current.position, title: current.title || '' });
      else setText(els.now, 'meeting.notStarted');
    }

    const agenda = Array.isArray(meeting.agenda) ? meeting.agenda : [];
    setText(els.agendaSummary, 'meeting.agenda', { count: agenda.length });
    els.agenda.replaceChildren(...agenda.map((item) => agendaRow(item, current)));
    document.body.dataset.meeting = 'live';
    document.body.dataset.currentItem = current ? String(current.id) : '';
  };

  const agendaRow = (item, current) => {
    const li = document.createElement('li');
    li.value = Number(item.position) || 0;
    const text = document.createElement('span');
    text.textContent = item.title || '';
    li.append(text);
    if (current && item.id === current.id) {
      li.classList.add('is-current');
      li.setAttribute('aria-current', 'true');
      const mark = document.createElement('span');
      mark.className = 'current-mark';
      setText(mark, 'meeting.current');
      li.append(' ', mark);
    }
    return li;
  };

  const showEnded = (id) => {
    els.section.hidden = false;
    els.details.hidden = true;
    els.ended.hidden = false;
    setText(els.now, 'meeting.ended');
    lastNow = 'ended';
    if (id != null) {
      els.endedLink.href = `/archive/${encodeURIComponent(id)}`;
      els.endedLink.hidden = false;
    } else {
      els.endedLink.hidden = true;
    }
    document.body.dataset.currentItem = '';
  };

  const scheduleRetry = () => {
    if (stopped) return;
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)];
    failures += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, wait);
  };

  const connect = () => {
    if (stopped) return;
    if (typeof EventSource !== 'function') return; // very old browser: the page works without
    source = new EventSource(`/api/rooms/${encodeURIComponent(roomId)}/events`);
    source.addEventListener('open', () => {
      failures = 0;
    });
    source.addEventListener('meeting', (event) => {
      failures = 0;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      render(data);
      hooks.onMeeting?.(data);
    });
    source.addEventListener('question', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      hooks.onQuestion?.(data);
    });
    source.addEventListener('speaker', () => hooks.onSpeaker?.());
    source.addEventListener('error', () => {
      // CONNECTING: the browser is already retrying. CLOSED: it gave up; so do it ourselves.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        scheduleRetry();
      }
    });
  };

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    },
  };
}
