// archive-api.js — what the archive pages ask the server: search over agenda items, the
// councils and meetings for the filters, one meeting with its agenda and recording, who is
// logged in, and the correction of a chapter start. Reading is public; only the chapter
// correction needs a session (the HttpOnly cookie the login page sets).

import { currentUser, request } from './api.js';

export { currentUser };

export async function search(q) {
  const body = await request('GET', `/api/search?q=${encodeURIComponent(q)}`);
  return Array.isArray(body?.hits) ? body.hits : [];
}

export async function listCouncils() {
  const body = await request('GET', '/api/councils');
  return Array.isArray(body?.councils) ? body.councils : [];
}

// filters: {council (slug or id), from, to (ISO 8601)}; empty ones are left out.
export async function listMeetings({ council, from, to } = {}) {
  const params = new URLSearchParams();
  if (council) params.set('council', council);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const query = params.toString();
  const body = await request('GET', `/api/meetings${query ? `?${query}` : ''}`);
  return Array.isArray(body?.meetings) ? body.meetings : [];
}

// The meeting with its agenda. A server whose meeting JSON has no "agenda" yet (before
// recordings) still has the agenda API: ask that one then.
export async function getMeeting(id) {
  const meeting = await request('GET', `/api/meetings/${encodeURIComponent(id)}`);
  if (meeting && !Array.isArray(meeting.agenda)) {
    const body = await request('GET', `/api/meetings/${encodeURIComponent(id)}/agenda`);
    meeting.agenda = Array.isArray(body?.items) ? body.items : [];
  }
  return meeting;
}

export function setChapterStart(meetingId, itemId, offsetS) {
  return request('PATCH',
    `/api/meetings/${encodeURIComponent(meetingId)}/agenda/${encodeURIComponent(itemId)}/chapter`,
    { offset_s: offsetS });
}

// The meeting id in /archive/{id}; null when the address has none.
export function meetingIdFromPath(pathname = location.pathname) {
  const match = /^\/archive\/([0-9]+)\/?$/.exec(pathname);
  return match ? match[1] : null;
}
