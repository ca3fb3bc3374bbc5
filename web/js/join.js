// join.js — a participant's page (/join/{meeting}?t=TOKEN).
//
// The invite token comes in the address; it is moved to sessionStorage at once and taken
// out of the address bar (so it is not in a screenshot, a shared link or the history).
// States (body data-join-state): loading → ready (preview, "Deelnemen") → joining →
// joined; error when the link does not work. Joined means two sessions: WHIP sends the
// camera and microphone (publisher.js, which reconnects by itself), WHEP plays the
// meeting with everyone's sound but one's own. Every 3 s the page asks the server how it
// stands, so a mute by the chair or a removal shows up.

import { ApiError, errorFromResponse } from './api.js';
import { fillDeviceSelect, listDevices, openDefaultMedia, openTrack } from './devices.js';
import { initI18n, setText } from './i18n.js';
import { LevelMeter } from './level-meter.js';
import { Publisher } from './publisher.js';
import { WhepClient } from './whep.js';

const $ = (id) => document.getElementById(id);
const els = {
  meeting: $('meeting-title'),
  who: $('who'),
  programBox: $('program-box'),
  program: $('program'),
  preview: $('preview'),
  selfMuted: $('self-muted'),
  camera: $('camera'),
  microphone: $('microphone'),
  devices: $('devices'),
  join: $('join'),
  mute: $('mute'),
  hand: $('hand'),
  leave: $('leave'),
  status: $('join-status'),
  error: $('join-error'),
  level: $('mic-level'),
  turn: $('turn'),
  turnClock: $('turn-clock'),
};

const meetingId = (location.pathname.match(/^\/join\/(\d+)/) || [])[1];
const tokenKey = `tribune.join.${meetingId}`;
const meter = new LevelMeter(els.level);
let token = null;
let info = null;          // GET /api/join/{meeting}
let stream = new MediaStream();
let publisher = null;
let player = null;
let poll = null;
let clock = null;
let muted = false;
let hand = false;

function takeToken() {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('t');
  try {
    if (fromUrl) sessionStorage.setItem(tokenKey, fromUrl);
    token = fromUrl || sessionStorage.getItem(tokenKey);
  } catch {
    token = fromUrl;
  }
  if (fromUrl) history.replaceState(null, '', location.pathname);
}

