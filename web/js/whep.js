// whep.js — a small WHEP viewer client: receive one room's program over WebRTC.
//
// Usage: const c = new WhepClient('/whep/demo', {key}); c.stream is the MediaStream to show
// (key: a bearer token, for a participant's own mix or the hall's return feed;
// early: POST the offer before ICE gathering ends, see signalling.js);
// await c.start(); … await c.stop(). 'failed' is dispatched when the connection is lost
// for good, so the player can fall back to HLS.

import { deleteSession, patchCandidates, postOffer, waitForIceGathering } from './signalling.js';

export class WhepClient extends EventTarget {
  constructor(url, { key, early = false } = {}) {
    super();
    this.url = url;
    this.key = key;
    this.early = early;
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

    const offer = await pc.createOffer();
    let posted;
    if (this.early) {
      // The offer's SDP already has everything an ICE-lite server needs (ufrag, pwd,
      // fingerprint), so it goes out while the browser applies it: setLocalDescription
      // takes 50–150 ms on a busy machine (it starts the ICE agent).
      posted = postOffer(this.url, offer.sdp, this.headers());
      posted.catch(() => {}); // awaited below, after setLocalDescription
      try {
        await pc.setLocalDescription(offer);
      } catch (err) {
        // The session may exist on the server by now: end it.
        posted.then(({ location }) => deleteSession(location, this.headers()), () => {});
        throw err;
      }
    } else {
      await pc.setLocalDescription(offer);
      await waitForIceGathering(pc);
      if (this.pc !== pc) return; // stop() was called meanwhile
      posted = postOffer(this.url, pc.localDescription.sdp, this.headers());
    }
    const { answer, location } = await posted;
    this.location = location;
    if (this.pc !== pc) {
      // Stopped while the POST was under way: the session exists now, end it.
      await deleteSession(location, this.headers());
      return;
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    if (this.early && !/^a=ice-lite/m.test(answer)) {
      // A full-ICE server (webrtcbin) wants our candidates: send them once gathered.
      await waitForIceGathering(pc);
      if (this.pc === pc) await patchCandidates(location, pc, this.headers());
    }
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
