// whep.js — a small WHEP viewer client: receive one room's program over WebRTC.
//
// Usage: const c = new WhepClient('/whep/demo', {key}); c.stream is the MediaStream to show
// (key: a bearer token, for a participant's own mix or the hall's return feed);
// await c.start(); … await c.stop(). 'failed' is dispatched when the connection is lost
// for good, so the player can fall back to HLS.

import { deleteSession, postOffer, waitForIceGathering } from './signalling.js';

export class WhepClient extends EventTarget {
  constructor(url, { key } = {}) {
    super();
    this.url = url;
    this.key = key;
    this.pc = null;
    this.location = null;
    this.stream = new MediaStream();
  }

  async start() {
    if (typeof RTCPeerConnection !== 'function') throw new Error('WebRTC is not available');
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    // Video first, then audio: the server reads the m-lines in this order.
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addEventListener('track', (event) => {
      this.stream.addTrack(event.track);
      this.dispatchEvent(new Event('track'));
    });
    pc.addEventListener('connectionstatechange', () => {
      this.dispatchEvent(new CustomEvent('statechange', { detail: pc.connectionState }));
      if (pc.connectionState === 'failed') this.dispatchEvent(new Event('failed'));
    });

    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc);
    if (this.pc !== pc) return; // stop() was called meanwhile
    const { answer, location } = await postOffer(this.url, pc.localDescription.sdp, this.headers());
    this.location = location;
    if (this.pc !== pc) {
      // Stopped while the POST was under way: the session exists now, end it.
      await deleteSession(location, this.headers());
      return;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  headers() {
    return this.key ? { Authorization: `Bearer ${this.key}` } : {};
  }

  async stop() {
    const { pc, location } = this;
    this.pc = null;
    this.location = null;
    if (pc) pc.close();
    for (const track of this.stream.getTracks()) {
      track.stop();
      this.stream.removeTrack(track);
    }
    await deleteSession(location, this.headers());
  }
}
