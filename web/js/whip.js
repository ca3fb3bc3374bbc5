// whip.js — a small WHIP publisher client: send a camera and microphone to a room.
//
// Usage: const c = new WhipClient('/whip/zaal', {key, stream}); await c.start();
// c.replaceTrack(track) switches camera or microphone while live; await c.stop().
// The server accepts H.264 or VP8 video and Opus audio; H.264 is preferred because the
// server can then pass the picture on without decoding and encoding it again.

import { deleteSession, postOffer, waitForIceGathering } from './signalling.js';

// Put H.264 (packetization-mode=1, which the server depacketizes) first; keep the rest so
// the browser can still fall back to VP8.
function preferH264(transceiver) {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const caps = (window.RTCRtpReceiver?.getCapabilities?.('video')) ||
    (window.RTCRtpSender?.getCapabilities?.('video'));
  if (!caps) return;
  const score = (codec) => {
    if (codec.mimeType.toLowerCase() !== 'video/h264') return 2;
    return /packetization-mode=1/.test(codec.sdpFmtpLine || '') ? 0 : 1;
  };
  const codecs = [...caps.codecs].sort((a, b) => score(a) - score(b));
  try {
    transceiver.setCodecPreferences(codecs);
  } catch (err) {
    // Some browsers refuse a list they produced themselves; their default order is fine.
    console.warn('tribune: could not prefer H.264', err);
  }
}

export class WhipClient extends EventTarget {
  constructor(url, { key, stream } = {}) {
    super();
    this.url = url;
    this.key = key;
    this.stream = stream;
    this.pc = null;
    this.location = null;
    this.senders = { video: null, audio: null };
  }

  headers() {
    return this.key ? { Authorization: `Bearer ${this.key}` } : {};
  }

  async start(stream = this.stream) {
    if (typeof RTCPeerConnection !== 'function') throw new Error('WebRTC is not available');
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    // Video first, then audio, both send-only; a missing track still gets its m-line so
    // the server always sees the same layout (and a microphone can be added later).
    for (const kind of ['video', 'audio']) {
      const track = stream.getTracks().find((t) => t.kind === kind);
      const transceiver = pc.addTransceiver(track || kind, { direction: 'sendonly', streams: [stream] });
      if (kind === 'video') preferH264(transceiver);
      this.senders[kind] = transceiver.sender;
    }
    pc.addEventListener('connectionstatechange', () => {
      this.dispatchEvent(new CustomEvent('statechange', { detail: pc.connectionState }));
      if (pc.connectionState === 'failed') this.dispatchEvent(new Event('failed'));
    });

    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc);
    if (this.pc !== pc) return;
    const { answer, location } = await postOffer(this.url, pc.localDescription.sdp, this.headers());
    this.location = location;
    if (this.pc !== pc) {
      await deleteSession(location, this.headers());
      return;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  // Swap the camera or microphone without a new session (no renegotiation needed).
  async replaceTrack(track) {
    const sender = this.senders[track.kind];
    if (sender) await sender.replaceTrack(track);
  }

  async stop() {
    const { pc, location } = this;
    this.pc = null;
    this.location = null;
    this.senders = { video: null, audio: null };
    if (pc) pc.close();
    await deleteSession(location, this.headers());
  }
}
