// questions-room.js — on the room page, below the player: residents ask the council a
// question, follow what happens to their own questions, and upvote the approved ones.
//
// The meeting comes from the room's event stream (meeting-banner.js passes each `meeting`
// event on); before a meeting is on air we look for one planned in this room today, since
// the server takes questions from the morning of the meeting day. The same stream carries
// `question` events (the public view of a question, on every public change), which keep
// "Uw vragen" and "Vragen van bewoners" up to date without a reload. The resident's own
// questions (ids and tokens in localStorage) are fetched once on load, since pending ones
// are not public.
//
// Everything residents type is shown with textContent only: questions carry hostile HTML
// by design.

import { ApiError } from './api.js';
import { setText, t } from './i18n.js';
import {
  askerLine, askQuestion, explainQuestionError, getOwnQuestion, listQuestions, ownQuestions,
  reasonText, rememberOwn, rememberVote, vote, votedFor,
} from './questions-api.js';

export const MAX_TEXT = 500;
// A merged question is not public, so no event says so: ask about one's own open questions
// now and then (also covers a dropped event stream).
const OWN_REFRESH_MS = 20000;
const PUBLIC = new Set(['approved', 'answered']);

// els: {section, form, fieldset, text, count, countLive, name, neighbourhood, item, send,
//       formStatus, formError, mine, mineList, mineStatus, public, publicList, publicEmpty,
//       publicStatus}
export function createRoomQuestions(roomId, els) {
  let meeting = null;        // {id, status, agenda, current_item}
  let closed = false;        // the server said 409: no questions now
  let loadedFor = null;      // meeting id whose lists we fetched
  let sending = false;
  let lastCountBand = null;
  const own = new Map();     // id → question (with the asker's view)
  const pub = new Map();     // id → public question
  let voted = new Set();

  // ---- the form ---------------------------------------------------------------------------

  const updateCount = () => {
    const used = [...els.text.value].length;
    setText(els.count, 'questions.ask.count', { used, max: MAX_TEXT });
    els.count.classList.toggle('over', used > MAX_TEXT);
    // Say it out loud only near the end, not on every key.
    const band = used > MAX_TEXT ? 'over' : used >= MAX_TEXT - 50 ? 'near' : 'ok';
    if (band !== lastCountBand) {
      if (band === 'near') setText(els.countLive, 'questions.ask.countNear', { left: MAX_TEXT - used });
      else if (band === 'over') setText(els.countLive, 'questions.ask.tooLong');
      else setText(els.countLive, null);
      lastCountBand = band;
    }
  };

  const fillItems = () => {
    const agenda = Array.isArray(meeting?.agenda) ? meeting.agenda : [];
    const chosen = els.item.value;
    const first = document.createElement('option');
    first.value = '';
    setText(first, 'questions.ask.currentItem');
    const options = [first, ...agenda.map((item) => {
      const option = document.createElement('option');
      option.value = String(item.id);
      option.textContent = `${item.position}. ${item.title || ''}`;
      return option;
    })];
    els.item.replaceChildren(...options);
    if (options.some((o) => o.value === chosen)) els.item.value = chosen;
  };

  const setClosed = (isClosed, key = 'questions.ask.closed') => {
    closed = isClosed;
    els.fieldset.disabled = isClosed;
    els.send.disabled = isClosed;
    els.section.dataset.closed = String(isClosed);
    if (isClosed) {
      setText(els.formError, null);
      setText(els.formStatus, key);
    }
  };

  const onSubmit = async (event) => {
    event.preventDefault();
    if (sending || closed || !meeting) return;
    setText(els.formError, null);
    els.text.removeAttribute('aria-invalid');
    const text = els.text.value.trim();
    if (!text || [...text].length > MAX_TEXT) {
      els.text.setAttribute('aria-invalid', 'true');
      setText(els.formError, text ? 'questions.ask.tooLong' : 'questions.ask.empty');
      els.text.focus();
      return;
    }
    const fields = { text };
    const name = els.name.value.trim();
    const place = els.neighbourhood.value.trim();
    if (name) fields.name = name;
    if (place) fields.neighbourhood = place;
    if (els.item.value) fields.item = Number(els.item.value);
    sending = true;
    els.section.dataset.sending = 'true';
    setText(els.formStatus, 'questions.ask.sending');
    try {
      const q = await askQuestion(meeting.id, fields);
      rememberOwn(meeting.id, q.id, q.token);
      own.set(String(q.id), q);
      els.text.value = '';
      updateCount();
      setText(els.formStatus, 'questions.ask.sent');
      renderOwn();
    } catch (err) {
      setText(els.formStatus, null);
      if (err instanceof ApiError && err.status === 409) {
        setClosed(true);
      } else {
        if (err instanceof ApiError && err.status === 400) els.text.setAttribute('aria-invalid', 'true');
        setText(els.formError, ...explainQuestionError(err));
      }
    } finally {
      sending = false;
      delete els.section.dataset.sending;
    }
  };

  // ---- the resident's own questions -------------------------------------------------------

  const statusLine = (el, q) => {
    const status = typeof q.status === 'string' ? q.status : 'pending';
    setText(el, t(`questions.status.${status}`) ? `questions.status.${status}` : 'questions.status.pending');
    el.dataset.status = status;
  };

  const ownRow = (q) => {
    const li = document.createElement('li');
    li.className = 'q-card';
    li.dataset.id = String(q.id);
    li.dataset.status = q.status || 'pending';
    const text = document.createElement('p');
    text.className = 'q-text';
    text.textContent = q.text || '';
    const status = document.createElement('p');
    status.className = 'q-status';
    statusLine(status, q);
    li.append(text, status);
    if (q.status === 'declined' && q.reason) {
      const reason = document.createElement('p');
      reason.className = 'q-reason';
      setText(reason, 'questions.reasonLine', { reason: reasonText(q.reason) });
      li.append(reason);
    }
    return li;
  };

  const renderOwn = () => {
    const list = [...own.values()].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    els.mine.hidden = list.length === 0;
    els.mineList.replaceChildren(...list.map(ownRow));
  };

  // A status change of one's own question is said once, politely.
  const updateOwn = (q) => {
    const key = String(q.id);
    const before = own.get(key);
    if (!before) return;
    own.set(key, { ...before, ...q });
    if (before.status !== q.status && t(`questions.status.${q.status}`)) {
      setText(els.mineStatus, 'questions.mineChanged', {
        text: shorten(q.text || before.text || ''),
        status: t(`questions.status.${q.status}`),
      });
    }
    renderOwn();
  };

  // ---- everyone's approved questions ------------------------------------------------------

  const itemTitle = (id) => {
    const item = (meeting?.agenda ?? []).find((i) => i.id === id);
    return item ? `${item.position}. ${item.title || ''}` : null;
  };

  const publicRow = (q) => {
    const id = String(q.id);
    const li = document.createElement('li');
    li.className = 'q-card';
    li.dataset.id = id;
    li.dataset.status = q.status;
    if (q.on_screen) {
      li.classList.add('is-on-screen');
      const mark = document.createElement('span');
      mark.className = 'q-tag q-tag-screen';
      setText(mark, 'questions.onScreen');
      li.append(mark);
    }
    const text = document.createElement('p');
    text.className = 'q-text';
    text.id = `public-q-${id}`;
    text.tabIndex = -1; // the focus lands here when its vote button turns off
    text.textContent = q.text || '';
    li.append(text);
    const meta = document.createElement('p');
    meta.className = 'q-meta';
    const who = askerLine(q);
    if (who) {
      const span = document.createElement('span');
      setText(span, ...who);
      meta.append(span);
    }
    const item = itemTitle(q.item);
    if (item) {
      const span = document.createElement('span');
      setText(span, 'questions.aboutItem', { item });
      meta.append(span);
    }
    if (q.status === 'answered') {
      const span = document.createElement('span');
      span.className = 'q-tag';
      setText(span, 'questions.status.answered');
      meta.append(span);
    }
    if (meta.childElementCount) li.append(meta);

    const row = document.createElement('div');
    row.className = 'q-vote';
    const count = document.createElement('span');
    count.className = 'q-votes';
    setText(count, 'questions.votes', { count: Number(q.votes) || 0 });
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary small q-vote-button';
    button.dataset.id = id;
    button.setAttribute('aria-describedby', text.id);
    const done = voted.has(id);
    button.disabled = done || q.status !== 'approved';
    setText(button, done ? 'questions.voted' : 'questions.vote');
    button.addEventListener('click', () => upvote(q.id));
    row.append(count, button);
    li.append(row);
    return li;
  };

  const renderPublic = () => {
    const list = [...pub.values()].filter((q) => PUBLIC.has(q.status))
      .sort((a, b) => (Number(b.votes) || 0) - (Number(a.votes) || 0) ||
        String(a.created_at).localeCompare(String(b.created_at)));
    const focused = document.activeElement?.closest?.('.q-vote-button')?.dataset.id;
    els.publicList.replaceChildren(...list.map(publicRow));
    els.publicEmpty.hidden = list.length > 0;
    if (focused) {
      const again = els.publicList.querySelector(`.q-vote-button[data-id="${CSS.escape(focused)}"]`);
      (again && !again.disabled ? again : els.publicList.querySelector(`[data-id="${CSS.escape(focused)}"] .q-text`))?.focus();
    }
  };

  const upvote = async (id) => {
    if (!meeting) return;
    const key = String(id);
    setText(els.publicStatus, null);
    try {
      const answer = await vote(id);
      rememberVote(meeting.id, id);
      voted.add(key);
      const q = pub.get(key);
      if (q && typeof answer?.votes === 'number') pub.set(key, { ...q, votes: answer.votes });
      setText(els.publicStatus, 'questions.voteCounted');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const q = pub.get(key);
        if (q?.status === 'approved') {
          rememberVote(meeting.id, id);
          voted.add(key);
          setText(els.publicStatus, 'questions.voteAlready');
        } else {
          setText(els.publicStatus, 'questions.voteClosed');
        }
      } else {
        setText(els.publicStatus, ...explainQuestionError(err));
      }
    }
    renderPublic();
  };

  // ---- loading and live updates -----------------------------------------------------------

  const load = async (meetingId) => {
    loadedFor = meetingId;
    voted = votedFor(meetingId);
    own.clear();
    pub.clear();
    const mine = ownQuestions(meetingId);
    let supported = true;
    const [publicList, ...owned] = await Promise.all([
      listQuestions(meetingId).catch((err) => {
        // 404: a server without residents' questions; then the page has no such part.
        if (err instanceof ApiError && err.status === 404) supported = false;
        return [];
      }),
      ...mine.map(({ id, token }) => getOwnQuestion(id, token).catch(() => null)),
    ]);
    if (loadedFor !== meetingId) return;
    if (!supported) {
      els.section.hidden = true;
      document.body.dataset.questions = 'unsupported';
      return;
    }
    for (const q of publicList) pub.set(String(q.id), q);
    for (const q of owned) if (q && q.id != null) own.set(String(q.id), q);
    renderOwn();
    renderPublic();
    document.body.dataset.questions = 'ready';
  };

  const showMeeting = (fresh, { planned = false } = {}) => {
    const changed = meeting?.id !== fresh.id;
    meeting = fresh;
    if (document.body.dataset.questions !== 'unsupported') els.section.hidden = false;
    fillItems();
    if (changed) {
      if (!planned || !closed) setClosed(false);
      setText(els.formStatus, null);
      load(fresh.id);
    }
    document.body.dataset.questionsMeeting = String(fresh.id);
  };

  // A meeting planned in this room today takes questions before it starts.
  const findPlanned = async () => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    const end = new Date(start);
    end.setDate(end.getDate() + 1);
    try {
      const body = await fetch(`/api/meetings?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(end.toISOString())}`,
        { headers: { Accept: 'application/json' }, cache: 'no-store' }).then((r) => (r.ok ? r.json() : null));
      const found = (body?.meetings ?? []).find((m) => m.room === roomId && m.status === 'planned');
      if (!found || meeting) return;
      const full = await fetch(`/api/meetings/${encodeURIComponent(found.id)}`, { headers: { Accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : null));
      if (!full || meeting) return;
      showMeeting({ ...full, agenda: Array.isArray(full.agenda) ? full.agenda : [] }, { planned: true });
    } catch {
      // No planned meeting to show: the section stays hidden.
    }
  };

  const refreshOwn = async () => {
    if (!meeting || document.hidden) return;
    const meetingId = meeting.id;
    const open = ownQuestions(meetingId).filter(({ id }) => {
      const q = own.get(String(id));
      return q && (q.status === 'pending' || q.status === 'approved');
    });
    for (const { id, token } of open) {
      try {
        const q = await getOwnQuestion(id, token);
        if (meeting?.id === meetingId && q && q.id != null) updateOwn(q);
      } catch {
        // Next time; the event stream may well tell us first.
      }
    }
  };
  setInterval(refreshOwn, OWN_REFRESH_MS);

  els.form.addEventListener('submit', onSubmit);
  els.text.addEventListener('input', updateCount);
  updateCount();
  document.addEventListener('tribune:languagechange', () => {
    if (meeting) {
      fillItems();
      renderOwn();
      renderPublic();
    }
  });

  let lookedForPlanned = false;
  return {
    // Each `meeting` event of the room's stream: the live meeting, or null.
    onMeeting(data) {
      if (data && typeof data === 'object' && data.status === 'live') {
        showMeeting({ id: data.id, status: 'live', agenda: Array.isArray(data.agenda) ? data.agenda : [] });
      } else if (data && data.status === 'ended' && meeting) {
        setClosed(true, 'questions.ask.ended');
      } else if (meeting && meeting.status === 'live') {
        setClosed(true, 'questions.ask.ended'); // it was on air a moment ago
      } else if (!meeting && !lookedForPlanned) {
        lookedForPlanned = true;
        findPlanned();
      }
    },
    // Each `question` event: a question's public view.
    onQuestion(q) {
      if (!q || q.id == null || !meeting || String(q.meeting) !== String(meeting.id)) return;
      pub.set(String(q.id), q);
      if (own.has(String(q.id))) updateOwn(q);
      renderPublic();
    },
  };
}

function shorten(text) {
  const chars = [...text];
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : text;
}
