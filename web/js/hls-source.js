// hls-source.js — play a room's HLS playlist in a <video>, with hls.js where the browser
// has Media Source Extensions, else the browser's own HLS (Safari, iOS).
//
// hls.js is served by the Tribune server at /vendor/hls.min.js; an install without it
// still works on browsers with native HLS. A playlist that is not there yet (the room is
// starting) or a network hiccup is retried calmly instead of ending playback.

const HLS_SCRIPT = '/vendor/hls.min.js';
const RETRY_MS = 2000;

let scriptPromise = null;

export function loadHlsJs() {
  if (window.Hls) return Promise.resolve(window.Hls);
  if (!scriptPromise) {
    scriptPromise = new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = HLS_SCRIPT;
      script.async = true;
      script.onload = () => resolve(window.Hls || null);
      script.onerror = () => resolve(null); // absent: try native HLS instead
      document.head.append(script);
    });
  }
  return scriptPromise;
}

export class HlsUnsupportedError extends Error {
  constructor() {
    super('This browser cannot play HLS');
    this.name = 'HlsUnsupportedError';
  }
}

// Returns {destroy()}; onRetry() is called each time the stream is being retried.
export async function attachHls(video, url, { onRetry = () => {} } = {}) {
  const Hls = await loadHlsJs();
  if (Hls && Hls.isSupported()) return attachWithHlsJs(Hls, video, url, onRetry);
  if (video.canPlayType('application/vnd.apple.mpegurl')) return attachNative(video, url, onRetry);
  throw new HlsUnsupportedError();
}

function attachWithHlsJs(Hls, video, url, onRetry) {
  let hls = null;
  let retryTimer = null;
  let destroyed = false;

  const create = () => {
    hls = new Hls({
      // Low-Latency HLS: the server lists parts of ~0.4 s and holds playlist reloads
      // until the next part exists; hls.js then plays PART-HOLD-BACK (1.2 s) behind the
      // live edge. No liveSyncDuration here: a value set by the page would override the
      // server's hold-back (docs/performance.md has the measured delays).
      lowLatencyMode: true,
      manifestLoadingMaxRetry: 2,
    });
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (!data.fatal || destroyed) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        hls.recoverMediaError();
        return;
      }
      // Playlist missing or network gone: start again after a pause.
      hls.destroy();
      onRetry();
      retryTimer = setTimeout(() => {
        if (!destroyed) create();
      }, RETRY_MS);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  };
  create();

  return {
    // Jump to the live edge, e.g. after a pause: residents want the meeting as it is now.
    goLive() {
      if (hls && Number.isFinite(hls.liveSyncPosition)) video.currentTime = hls.liveSyncPosition;
    },
    destroy() {
      destroyed = true;
      clearTimeout(retryTimer);
      if (hls) hls.destroy();
      video.removeAttribute('src');
      video.load();
    },
  };
}

function attachNative(video, url, onRetry) {
  let retryTimer = null;
  const onError = () => {
    onRetry();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      video.src = url;
      video.play().catch(() => {});
    }, RETRY_MS);
  };
  video.addEventListener('error', onError);
  video.src = url;
  return {
    goLive() {
      const ranges = video.seekable;
      if (ranges.length) video.currentTime = ranges.end(ranges.length - 1);
    },
    destroy() {
      clearTimeout(retryTimer);
      video.removeEventListener('error', onError);
      video.removeAttribute('src');
      video.load();
    },
  };
}
