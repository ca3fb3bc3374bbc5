// signalling.js — the HTTP half of WHIP and WHEP, shared by whip.js and whep.js.
//
// Tribune's server answers with all its candidates in the SDP answer. Publishers and
// participants wait for their own ICE gathering to finish before they POST the offer; the
// wait is capped because a browser can sit on a slow interface for many seconds, and host
// candidates are all a LAN or loopback connection needs. A room viewer POSTs at once:
// the lean sender is ICE-lite and learns the viewer's address from its checks, so it needs
// no candidates; if the answer is not ICE-lite (viewer_sender = webrtcbin), the viewer's
// candidates follow in one PATCH (RFC 8840 trickle, as WHEP allows).

import { errorFromResponse } from './api.js';

export const GATHER_TIMEOUT_MS = 1000;

export function waitForIceGathering(pc, timeoutMs = GATHER_TIMEOUT_MS) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    };
    const onChange = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

// POST the offer; resolves to {answer, location} with location absolute. Throws ApiError
// (status + the server's error text) on a non-201 answer.
export async function postOffer(url, sdp, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', ...headers },
    body: sdp,
  });
  if (response.status !== 201 && response.status !== 200) throw await errorFromResponse(response);
  const answer = await response.text();
  const header = response.headers.get('Location');
  const location = header ? new URL(header, new URL(url, window.location.href)).href : null;
  return { answer, location };
}

// PATCH the candidates gathered so far (and end-of-candidates) to a session.
export async function patchCandidates(location, pc, headers = {}) {
  if (!location) return;
  const local = pc.localDescription?.sdp ?? '';
  const ufrag = /a=ice-ufrag:(\S+)/.exec(local)?.[1];
  const pwd = /a=ice-pwd:(\S+)/.exec(local)?.[1];
  const mid = pc.getTransceivers()[0]?.mid ?? '0';
  const candidates = local.split(/\r?\n/).filter((line) => line.startsWith('a=candidate:'));
  if (!ufrag || !pwd) return;
  const frag = [`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, 'm=audio 9 UDP/TLS/RTP/SAVPF 0',
    `a=mid:${mid}`, ...candidates, 'a=end-of-candidates', ''].join('\r\n');
  try {
    await fetch(location, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', ...headers },
      body: frag,
    });
  } catch {
    // Without them the server can still find the viewer from its connectivity checks.
  }
}

// End a session. keepalive lets the request outlive the page during pagehide.
export async function deleteSession(location, headers = {}) {
  if (!location) return;
  try {
    await fetch(location, { method: 'DELETE', headers, keepalive: true });
  } catch {
    // The server also drops sessions whose ICE times out; nothing more to do here.
  }
}
