// frames.js — "is the picture really moving?" A started connection or a loaded playlist
// is not yet a picture: only a presented frame is. The player uses this to decide when
// it is playing and when to give up on WebRTC.

// Resolves true once the video presents a frame, false after timeoutMs (0: wait forever)
// or when signal aborts. Uses requestVideoFrameCallback where the browser has it, else
// watches currentTime advance.
export function waitForFrame(video, { timeoutMs = 0, signal } = {}) {
  return new Promise((resolve) => {
    let finished = false;
    let timer = null;
    let handle = null;
    const startTime = video.currentTime;

    const finish = (result) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      if (handle !== null && video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(handle);
      video.removeEventListener('timeupdate', onTime);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onTime = () => {
      if (video.currentTime > startTime && video.readyState >= 2) finish(true);
    };
    const onAbort = () => finish(false);

    if (signal?.aborted) return finish(false);
    signal?.addEventListener('abort', onAbort);
    if (timeoutMs > 0) timer = setTimeout(() => finish(false), timeoutMs);
    if (typeof video.requestVideoFrameCallback === 'function') {
      handle = video.requestVideoFrameCallback(() => finish(true));
    } else {
      video.addEventListener('timeupdate', onTime);
    }
  });
}
