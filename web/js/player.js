// player.js — plays a room in a <video>: WebRTC (WHEP) first for the shortest delay, HLS
// when WebRTC is not there or does not deliver a picture.
//
// States: 'connecting' → 'playing', or 'error' when nothing works. Each change is a
// 'change' event with detail {state, mode, reason}; reason names the status text to show
// ('connecting', 'fallback', 'waiting', 'blocked', 'playing', 'unsupported', 'failed').
//
// Autoplay: the video starts muted, because browsers refuse unmuted autoplay; the page
// offers a "sound on" button. If even muted autoplay is refused, we wait for the visitor
// to press play before starting the "no picture" clock, or WebRTC would be blamed for it.

import { attachHls, HlsUnsupportedError } from './hls-source.js';
import { waitForFrame } from './frames.js';
import { WhepClient } from './whep.js';

// Time from the answer to a first frame before WebRTC counts as failed. The server's first
// frame comes within 1–2 s; 5 s leaves room for a slow phone.
export const WEBRTC_FRAME_TIMEOUT_MS = 5000;

export class Player extends EventTarget {
  // mode: 'auto' | 'webrtc' | 'hls'
  constructor(video, roomId, { mode = 'auto' } = {}) {
    super();
    this.video = video;
    this.roomId = roomId;
    this.requestedMode = mode;
    this.mode = null;
    this.state = 'connecting';
    this.whep = null;
    this.hls = null;
    this.abort = null;
  }

  setState(state, reason) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('change', { detail: { state, mode: this.mode, reason } }));
  }

  async start() {
    this.abort = new AbortController();
    if (this.requestedMode !== 'hls') {
      const ok = await this.startWebRtc();
      if (ok || this.abort.signal.aborted) return;
      if (this.requestedMode === 'webrtc') {
        this.setState('error', 'failed');
        return;
      }
      await this.startHls('fallback');
    } else {
      await this.startHls('connecting');
    }
  }

  async startWebRtc() {
    this.mode = 'webrtc';
    this.setState('connecting', 'connecting');
    const room = encodeURIComponent(this.roomId);
    const whep = new WhepClient(`/whep/${room}`, { early: true });
    this.whep = whep;
    try {
      if (typeof RTCPeerConnection !== 'function') throw new Error('no RTCPeerConnection');
      await whep.start();
      if (this.whep !== whep) return false;
      this.video.srcObject = whep.stream;
      await this.autoplay();
      if (!(await this.waitForPicture())) throw new Error('no video frame from WebRTC in time');
    } catch (err) {
      console.warn('tribune: WebRTC did not work, reason:', err);
      await this.stopWebRtc();
      return false;
    }
    // A connection lost later also moves to HLS, unless WebRTC was asked for.
    whep.addEventListener('failed', () => {
      if (this.whep !== whep) return;
      if (this.requestedMode === 'webrtc') {
        this.stopWebRtc();
        this.setState('error', 'failed');
      } else {
        this.stopWebRtc().then(() => this.startHls('fallback'));
      }
    });
    this.setState('playing', 'playing');
    return true;
  }

  // A tab in the background draws no frames, so only a visible page can tell whether
  // WebRTC delivers; until the visitor looks, WebRTC keeps the benefit of the doubt.
  async waitForPicture() {
    const signal = this.abort.signal;
    for (;;) {
      if (await waitForFrame(this.video, { timeoutMs: WEBRTC_FRAME_TIMEOUT_MS, signal })) return true;
      if (signal.aborted || !document.hidden) return false;
      await new Promise((resolve) => {
        const done = () => {
          if (document.hidden && !signal.aborted) return;
          document.removeEventListener('visibilitychange', done);
          resolve();
        };
        document.addEventListener('visibilitychange', done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  async stopWebRtc() {
    const whep = this.whep;
    this.whep = null;
    if (this.video.srcObject) this.video.srcObject = null;
    if (whep) await whep.stop();
  }

  async startHls(reason) {
    this.mode = 'hls';
    this.setState('connecting', reason);
    const url = `/hls/${encodeURIComponent(this.roomId)}/index.m3u8`;
    try {
      this.hls = await attachHls(this.video, url, {
        onRetry: () => {
          if (this.state !== 'error') this.setState('connecting', 'waiting');
        },
      });
    } catch (err) {
      this.setState('error', err instanceof HlsUnsupportedError ? 'unsupported' : 'failed');
      return;
    }
    await this.autoplay();
    // HLS has no connection to fail: keep waiting (hls-source retries) until a frame shows.
    if (await waitForFrame(this.video, { signal: this.abort.signal })) {
      this.setState('playing', 'playing');
    }
  }

  // Autoplay, muted if the browser insists; if it refuses even that, wait for the
  // visitor's play press. play() on a stream that has no frames yet may stay pending for a
  // long time, so a pending promise counts as "not refused".
  async autoplay() {
    const attempt = async () => {
      const outcome = await Promise.race([
        this.video.play().then(() => 'ok', (err) => err),
        new Promise((resolve) => setTimeout(() => resolve('pending'), 500)),
      ]);
      return outcome?.name === 'NotAllowedError' ? 'refused' : 'ok';
    };
    if ((await attempt()) === 'ok') return;
    if (!this.video.muted) {
      this.video.muted = true;
      if ((await attempt()) === 'ok') return;
    }
    this.setState('connecting', 'blocked');
    await new Promise((resolve) => {
      this.video.addEventListener('play', resolve, { once: true });
      this.abort.signal.addEventListener('abort', resolve, { once: true });
    });
  }

  // After a pause, go back to the live moment instead of replaying old minutes.
  goLive() {
    if (this.hls) this.hls.goLive();
  }

  async stop() {
    this.abort?.abort();
    if (this.hls) {
      this.hls.destroy();
      this.hls = null;
    }
    await this.stopWebRtc();
  }
}
