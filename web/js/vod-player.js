// vod-player.js — play a recording (an HLS VOD playlist, /vod/{meeting}/index.m3u8) in a
// <video>: hls.js where the browser has Media Source Extensions, else the browser's own
// HLS (Safari, iOS). Unlike the live player (hls-source.js) this one keeps the position:
// a network hiccup resumes loading where it was instead of starting the playlist again,
// and seekTo() works before the video knows its length (the seek waits for the metadata).

import { HlsUnsupportedError, loadHlsJs } from './hls-source.js';

const RETRY_MS = 3000;
const MAX_NETWORK_RETRIES = 5;

// Returns {seekTo(seconds), destroy()}. onFatal(reason) is called when the recording cannot
// be played ('failed'); it throws HlsUnsupportedError when the browser cannot play HLS.
export async function attachVod(video, url, { startAt = 0, onFatal = () => {} } = {}) {
  const Hls = await loadHlsJs();
  let handle;
  if (Hls && Hls.isSupported()) handle = withHlsJs(Hls, video, url, startAt, onFatal);
  else if (video.canPlayType('application/vnd.apple.mpegurl')) handle = native(video, url, startAt, onFatal);
  else throw new HlsUnsupportedError();

  return {
    seekTo(seconds) {
      const target = Math.max(0, Number(seconds) || 0);
      if (video.readyState >= 1) {
        video.currentTime = target;
      } else {
        handle.pendingStart = target;
      }
    },
    destroy() {
      handle.destroy();
    },
  };
}

function withHlsJs(Hls, video, url, startAt, onFatal) {
  let retries = 0;
  let retryTimer = null;
  const handle = { pendingStart: null, destroy: null };
  const hls = new Hls({
    startPosition: startAt > 0 ? startAt : -1,
    // A recording is read, not followed: no live-edge logic, a little more buffer ahead.
    maxBufferLength: 30,
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    retries = 0;
  });
  hls.on(Hls.Events.ERROR, (event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      hls.recoverMediaError();
      return;
    }
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && retries < MAX_NETWORK_RETRIES) {
      retries += 1;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => hls.startLoad(video.currentTime > 0 ? video.currentTime : -1), RETRY_MS);
      return;
    }
    onFatal('failed');
  });
  video.addEventListener('loadedmetadata', () => {
    if (handle.pendingStart !== null) {
      video.currentTime = handle.pendingStart;
      handle.pendingStart = null;
    }
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  handle.destroy = () => {
    clearTimeout(retryTimer);
    hls.destroy();
    video.removeAttribute('src');
    video.load();
  };
  return handle;
}

function native(video, url, startAt, onFatal) {
  const handle = { pendingStart: startAt > 0 ? startAt : null, destroy: null };
  const onMetadata = () => {
    if (handle.pendingStart !== null) {
      video.currentTime = handle.pendingStart;
      handle.pendingStart = null;
    }
  };
  const onError = () => onFatal('failed');
  video.addEventListener('loadedmetadata', onMetadata);
  video.addEventListener('error', onError);
  video.src = url;
  handle.destroy = () => {
    video.removeEventListener('loadedmetadata', onMetadata);
    video.removeEventListener('error', onError);
    video.removeAttribute('src');
    video.load();
  };
  return handle;
}
