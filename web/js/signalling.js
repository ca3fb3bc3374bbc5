// signalling.js — the HTTP half of WHIP and WHEP, shared by whip.js and whep.js.
//
// Tribune's server answers with all its candidates in the SDP answer and takes no trickled
// candidates (no PATCH). So the client waits for its own ICE gathering to finish before it
// POSTs the offer; the wait is capped because a browser can sit on a slow interface for
// many seconds, and host candidates are all a LAN or loopback connection needs.

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

// End a session. keepalive lets the request outlive the page during pagehide.
export async function deleteSession(location, headers = {}) {
  if (!location) return;
  try {
    await fetch(location, { method: 'DELETE', headers, keepalive: true });
  } catch {
    // The server also drops sessions whose ICE times out; nothing more to do here.
  }
}
