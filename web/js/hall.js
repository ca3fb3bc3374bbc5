// hall.js — the secretary's page (/hall/{room}): pick camera and microphone, see the
// preview, and start or stop the broadcast with the room's ingest key.
//
// States (document.body.dataset.hallState): idle → connecting → live, and error when the
// server refuses or the connection cannot be (re)made; from error the secretary can simply
// try again. The broadcast itself (and its reconnecting) lives in publisher.js.

import { ApiError, getRoom, roomIdFromPath } from './api.js';
import { fillDeviceSelect, listDevices, openDefaultMedia, openTrack } from './devices.js';
import { initI18n, setText } from './i18n.js';
import { LevelMeter } from './level-meter.js';
import { createHallReturn } from './hall-return.js';
import { Publisher } from './publisher.js';

const $ = (id) => document.getElementById(id);
const els = {
  roomName: $('room-name'),
  preview: $('preview'),
  onAir: $('on-air'),
  form: $('hall-form'),
  camera: $('camera'),
  microphone: $('microphone'),
  key: $('key'),
  start: $('start'),
  stop: $('stop'),
  status: $('hall-status'),
  error: $('hall-error'),
  watch: $('watch-link'),
  level: $('mic-level'),
};

const roomId = roomIdFromPath();
const keyStorage = `tribune.ingestKey.${roomId}`;
let stream = new MediaStream();
const publisher = new Publisher(`/whip/${encodeURIComponent(roomId ?? '')}`);
let liveSince = null;
const meter = new LevelMeter(els.level);
let canPublish = true; // false when the room takes no WHIP or does not exist

function setState(state, statusKey, vars = {}) {
  document.body.dataset.hallState = state;
  els.start.disabled = !canPublish || state === 'connecting' || state === 'live';
  els.stop.disabled = !(state === 'connecting' || state === 'live');
  setText(els.onAir, state === 'live' ? 'hall.onAir' : 'hall.offAir');
  els.onAir.className = `badge preview-badge ${state === 'live' ? 'badge-live' : 'badge-idle'}`;
  setText(els.status, statusKey, vars);
  if (state !== 'error') setText(els.error, null);
}

function showError(key, vars = {}) {
  setState('error', null);
  setText(els.error, key, vars);
  // On a small screen the message may be below the fold, out of the secretary's sight.
  els.error.scrollIntoView({ block: 'nearest' });
}

// The server's answer, in words a secretary can act on.
function explainRefusal(err) {
  if (err.status === 401) return ['hall.error.key'];
  if (err.status === 403) return ['hall.error.noWhip']; // the room takes no WHIP at all
  if (err.status === 409) return ['hall.error.busy'];
  if (err.status === 404) return ['hall.error.notFound'];
  return ['hall.error.server', { message: err.message || `HTTP ${err.status}` }];
}

function onPublisherChange({ state, reason, error }) {
  if (state === 'live') {
    liveSince ??= new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: 'short' })
      .format(new Date());
    setState('live', 'hall.status.live', { time: liveSince });
    return;
  }
  if (state !== 'connecting') liveSince = null;
  if (state === 'connecting') setState('connecting', `hall.status.${reason}`);
  else if (state === 'idle') setState('idle', 'hall.status.stopped');
  else if (reason === 'refused') showError(...explainRefusal(error));
  else if (reason === 'lost') showError('hall.error.lost');
  else showError(error instanceof TypeError ? 'hall.error.network' : 'hall.error.connection');
}

function mediaErrorKey(err) {
  if (err.name === 'NotAllowedError' || err.name === 'SecurityError') return 'hall.error.permission';
  if (err.name === 'NotFoundError' || err.name === 'OverconstrainedError') return 'hall.error.noDevices';
  if (err.name === 'NotReadableError') return 'hall.error.deviceBusy';
  return 'hall.error.media';
}

function currentDeviceId(kind) {
  return stream.getTracks().find((t) => t.kind === kind)?.getSettings().deviceId;
}

async function refreshDevices() {
  const { cameras, microphones } = await listDevices();
  fillDeviceSelect(els.camera, cameras, currentDeviceId('video'), 'hall.cameraNumber');
  fillDeviceSelect(els.microphone, microphones, currentDeviceId('audio'), 'hall.microphoneNumber');
}

async function switchDevice(kind, deviceId) {
  try {
    const old = stream.getTracks().find((t) => t.kind === kind);
    if (old) {
      old.stop(); // some cameras cannot be open twice
      stream.removeTrack(old);
    }
    const track = await openTrack(kind, deviceId);
    stream.addTrack(track);
    if (kind === 'video') els.preview.srcObject = stream;
    else meter.setTrack(track);
    await publisher.replaceTrack(track);
  } catch (err) {
    console.warn('tribune: could not switch device', err);
    setText(els.error, mediaErrorKey(err));
  }
}

function start() {
  const key = els.key.value.trim();
  if (!key) {
    showError('hall.error.noKey');
    els.key.focus();
    return;
  }
  if (stream.getTracks().length === 0) {
    showError('hall.error.noDevices');
    return;
  }
  try {
    sessionStorage.setItem(keyStorage, key);
  } catch {
    // Not remembered; broadcasting still works.
  }
  publisher.start(stream, key);
}

async function loadRoom() {
  try {
    const room = await getRoom(roomId);
    els.roomName.textContent = room.title || roomId;
    document.title = `${room.title || roomId} – Tribune`;
    if (!room.whip) {
      canPublish = false;
      showError('hall.error.noWhip');
    }
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      canPublish = false;
      showError('hall.error.notFound');
      return false;
    }
    return true; // room info is a nicety; publishing may still work
  }
}

async function main() {
  document.body.dataset.hallState = 'idle';
  await initI18n();
  setState('idle', 'hall.status.preparing');
  if (!roomId) {
    canPublish = false;
    showError('hall.error.notFound');
    return;
  }
  els.watch.href = `/room/${encodeURIComponent(roomId)}`;
  els.watch.target = '_blank';
  try {
    els.key.value = sessionStorage.getItem(keyStorage) || '';
  } catch {
    // Storage blocked: the key field stays empty.
  }

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    start();
  });
  els.stop.addEventListener('click', () => publisher.stop());
  publisher.addEventListener('change', (event) => onPublisherChange(event.detail));
  els.camera.addEventListener('change', () => switchDevice('video', els.camera.value));
  els.microphone.addEventListener('change', () => switchDevice('audio', els.microphone.value));
  window.addEventListener('pagehide', () => publisher.stop());
  window.addEventListener('beforeunload', (event) => {
    if (publisher.active) event.preventDefault(); // ask before ending a broadcast by accident
  });

  const hallReturn = createHallReturn(roomId, {
    button: $('return-toggle'),
    audio: $('return-audio'),
    status: $('return-status'),
  }, () => els.key.value.trim());
  window.addEventListener('pagehide', () => hallReturn.stop());

  if (!(await loadRoom())) return;
  try {
    stream = await openDefaultMedia();
    els.preview.srcObject = stream;
    meter.setTrack(stream.getAudioTracks()[0] ?? null);
    document.addEventListener('click', () => meter.resume(), { once: true });
    await refreshDevices();
    navigator.mediaDevices.addEventListener?.('devicechange', () => refreshDevices().catch(() => {}));
    if (document.body.dataset.hallState === 'idle') setState('idle', 'hall.status.ready');
  } catch (err) {
    console.warn('tribune: no camera or microphone', err);
    showError(mediaErrorKey(err));
  }
}

main();