async function api(method, body) {
  const response = await fetch(`/api/join/${meetingId}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

function setState(state, statusKey = null, vars = {}) {
  document.body.dataset.joinState = state;
  const joined = state === 'joined' || state === 'joining';
  els.join.hidden = joined || state === 'error';
  els.join.disabled = state !== 'ready';
  els.mute.hidden = !joined;
  els.hand.hidden = !joined;
  els.leave.hidden = !joined;
  els.programBox.hidden = !joined;
  setText(els.status, statusKey, vars);
  if (state !== 'error') setText(els.error, null);
}

function explain(err) {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'join.error.link';
    if (err.status === 403) return info?.participant?.kind === 'resident' ? 'join.error.turnOver' : 'join.error.removed';
    if (err.status === 409) return 'join.error.ended';
    if (err.status === 503) return 'join.error.full';
    if (err.status === 404) return 'join.error.notFound';
  }
  if (err?.name === 'NotAllowedError' || err?.name === 'SecurityError') return 'join.error.permission';
  if (err?.name === 'NotFoundError' || err?.name === 'OverconstrainedError') return 'join.error.noDevices';
  if (err?.name === 'NotReadableError') return 'join.error.deviceBusy';
  return 'join.error.connection';
}

function showError(err) {
  setState('error');
  setText(els.error, explain(err));
  els.error.scrollIntoView({ block: 'nearest' });
}

function showSwitches() {
  setText(els.mute, muted ? 'join.unmute' : 'join.mute');
  els.mute.setAttribute('aria-pressed', String(muted));
  els.selfMuted.hidden = !muted;
  setText(els.hand, hand ? 'join.lowerHand' : 'join.raiseHand');
  els.hand.setAttribute('aria-pressed', String(hand));
  for (const track of stream.getAudioTracks()) track.enabled = !muted;
}

function showTurn(turn) {
  clearInterval(clock);
  els.turn.hidden = !turn;
  if (!turn) return;
  const tick = () => {
    const left = Math.max(0, Math.round((Date.parse(turn.ends_at) - Date.now()) / 1000));
    els.turnClock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    els.turnClock.dataset.low = String(left <= 30);
  };
  tick();
  clock = setInterval(tick, 500);
}

function apply(view) {
  info = view;
  const p = view.participant;
  els.meeting.textContent = view.meeting.title;
  document.title = `${view.meeting.title} – Tribune`;
  setText(els.who, p.kind === 'resident' ? 'join.whoResident' : 'join.who', { name: p.name });
  muted = p.muted;
  hand = p.hand_raised;
  showSwitches();
  showTurn(view.turn ?? null);
}

async function refresh() {
  try {
    apply(await api('GET'));
  } catch (err) {
    if (err instanceof ApiError && [401, 403, 409].includes(err.status)) {
      // Say it first: ending the sessions waits for the server, which may be slow now.
      showError(err);
      await leave();
    }
  }
}

async function join() {
  setState('joining', 'join.status.connecting');
  publisher = new Publisher(info.whip);
  publisher.addEventListener('change', ({ detail }) => {
    if (detail.state === 'live') setState('joined', 'join.status.joined');
    else if (detail.state === 'connecting' && detail.reason === 'reconnecting')
      setText(els.status, 'join.status.reconnecting');
    else if (detail.state === 'error') {
      showError(detail.error);
      leave();
    }
  });
  player = new WhepClient(info.whep, { key: token });
  els.program.srcObject = player.stream;
  player.addEventListener('track', () => els.program.play().catch(() => {}));
  player.addEventListener('failed', async () => {
    // The sound and picture of the meeting dropped: ask again with the same link.
    await player?.stop();
    if (document.body.dataset.joinState === 'joined') startPlayer();
  });
  await Promise.all([publisher.start(stream, token), startPlayer()]);
  poll = setInterval(refresh, 3000);
}

async function startPlayer() {
  try {
    player = player ?? new WhepClient(info.whep, { key: token });
    await player.start();
  } catch (err) {
    console.warn('tribune: could not receive the meeting', err);
    if (err instanceof ApiError) {
      showError(err);
      await leave();
    }
  }
}

async function leave() {
  clearInterval(poll);
  poll = null;
  const p = publisher, w = player;
  publisher = null;
  player = null;
  await Promise.all([p?.stop(), w?.stop()]);
}

async function setSwitch(change) {
  try {
    apply({ ...info, participant: (await api('POST', change)).participant });
  } catch (err) {
    setText(els.error, explain(err));
  }
}

async function refreshDevices() {
  const { cameras, microphones } = await listDevices();
  const current = (kind) => stream.getTracks().find((t) => t.kind === kind)?.getSettings().deviceId;
  fillDeviceSelect(els.camera, cameras, current('video'), 'hall.cameraNumber');
  fillDeviceSelect(els.microphone, microphones, current('audio'), 'hall.microphoneNumber');
}

async function switchDevice(kind, deviceId) {
  try {
    const old = stream.getTracks().find((t) => t.kind === kind);
    if (old) {
      old.stop();
      stream.removeTrack(old);
    }
    const track = await openTrack(kind, deviceId);
    if (kind === 'audio') track.enabled = !muted;
    stream.addTrack(track);
    if (kind === 'video') els.preview.srcObject = stream;
    else meter.setTrack(track);
    await publisher?.replaceTrack(track);
  } catch (err) {
    setText(els.error, explain(err));
  }
}

async function main() {
  await initI18n();
  setState('loading', 'join.status.loading');
  takeToken();
  if (!meetingId || !token) {
    showError(new ApiError(401, 'no token'));
    return;
  }
  try {
    apply(await api('GET'));
  } catch (err) {
    showError(err);
    return;
  }
  els.join.addEventListener('click', () => join());
  els.leave.addEventListener('click', async () => {
    await leave();
    setState('ready', 'join.status.left');
  });
  els.mute.addEventListener('click', () => setSwitch({ muted: !muted }));
  els.hand.addEventListener('click', () => setSwitch({ hand_raised: !hand }));
  els.camera.addEventListener('change', () => switchDevice('video', els.camera.value));
  els.microphone.addEventListener('change', () => switchDevice('audio', els.microphone.value));
  window.addEventListener('pagehide', () => leave());
  try {
    stream = await openDefaultMedia();
    els.preview.srcObject = stream;
    meter.setTrack(stream.getAudioTracks()[0] ?? null);
    document.addEventListener('click', () => meter.resume(), { once: true });
    await refreshDevices();
    showSwitches();
    setState('ready', 'join.status.ready');
  } catch (err) {
    showError(err);
  }
}

main();
