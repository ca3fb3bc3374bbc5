// advices-api.js — what the advice tracker's pages ask the server (docs/advices.md,
// docs/api.md "Advices"): the list with its filters, one advice and its timeline, and the
// secretary's writes (create, edit, the moves between statuses, progress notes, PDFs).
// Reading is public; writes go with the session cookie (role admin).
//
// Errors are ApiError (api.js) with two extras the pages show: `detail`, the server's own
// words, and `allowed`, the statuses a refused move (409) could reach instead.

import { ApiError } from './api.js';

export { ApiError };

export const STATUSES = ['draft', 'sent', 'answered', 'escalated', 'withdrawn'];
export const KINDS = ['requested', 'unsolicited'];
export const THEMES = ['welfare', 'safety', 'public_space', 'traffic', 'housing', 'environment', 'other'];
export const OUTCOMES = ['adopted', 'partly_adopted', 'not_adopted'];

async function toError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML page: the status line is all there is.
  }
  const message = typeof body?.error === 'string' ? body.error : response.statusText;
  const err = new ApiError(response.status, message);
  err.detail = typeof body?.error === 'string' ? body.error : '';
  err.allowed = Array.isArray(body?.allowed) ? body.allowed.filter((s) => typeof s === 'string') : [];
  return err;
}

// method, path and a body: JSON for a plain object, sent as is (with its type) for a Blob.
async function call(method, path, body, { type } = {}) {
  const init = {
    method,
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'same-origin',
  };
  if (body instanceof Blob) {
    init.headers['Content-Type'] = type || body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, err?.message || 'network error');
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const enc = encodeURIComponent;

// filters: {council, status (a status or 'overdue'), theme, year, meeting}; empty ones are
// left out.
export function listQuery(filters = {}) {
  const params = new URLSearchParams();
  for (const key of ['council', 'status', 'theme', 'year', 'meeting']) {
    if (filters[key] !== undefined && filters[key] !== null && filters[key] !== '') {
      params.set(key, String(filters[key]));
    }
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export async function listAdvices(filters) {
  const body = await call('GET', `/api/advices${listQuery(filters)}`);
  return Array.isArray(body?.advices) ? body.advices : [];
}

export function getAdvice(id) {
  return call('GET', `/api/advices/${enc(id)}`);
}

export async function listEvents(id) {
  const body = await call('GET', `/api/advices/${enc(id)}/events`);
  return Array.isArray(body?.events) ? body.events : [];
}

export function createAdvice(fields) {
  return call('POST', '/api/advices', fields);
}

// Field changes and/or a move ({status, sent_at, …}): the advice as it is now.
export function updateAdvice(id, change) {
  return call('PATCH', `/api/advices/${enc(id)}`, change);
}

export function addNote(id, note) {
  return call('POST', `/api/advices/${enc(id)}/events`, { note });
}

// A PDF (a File from <input type=file>) as the request body; kind 'advice' or 'response'.
export function uploadAttachment(id, file, { kind, name }) {
  const query = new URLSearchParams({ kind, name: name || file.name || 'bestand.pdf' });
  return call('POST', `/api/advices/${enc(id)}/attachments?${query}`, file, { type: 'application/pdf' });
}

export function deleteAttachment(id, attachmentId) {
  return call('DELETE', `/api/advices/${enc(id)}/attachments/${enc(attachmentId)}`);
}

export async function listCouncils() {
  const body = await call('GET', '/api/councils');
  return Array.isArray(body?.councils) ? body.councils : [];
}

export async function listMeetings(council) {
  const body = await call('GET', `/api/meetings${council ? `?council=${enc(council)}` : ''}`);
  return Array.isArray(body?.meetings) ? body.meetings : [];
}

// The meeting with its agenda (the agenda API for a server whose meeting has none).
export async function getMeeting(id) {
  const meeting = await call('GET', `/api/meetings/${enc(id)}`);
  if (meeting && !Array.isArray(meeting.agenda)) {
    const body = await call('GET', `/api/meetings/${enc(id)}/agenda`);
    meeting.agenda = Array.isArray(body?.items) ? body.items : [];
  }
  return meeting;
}

// The subscription addresses, for one council or all.
export function feedUrls(council) {
  const query = council ? `?council=${enc(council)}` : '';
  return {
    atom: `/advices.atom${query}`,
    ics: `/advices.ics${query}`,
    json: '/api/advices.json',
  };
}

// The advice id in /advices/{id}; null when the address has none.
export function adviceIdFromPath(pathname = location.pathname) {
  const match = /^\/advices\/([0-9]{1,15})\/?$/.exec(pathname);
  return match ? match[1] : null;
}

// The moves the status table (docs/advices.md) offers from an advice as it is now, with
// their conditions: escalating a sent advice only once it is overdue, an answered one only
// when the answer was "not adopted". The server decides; this only keeps the page from
// offering what it would refuse.
export function movesFrom(advice) {
  switch (advice?.status) {
    case 'draft':
      return ['sent', 'withdrawn'];
    case 'sent':
      return advice.overdue ? ['answered', 'escalated', 'withdrawn'] : ['answered', 'withdrawn'];
    case 'answered':
      return advice.outcome === 'not_adopted' ? ['escalated'] : [];
    case 'escalated':
      return ['answered', 'withdrawn'];
    case 'withdrawn':
      return ['draft'];
    default:
      return [];
  }
}
