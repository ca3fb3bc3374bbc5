// chair.js — the chair's console (/chair/{meeting}, role chair or admin).
//
// Start the meeting, make an agenda item current (click it, or "Next item"), end the
// meeting. The current item carries aria-current and is named in a live region, so a
// screen reader hears each change. Beside it a muted preview of the room and its viewer
// count. chair-sync.js keeps the page in step with the server (event stream, or polling).
// Below the preview the residents' questions (questions-chair.js).
//
// After each action the server's answer is shown at once; the stream or the next poll
// confirms it. A refused action is explained in plain words and the page refetches, since
// the refusal usually means someone else (the secretary, a second chair tab) changed it.

import { ApiError, getRoom, viewerTotal } from './api.js';
import {
  bindLogOut, confirmDialog, explainError, formatWhen, handleAuthError, logOut, request,
  requireRole,
} from './admin-api.js';
import { MeetingSync } from './chair-sync.js';
import { initI18n, setText, t } from './i18n.js';
import { Player } from './player.js';
import { ParticipantsPanel } from './participants-chair.js';
import { QuestionsPanel } from './questions-chair.js';
import { SpeakersPanel } from './speakers-chair.js';

const ROOM_POLL_MS = 5000;
const $ = (id) => document.getElementById(id);
const els = {
  pageStatus: $('page-status'),
  content: $('content'),
  notFound: $('not-found'),
  title: $('meeting-title'),
  badge: $('meeting-badge'),
  when: $('meeting-when'),
  nowBox: $('now-box'),
  nowTitle: $('now-title'),
  status: $('meeting-status'),
  error: $('chair-error'),
  start: $('start'),
  next: $('next'),
  nextTitle: $('next-title'),
  end: $('end'),
  agenda: $('chair-agenda'),
  agendaHint: $('agenda-hint'),
  agendaEmpty: $('agenda-empty'),
  preview: $('preview'),
  roomBadge: $('room-badge'),
  viewers: $('viewers'),
  sync: $('sync-status'),
  roomLink: $('room-link'),
};

const meetingId = (() => {
  const parts = location.pathname.split('/').filter(Boolean);
  return parts.length === 2 && /^[0-9]+$/.test(parts[1]) ? parts[1] : null;
})();

let meeting = null; // as GET /api/meetings/{id}: current_item is an id or null
let agenda = [];
let busy = false;
let questions = null; // the "Vragen" panel (questions-chair.js)
let speakers = null;  // the "Insprekers" panel (speakers-chair.js)

const BADGE = {
  planned: ['admin.status.planned', 'badge badge-idle'],
  live: ['admin.status.live', 'badge badge-live'],
  ended: ['admin.status.ended', 'badge badge-ended'],
};

function currentIndex() {
  return agenda.findIndex((item) => item.id === meeting.current_item);
}

function updateDocumentTitle() {
  const brand = t('common.brand') ?? 'Tribune';
  document.title = meeting ? `${meeting.title} – ${t('chair.eyebrow') ?? ''} – ${brand}` : brand;
}

function renderAgenda() {
  const focusedId = document.activeElement?.closest?.('#chair-agenda li')?.dataset.itemId;
  const sameItems = agenda.length === els.agenda.children.length &&
    agenda.every((item, i) => els.agenda.children[i].dataset.itemId === String(item.id));
  if (!sameItems) {
    els.agenda.replaceChildren(...agenda.map((item) => {
      const li = document.createElement('li');
      li.dataset.itemId = String(item.id);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'agenda-choice';
      const title = document.createElement('span');
      title.className = 'agenda-choice-title';
      const kind = document.createElement('span');
      kind.className = 'kind-tag';
      const nowTag = document.createElement('span');
      nowTag.className = 'now-tag';
      button.append(title, ' ', kind, ' ', nowTag);
      button.addEventListener('click', () => makeCurrent(item.id));
      li.append(button);
      return li;
    }));
  }
  const live = meeting.status === 'live';
  agenda.forEach((item, i) => {
    const li = els.agenda.children[i];
    const button = li.querySelector('button');
    li.querySelector('.agenda-choice-title').textContent = item.title;
    setText(li.querySelector('.kind-tag'), `admin.kinds.${item.kind}`);
    const current = item.id === meeting.current_item;
    if (current) button.setAttribute('aria-current', 'step');
    else button.removeAttribute('aria-current');
    li.classList.toggle('is-current', current);
    setText(li.querySelector('.now-tag'), current ? 'chair.nowTag' : null);
    // While not live, the items are there to read, not to press.
    button.disabled = !live;
  });
  els.agendaEmpty.hidden = agenda.length > 0;
  setText(els.agendaHint, live ? 'chair.agendaHint' : meeting.status === 'planned'
    ? 'chair.agendaHintPlanned' : 'chair.agendaHintEnded');
  if (focusedId && !sameItems) {
    els.agenda.querySelector(`[data-item-id="${focusedId}"] button`)?.focus();
  }
}

