// room.js — the resident's page (/room/{room}): room title, live badge, viewer count, the
// player, and the meeting on air with its current agenda item (meeting-banner.js), and residents' questions
// (questions-room.js). ?embed=1 shows the player alone (for an iframe on another site);
// ?mode=hls or ?mode=webrtc forces one way of playing.

import { ApiError, getRoom, roomIdFromPath, viewerTotal } from './api.js';
import { bindControls } from './controls.js';
import { initI18n, setText, t } from './i18n.js';
import { followMeeting } from './meeting-banner.js';
import { Player } from './player.js';
import { createRoomQuestions } from './questions-room.js';
import { createRoomSpeak } from './speak-room.js';

const POLL_MS = 5000;

const params = new URLSearchParams(location.search);
const requestedMode = ['hls', 'webrtc'].includes(params.get('mode')) ? params.get('mode') : 'auto';
if (params.get('embed') === '1') document.body.classList.add('embed');

const $ = (id) => document.getElementById(id);
const els = {
  title: $('room-title'),
  player: $('player'),
  stage: $('stage'),
  video: $('video'),
  stageMessage: $('stage-message'),
  unmute: $('unmute'),
  play: $('play'),
  mute: $('mute'),
  volume: $('volume'),
  fullscreen: $('fullscreen'),
  badge: $('live-badge'),
  viewers: $('viewers'),
  mode: $('mode'),
  status: $('status'),
};

let roomTitle = null;

function updateDocumentTitle() {
  document.title = roomTitle ? `${roomTitle} – ${t('common.brand') ?? 'Tribune'}` : (t('common.brand') ?? 'Tribune');
}

function showRoom(room) {
  if (typeof room.title === 'string' && room.title !== roomTitle) {
    roomTitle = room.title;
    setText(els.title, null);
    els.title.textContent = roomTitle; // server text: textContent only
    updateDocumentTitle();
  }
  setText(els.badge, room.live ? 'room.live' : 'room.notLive');
  els.badge.className = room.live ? 'badge badge-live' : 'badge badge-idle';
  setText(els.viewers, 'room.viewers', { count: viewerTotal(room) });
}

// Status texts per player reason; the big message on the picture only for trouble.
const TROUBLE = new Set(['unsupported', 'failed', 'notFound', 'blocked']);

function showStatus(reason) {
  setText(els.status, `room.status.${reason}`);
  const trouble = TROUBLE.has(reason);
  // Trouble is shown big on the picture; the status line then speaks only to screen
  // readers (the picture's copy is aria-hidden), so nobody reads or hears it twice.
  els.status.classList.toggle('visually-hidden', trouble);
  els.stageMessage.hidden = !trouble;
  if (trouble) setText(els.stageMessage, `room.status.${reason}`);
}

function onPlayerChange({ state, mode, reason }) {
  document.body.dataset.playerState = state;
  if (mode) document.body.dataset.playerMode = mode;
  els.stage.dataset.state = state;
  if (mode) setText(els.mode, 'room.mode', { mode: mode === 'webrtc' ? 'WebRTC' : 'HLS' });
  showStatus(reason);
}

async function refreshRoom(roomId) {
  try {
    showRoom(await getRoom(roomId));
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    // A failed poll is not worth alarming anyone: the picture may well still play.
    console.warn('tribune: room info not available', err);
    return true;
  }
}

// Nothing to play: no controls that do nothing, but a way to the rooms that exist.
function showNotFound() {
  onPlayerChange({ state: 'error', mode: null, reason: 'notFound' });
  document.querySelector('.controls').hidden = true;
  $('all-rooms').hidden = false;
}

async function main() {
  document.body.dataset.playerState = 'connecting';
  const roomId = roomIdFromPath();

  // The picture first: WebRTC's offer goes out while the translations and the room's
  // details load, instead of after them (about 150 ms sooner on a busy machine). Until
  // the catalog arrives, status lines keep the page's Dutch text (see i18n.js setText).
  let roomMissing = false;
  const player = roomId ? new Player(els.video, roomId, { mode: requestedMode }) : null;
  player?.addEventListener('change', (event) => {
    if (roomMissing) return;
    onPlayerChange(event.detail);
    // Count ourselves at once instead of showing "0 viewers" until the next poll.
    if (event.detail.state === 'playing') refreshRoom(roomId);
  });
  const playing = player?.start();

  const [, found] = await Promise.all([initI18n(), roomId ? refreshRoom(roomId) : false]);
  document.addEventListener('tribune:languagechange', updateDocumentTitle);
  updateDocumentTitle();
  if (!found) {
    roomMissing = true;
    await player?.stop();
    showNotFound();
    return;
  }

  // Residents' questions below the player (not in the embedded player).
  const questions = params.get('embed') === '1' ? null : createRoomQuestions(roomId, {
    section: $('questions'),
    form: $('question-form'),
    fieldset: $('question-fields'),
    text: $('question-text'),
    count: $('question-count'),
    countLive: $('question-count-live'),
    name: $('question-name'),
    neighbourhood: $('question-neighbourhood'),
    item: $('question-item'),
    send: $('question-send'),
    formStatus: $('question-form-status'),
    formError: $('question-form-error'),
    mine: $('my-questions'),
    mineList: $('my-questions-list'),
    mineStatus: $('my-questions-status'),
    publicList: $('public-questions-list'),
    publicEmpty: $('public-questions-empty'),
    publicStatus: $('public-questions-status'),
  });

  // Asking to speak (inspreken), for the live meeting.
  const speak = params.get('embed') === '1' ? null : createRoomSpeak({
    section: $('speak'),
    form: $('speak-form'),
    name: $('speak-name'),
    topic: $('speak-topic'),
    item: $('speak-item'),
    send: $('speak-send'),
    status: $('speak-status'),
    error: $('speak-error'),
    state: $('speak-state'),
    go: $('speak-go'),
  });

  // The meeting on air and its current agenda item, live; the video does not wait for it.
  const meeting = followMeeting(roomId, {
    section: $('meeting'),
    title: $('meeting-title'),
    now: $('meeting-now'),
    details: $('meeting-details'),
    agendaSummary: $('meeting-agenda-summary'),
    agenda: $('meeting-agenda'),
    ended: $('meeting-ended'),
    endedLink: $('meeting-ended-link'),
  }, {
    onMeeting: (data) => {
      questions?.onMeeting(data);
      speak?.onMeeting(data);
    },
    onQuestion: (data) => questions?.onQuestion(data),
    onSpeaker: () => speak?.onSpeaker(),
  });
  window.addEventListener('pagehide', () => meeting.stop());

  bindControls({ ...els, container: els.player }, { onResume: () => player.goLive() });
  window.addEventListener('pagehide', () => player.stop());
  // Back from the browser's page cache the session is gone: start afresh.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });

  setInterval(() => {
    if (!document.hidden) refreshRoom(roomId);
  }, POLL_MS);
  await playing;
}

main();
