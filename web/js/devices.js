// devices.js — cameras and microphones for the hall and join pages.
//
// Browsers hide device names until the page may use a camera, so a page first opens
// the default camera and microphone (which asks permission) and lists the devices after.

import { setText } from './i18n.js';

// 720p30 is what the server's program runs at by default; the browser scales if the
// camera cannot.
const VIDEO = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
// Meeting rooms echo: keep the browser's echo and noise handling on.
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function constraints(kind, deviceId) {
  const base = kind === 'video' ? VIDEO : AUDIO;
  return deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
}

// Open camera and microphone; a room with only one of the two still gets that one.
// Throws the browser's error (NotAllowedError, NotFoundError, …) when neither works.
export async function openDefaultMedia() {
  const md = navigator.mediaDevices;
  if (!md?.getUserMedia) {
    const err = new Error('getUserMedia is not available');
    err.name = 'NotSupportedError';
    throw err;
  }
  try {
    return await md.getUserMedia({ video: VIDEO, audio: AUDIO });
  } catch (err) {
    if (err.name === 'NotAllowedError' || err.name === 'SecurityError') throw err;
    for (const only of [{ video: VIDEO }, { audio: AUDIO }]) {
      try {
        return await md.getUserMedia(only);
      } catch {
        // try the other kind
      }
    }
    throw err;
  }
}

// A new track of one kind ('video' or 'audio') from the chosen device.
export async function openTrack(kind, deviceId) {
  const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraints(kind, deviceId) });
  return stream.getTracks()[0];
}

// {cameras: [{id, label}], microphones: [{id, label}]}; unnamed devices get a number.
export async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind) => devices
    .filter((d) => d.kind === kind && d.deviceId)
    .map((d, i) => ({ id: d.deviceId, label: d.label, index: i + 1 }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput') };
}

// A <select> of cameras or microphones from listDevices(); a device without a label (no
// permission yet) is "Camera 1" in the page's language (@fallbackKey with {number}).
export function fillDeviceSelect(select, devices, currentId, fallbackKey) {
  select.replaceChildren(...devices.map((device) => {
    const option = document.createElement('option');
    option.value = device.id;
    if (device.label) option.textContent = device.label; // the browser's text: textContent
    else setText(option, fallbackKey, { number: device.index });
    option.selected = device.id === currentId;
    return option;
  }));
  select.disabled = devices.length === 0;
}