function render() {
  const { status } = meeting;
  document.body.dataset.meetingStatus = status;
  setText(els.title, null);
  els.title.textContent = meeting.title;
  updateDocumentTitle();
  const [badgeKey, badgeClass] = BADGE[status] ?? BADGE.planned;
  setText(els.badge, badgeKey);
  els.badge.className = badgeClass;
  if (meeting.starts_at) els.when.textContent = formatWhen(meeting.starts_at);

  const index = currentIndex();
  const current = index >= 0 ? agenda[index] : null;
  const next = status === 'live' ? agenda[index + 1] : undefined;
  els.nowBox.hidden = !current;
  els.nowTitle.textContent = current ? current.title : '';
  document.body.dataset.currentItem = current ? String(current.id) : '';

  // With the item in the big box, the status line is for screen readers only (it says the
  // same), so nobody reads it twice.
  els.status.classList.toggle('visually-hidden', Boolean(current));
  if (status === 'planned') setText(els.status, 'chair.status.planned');
  else if (status === 'ended') setText(els.status, 'chair.status.ended');
  else if (current) setText(els.status, 'chair.status.current', { title: current.title, position: index + 1, total: agenda.length });
  else setText(els.status, 'chair.status.liveNoItem');

  const activeBefore = document.activeElement;
  els.start.hidden = status !== 'planned';
  els.next.hidden = status !== 'live';
  els.end.hidden = status !== 'live';
  // Not disabled while a request runs (that would drop the keyboard focus); act() ignores
  // presses meanwhile instead.
  els.next.disabled = !next;
  if (next) setText(els.nextTitle, 'chair.nextTitle', { title: next.title });
  else setText(els.nextTitle, status === 'live' && agenda.length ? 'chair.lastItem' : null);
  renderAgenda();
  questions?.setAgenda(agenda);
  speakers?.setAgenda(agenda);
  // A button that just went away or off must not leave the keyboard focus nowhere.
  if (activeBefore && activeBefore !== document.body &&
      (activeBefore.disabled || activeBefore.closest('[hidden]'))) {
    const target = [els.next, els.end, els.start].find((b) => !b.hidden && !b.disabled) ?? els.title;
    target.focus();
  }
}

function showMeeting({ meeting: fresh, agenda: items, partial }) {
  meeting = partial ? { ...meeting, ...fresh } : fresh;
  if (partial) {
    // Events carry no descriptions: keep them from what we had.
    const old = new Map(agenda.map((item) => [item.id, item]));
    agenda = items.map((item) => ({ ...old.get(item.id), ...item }));
  } else {
    agenda = items;
  }
  render();
}

async function refetch() {
  const id = encodeURIComponent(meetingId);
  const [fresh, body] = await Promise.all([
    request('GET', `/api/meetings/${id}`),
    request('GET', `/api/meetings/${id}/agenda`),
  ]);
  showMeeting({ meeting: fresh, agenda: Array.isArray(body?.items) ? body.items : [] });
}

// Run an action against the API; conflictKey: what a 409 means for it.
async function act(path, conflictKey) {
  if (busy) return false;
  busy = true;
  document.body.dataset.busy = 'true';
  setText(els.error, null);
  try {
    const answer = await request('POST', path);
    busy = false;
    delete document.body.dataset.busy;
    if (answer && answer.id !== undefined) showMeeting({ meeting: { ...meeting, ...answer }, agenda });
    else render();
    return true;
  } catch (err) {
    busy = false;
    delete document.body.dataset.busy;
    if (handleAuthError(err)) return false;
    setText(els.error, ...explainError(err, { conflictKey, notFoundKey: 'chair.error.gone' }));
    try {
      await refetch();
    } catch {
      render();
    }
    return false;
  }
}

async function startMeeting() {
  const ok = await act(`/api/meetings/${encodeURIComponent(meetingId)}/start`, 'chair.error.startConflict');
  if (ok) (!els.next.disabled ? els.next : els.agenda.querySelector('button:not(:disabled)') ?? els.end).focus();
}

function makeCurrent(itemId) {
  return act(`/api/meetings/${encodeURIComponent(meetingId)}/agenda/${encodeURIComponent(itemId)}/current`,
    'chair.error.notLive');
}

function nextItem() {
  const next = agenda[currentIndex() + 1];
  if (next) makeCurrent(next.id);
}

