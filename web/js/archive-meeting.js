// archive-meeting.js — one meeting in the archive (/archive/{meeting}).
//
// GET /api/meetings/{id} gives the meeting, its agenda (each item with its chapter in the
// recording and its clip) and the recording (an HLS VOD playlist plus a WebVTT chapters
// file). The page plays the recording, lists the agenda with "play from here" buttons and
// clip downloads, and marks the item that is playing as the video moves on. ?item={id}
// starts the video at that item. While the meeting is still live the page says so and
// links to the room; without a recording it says that instead.
//
// Below the agenda the residents' questions with their outcome, "watch the answer", and the
// moderation log (questions-archive.js). Under each agenda item the council's advices that
// were discussed there (advices-archive.js).
//
// Archivists, admins and chairs who are logged in can set an item's start to the current
// playback position (PATCH …/agenda/{item}/chapter).

import { showItemAdvices } from './advices-archive.js';
import { ApiError } from './api.js';
import { currentUser, getMeeting, meetingIdFromPath, setChapterStart } from './archive-api.js';
import { formatDateTime, formatOffset, isoAttr } from './archive-format.js';
import { HlsUnsupportedError } from './hls-source.js';
import { applyTranslations, initI18n, language, setText, t } from './i18n.js';
import { showArchiveQuestions } from './questions-archive.js';
import { attachVod } from './vod-player.js';

const CORRECTORS = new Set(['archivist', 'admin', 'chair']);

const $ = (id) => document.getElementById(id);
const els = {
  title: $('meeting-title'),
  meta: $('meeting-meta'),
  council: $('meeting-council'),
  date: $('meeting-date'),
  status: $('page-status'),
  error: $('page-error'),
  liveNotice: $('live-notice'),
  liveLink: $('live-link'),
  noRecording: $('no-recording'),
  player: $('player'),
  video: $('video'),
  nowPlaying: $('now-playing'),
  playerStatus: $('player-status'),
  facts: $('recording-facts'),
  gaps: $('recording-gaps'),
  agendaSection: $('agenda-section'),
  staffIntro: $('staff-intro'),
  correctStatus: $('correct-status'),
  correctError: $('correct-error'),
  correctLogin: $('correct-login'),
  correctLoginLink: $('correct-login-link'),
  agendaEmpty: $('agenda-empty'),
  agenda: $('agenda'),
  chaptersDownload: $('chapters-download'),
  chaptersLink: $('chapters-link'),
  template: $('item-template'),
};

let meeting = null;
let vod = null;
let canCorrect = false;
const rows = new Map(); // item id → {li, item}

function updateDocumentTitle() {
  const name = meeting?.title || t('archive.pageTitle') || 'Archief';
  document.title = `${name} – ${t('common.brand') ?? 'Tribune'}`;
}

function hasRecording() {
  return Boolean(meeting?.recording && typeof meeting.recording.hls === 'string');
}

function chapterOffset(item) {
  const offset = Number(item?.chapter?.offset_s);
  return item?.chapter && Number.isFinite(offset) ? offset : null;
}

// ------------------------------------------------------------------------------ header

function showHeader() {
  setText(els.title, null);
  els.title.textContent = meeting.title || '';
  els.council.textContent = meeting.council_name || meeting.council_slug || '';
  els.date.dateTime = isoAttr(meeting.starts_at);
  els.date.textContent = formatDateTime(meeting.starts_at);
  els.meta.hidden = false;
  updateDocumentTitle();

  els.liveNotice.hidden = meeting.status !== 'live';
  if (meeting.status === 'live') els.liveLink.href = `/room/${encodeURIComponent(meeting.room)}`;
  if (!hasRecording()) {
    setText(els.noRecording, meeting.status === 'planned' ? 'archive.planned' : 'archive.noRecording');
    els.noRecording.hidden = false;
  }
}

// ------------------------------------------------------------------------------ agenda

function newRow(item) {
  const li = els.template.content.firstElementChild.cloneNode(true);
  applyTranslations(li);
  li.dataset.item = String(item.id);
  li.id = `item-${item.id}`;
  li.querySelector('.play-from').addEventListener('click', () => playFrom(item.id));
  li.querySelector('.correct-start').addEventListener('click', () => correctStart(item.id));
  return li;
}

function updateRow(li, item) {
  const title = item.title || '';
  li.querySelector('.agenda-item-number').textContent = `${item.position}.`;
  li.querySelector('.agenda-item-text').textContent = title;
  // Each button names its item for screen readers, so a list of buttons read out of
  // context still says which item it plays.
  for (const name of li.querySelectorAll('.item-name')) name.textContent = ` (${title})`;

  const kind = li.querySelector('.agenda-item-kind');
  if (item.kind && t(`archive.kind.${item.kind}`)) {
    setText(kind, `archive.kind.${item.kind}`);
    kind.hidden = false;
  } else {
    kind.hidden = true;
  }
  const description = li.querySelector('.agenda-item-description');
  description.textContent = item.description || '';
  description.hidden = !item.description;

  const offset = chapterOffset(item);
  const playable = hasRecording() && offset !== null;
  const play = li.querySelector('.play-from');
  play.hidden = !playable;
  if (playable) {
    setText(play.querySelector('.play-from-label'), 'archive.playFrom', { time: formatOffset(offset) });
    play.dataset.offset = String(offset);
  }
  const download = li.querySelector('.download-link');
  download.hidden = typeof item.mp4 !== 'string';
  if (!download.hidden) download.href = item.mp4;

  const note = li.querySelector('.agenda-item-note');
  if (hasRecording() && offset === null) setText(note, 'archive.noClip');
  else if (item.chapter?.corrected) setText(note, 'archive.corrected');
  else setText(note, null);
  note.hidden = !note.textContent;

  li.querySelector('.correct-start').hidden = !(canCorrect && hasRecording());
  const actions = li.querySelector('.agenda-item-actions');
  actions.hidden = [...actions.children].every((child) => child.hidden);
}

function showAgenda() {
  const items = Array.isArray(meeting.agenda) ? meeting.agenda : [];
  els.agendaSection.hidden = false;
  els.agendaEmpty.hidden = items.length > 0;
  const seen = new Set();
  items.forEach((item, index) => {
    if (item?.id == null) return;
    seen.add(item.id);
    let row = rows.get(item.id);
    if (!row) {
      row = { li: newRow(item), item };
      rows.set(item.id, row);
    }
    row.item = item;
    updateRow(row.li, item);
    // Only move a row that is out of place: moving takes the focus away from its buttons.
    if (els.agenda.children[index] !== row.li) els.agenda.insertBefore(row.li, els.agenda.children[index] || null);
  });
  for (const [id, row] of rows) {
    if (!seen.has(id)) {
      row.li.remove();
      rows.delete(id);
    }
  }
  els.chaptersDownload.hidden = !hasRecording() || typeof meeting.recording.chapters !== 'string';
  if (!els.chaptersDownload.hidden) els.chaptersLink.href = meeting.recording.chapters;
  markPlaying();
}

// The item whose chapter holds the playback position: the last one that starts at or
// before it (chapters follow the agenda order in time, but do not count on it).
function itemAt(seconds) {
  let best = null;
  let bestOffset = -Infinity;
  for (const { item } of rows.values()) {
    const offset = chapterOffset(item);
    if (offset !== null && offset <= seconds + 0.25 && offset >= bestOffset) {
      best = item;
      bestOffset = offset;
    }
  }
  return best;
}

function markPlaying() {
  if (!hasRecording()) return;
  const started = els.video.readyState >= 1 || els.video.currentTime > 0;
  const item = started ? itemAt(els.video.currentTime) : null;
  const id = item?.id ?? null;
  for (const [rowId, { li }] of rows) {
    const on = rowId === id;
    li.classList.toggle('is-playing', on);
    if (on) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
    li.querySelector('.now-marker').hidden = !on;
  }
  if (item) setText(els.nowPlaying, 'archive.nowPlayingLine', { position: item.position, title: item.title || '' });
  else setText(els.nowPlaying, null);
  document.body.dataset.playingItem = id === null ? '' : String(id);
}

// ------------------------------------------------------------------------------ playback

async function play() {
  try {
    await els.video.play();
    setText(els.playerStatus, null);
  } catch (err) {
    if (err?.name === 'NotAllowedError') setText(els.playerStatus, 'archive.playBlocked');
    // AbortError: a newer seek or load replaced this play(); nothing to tell.
  }
}

function playFrom(itemId) {
  const row = rows.get(itemId);
  const offset = chapterOffset(row?.item);
  if (!vod || offset === null) return;
  vod.seekTo(offset);
  play();
  markPlaying();
  const box = els.player.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight * 0.5) els.player.scrollIntoView({ block: 'start' });
}

function addChaptersTrack() {
  if (typeof meeting.recording.chapters !== 'string') return;
  for (const old of els.video.querySelectorAll('track')) old.remove();
  const track = document.createElement('track');
  track.kind = 'chapters';
  track.label = t('archive.chaptersTrack') ?? 'Agendapunten';
  track.srclang = language();
  // A fresh address after a correction, so the browser does not keep the old times.
  track.src = `${meeting.recording.chapters}${meeting.recording.chapters.includes('?') ? '&' : '?'}v=${Date.now()}`;
  track.default = true;
  els.video.append(track);
}

function showRecordingFacts() {
  const duration = Number(meeting.recording.duration_s);
  if (Number.isFinite(duration) && duration > 0) setText(els.facts, 'archive.duration', { time: formatOffset(duration) });
  else setText(els.facts, null);
  const gaps = meeting.recording.gaps;
  els.gaps.hidden = !(Array.isArray(gaps) ? gaps.length > 0 : Number(gaps) > 0);
}