async function endMeeting() {
  const yes = await confirmDialog({
    titleKey: 'chair.endTitle',
    textKey: 'chair.endText',
    vars: { title: meeting.title },
    okKey: 'chair.endOk',
  });
  if (!yes) return;
  if (await act(`/api/meetings/${encodeURIComponent(meetingId)}/end`, 'chair.error.notLive')) els.title.focus();
}

// ---- the preview and its viewers ----------------------------------------------------------

async function refreshRoom() {
  try {
    const room = await getRoom(meeting.room);
    setText(els.viewers, 'chair.viewers', { count: viewerTotal(room) });
    setText(els.roomBadge, room.live ? 'admin.status.onAir' : 'admin.status.offAir');
    els.roomBadge.className = `badge ${room.live ? 'badge-live' : 'badge-idle'}`;
  } catch (err) {
    console.warn('tribune: room info not available', err);
  }
}

function startPreview() {
  els.roomLink.href = `/room/${encodeURIComponent(meeting.room)}`;
  const player = new Player(els.preview, meeting.room);
  player.addEventListener('change', (event) => {
    document.body.dataset.previewState = event.detail.state;
    // The preview is a viewer too: count it at once, not at the next poll.
    if (event.detail.state === 'playing') refreshRoom();
  });
  window.addEventListener('pagehide', () => player.stop());
  player.start();
  refreshRoom();
  setInterval(() => {
    if (!document.hidden) refreshRoom();
  }, ROOM_POLL_MS);
}

// ---- the page ----------------------------------------------------------------------------

function showNotFound() {
  document.body.dataset.meeting = 'missing';
  setText(els.pageStatus, null);
  els.notFound.hidden = false;
  els.content.hidden = true;
  setText(els.title, 'chair.notFoundTitle');
}

async function main() {
  await initI18n();
  bindLogOut();
  $('other-account').addEventListener('click', (event) => {
    event.preventDefault();
    logOut();
  });
  document.addEventListener('tribune:languagechange', () => {
    if (meeting) render();
  });
  let user;
  try {
    user = await requireRole(['chair', 'admin']);
  } catch (err) {
    setText(els.pageStatus, ...explainError(err));
    return;
  }
  if (!user) {
    setText(els.pageStatus, null);
    return;
  }
  if (!meetingId) {
    showNotFound();
    return;
  }
  try {
    await refetch();
  } catch (err) {
    if (handleAuthError(err)) return;
    if (err instanceof ApiError && err.status === 404) showNotFound();
    else setText(els.pageStatus, ...explainError(err));
    return;
  }
  setText(els.pageStatus, null);
  els.content.hidden = false;

  els.start.addEventListener('click', startMeeting);
  els.next.addEventListener('click', nextItem);
  els.end.addEventListener('click', endMeeting);

  const sync = new MeetingSync(meetingId, meeting.room, {
    onMeeting: (update) => {
      if (!busy) showMeeting(update);
    },
    onMode: (mode) => {
      document.body.dataset.sync = mode;
      setText(els.sync, mode === 'live' ? 'chair.sync.live' : 'chair.sync.polling');
    },
    onError: (err) => {
      if (handleAuthError(err)) return;
      if (err instanceof ApiError && err.status === 404) showNotFound();
    },
  });
  sync.start();
  window.addEventListener('pagehide', () => sync.stop());
  startPreview();
  questions = new QuestionsPanel(meetingId, {
    panel: $('questions-panel'),
    heading: $('questions-title'),
    sync: $('questions-sync'),
    live: $('questions-live'),
    status: $('questions-status'),
    error: $('questions-error'),
    empty: $('questions-empty'),
    groups: $('questions-groups'),
    handled: $('questions-handled'),
    handledSummary: $('questions-handled-summary'),
    handledList: $('questions-handled-list'),
  });
  questions.setAgenda(agenda);
  questions.start();
  window.addEventListener('pagehide', () => questions.stop());
  const participants = new ParticipantsPanel(meetingId, {
    panel: $('participants-panel'),
    form: $('invite-form'),
    name: $('invite-name'),
    inviteStatus: $('invite-status'),
    link: $('invite-link'),
    copy: $('invite-copy'),
    layout: $('layout-choice'),
    focus: $('layout-focus'),
    status: $('participants-status'),
    error: $('participants-error'),
    empty: $('participants-empty'),
    list: $('participants-list'),
  });
  participants.start();
  window.addEventListener('pagehide', () => participants.stop());
  speakers = new SpeakersPanel(meetingId, {
    panel: $('speakers-panel'),
    list: $('speakers-list'),
    empty: $('speakers-empty'),
    error: $('speakers-error'),
  });
  speakers.setAgenda(agenda);
  speakers.start();
  window.addEventListener('pagehide', () => speakers.stop());
  document.body.dataset.ready = 'true';
}

main();