async function startPlayer() {
  els.player.hidden = false;
  addChaptersTrack();
  showRecordingFacts();

  const params = new URLSearchParams(location.search);
  const wanted = params.get('item');
  const wantedItem = wanted ? rows.get(Number(wanted))?.item : null;
  // ?t=: a moment in the recording (a question's answer found by the search).
  const wantedTime = /^\d+(\.\d+)?$/.test(params.get('t') || '') ? Number(params.get('t')) : null;
  const startAt = chapterOffset(wantedItem) ?? wantedTime ?? 0;

  els.video.addEventListener('timeupdate', markPlaying);
  els.video.addEventListener('seeked', markPlaying);
  els.video.addEventListener('loadedmetadata', markPlaying);
  try {
    vod = await attachVod(els.video, meeting.recording.hls, {
      startAt,
      onFatal: () => setText(els.playerStatus, 'archive.playFailed'),
    });
  } catch (err) {
    setText(els.playerStatus, err instanceof HlsUnsupportedError ? 'archive.unsupported' : 'archive.playFailed');
    return;
  }
  document.body.dataset.player = 'ready';
  if (wantedItem || wantedTime !== null) {
    // Someone who followed a search hit to this item came to watch it: start playing.
    await play();
  }
}

// ------------------------------------------------------------------------------ corrections

function correctError(key, vars = {}) {
  setText(els.correctStatus, null);
  setText(els.correctError, key, vars);
}

async function correctStart(itemId) {
  const row = rows.get(itemId);
  if (!row || !hasRecording()) return;
  const offset = Math.round(els.video.currentTime * 10) / 10;
  const button = row.li.querySelector('.correct-start');
  button.disabled = true;
  setText(els.correctError, null);
  els.correctLogin.hidden = true;
  setText(els.correctStatus, 'archive.correct.saving');
  try {
    await setChapterStart(meeting.id, itemId, offset);
    const fresh = await getMeeting(meeting.id);
    meeting = fresh;
    showAgenda();
    addChaptersTrack();
    const item = rows.get(itemId)?.item;
    setText(els.correctStatus, 'archive.correct.saved', {
      position: item?.position ?? row.item.position,
      time: formatOffset(chapterOffset(item) ?? offset),
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      correctError('archive.correct.loggedOut');
      els.correctLoginLink.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
      els.correctLogin.hidden = false;
    } else if (err instanceof ApiError && err.status === 403) {
      correctError('archive.correct.forbidden');
    } else if (err instanceof ApiError && err.status === 0) {
      correctError('archive.correct.network');
    } else {
      correctError('archive.correct.failed', { message: err.message });
    }
  } finally {
    button.disabled = false;
  }
}

async function checkStaff() {
  let user = null;
  try {
    user = await currentUser();
  } catch {
    return; // cannot tell: residents see the page without the staff part either way
  }
  if (!user || !CORRECTORS.has(user.role)) return;
  canCorrect = true;
  if (hasRecording()) {
    setText(els.staffIntro, 'archive.correct.intro', { name: user.username });
    els.staffIntro.hidden = false;
    showAgenda();
  }
}

// ------------------------------------------------------------------------------ main

async function main() {
  await initI18n();
  updateDocumentTitle();
  document.addEventListener('tribune:languagechange', () => {
    updateDocumentTitle();
    if (!meeting) return;
    els.date.textContent = formatDateTime(meeting.starts_at);
    if (els.video.querySelector('track')) els.video.querySelector('track').label = t('archive.chaptersTrack') ?? '';
  });

  const id = meetingIdFromPath();
  try {
    if (!id) throw new ApiError(404, 'no such meeting');
    meeting = await getMeeting(id);
  } catch (err) {
    setText(els.status, null);
    if (err instanceof ApiError && err.status === 404) setText(els.error, 'archive.notFound');
    else if (err instanceof ApiError && err.status === 0) setText(els.error, 'archive.error.network');
    else setText(els.error, 'archive.meetingError');
    document.body.dataset.meeting = 'error';
    return;
  }
  setText(els.status, null);
  showHeader();
  showAgenda();
  // The council's advices under the agenda items they were discussed at.
  const advices = showItemAdvices(meeting.id, (itemId) => rows.get(itemId)?.li ?? null);
  document.body.dataset.meeting = 'ready';
  await checkStaff();
  const player = hasRecording() ? startPlayer() : null;
  await showArchiveQuestions({
    section: $('questions-section'),
    status: $('questions-status'),
    empty: $('questions-empty'),
    list: $('questions-list'),
    logEmpty: $('moderation-empty'),
    logWrap: $('moderation-wrap'),
    logBody: $('moderation-log'),
  }, { meeting, canSeek: hasRecording, seek: seekToAnswer });
  await Promise.all([player, advices]);
}

// "Bekijk het antwoord": the player to the moment the chair marked the question answered.
function seekToAnswer(offset) {
  if (!vod) return;
  vod.seekTo(offset);
  play();
  markPlaying();
  els.player.scrollIntoView({ block: 'start' });
  els.video.focus();
}

main();
