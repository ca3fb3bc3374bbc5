// questions-api.js — residents' questions: what the room page, the chair console and the
// archive page ask the server, where the room page keeps the resident's own questions, and
// the API's refusals in plain words.
//
// A resident has no account: POST …/questions answers with a token, and the page keeps
// {id, token} per meeting in localStorage (tribune.questions.{meeting}) to follow the
// question's status later (GET /api/questions/{id}?token=). Votes are remembered the same
// way (tribune.votes.{meeting}), so the button stays off after a reload.
//
// 429 answers carry Retry-After (seconds): errors keep it as err.retryAfter, so the page
// can say "try again in 4 minutes". 409 answers may carry {"allowed": […]} (the chair's
// illegal status change).

import { ApiError } from './api.js';
import { t } from './i18n.js';

async function call(method, path, body) {
  const init = {
    method,
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'same-origin',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, err?.message || 'network error');
  }
  if (!response.ok) {
    // {"error": "..."} (and for a refused status change "allowed": […]); a proxy's HTML
    // error page has no body we can use.
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    const err = new ApiError(response.status, typeof body?.error === 'string' ? body.error : response.statusText);
    err.body = body;
    const retry = Number(response.headers.get('Retry-After'));
    if (Number.isFinite(retry) && retry >= 0) err.retryAfter = retry;
    throw err;
  }
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const meetingPath = (id) => `/api/meetings/${encodeURIComponent(id)}`;
const questionPath = (id) => `/api/questions/${encodeURIComponent(id)}`;

export function askQuestion(meetingId, fields) {
  return call('POST', `${meetingPath(meetingId)}/questions`, fields);
}

// token: the asker's own questions are included too.
export async function listQuestions(meetingId, token) {
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const body = await call('GET', `${meetingPath(meetingId)}/questions${query}`);
  return Array.isArray(body?.questions) ? body.questions : [];
}

export function getOwnQuestion(id, token) {
  return call('GET', `${questionPath(id)}?token=${encodeURIComponent(token)}`);
}

export function vote(id) {
  return call('POST', `${questionPath(id)}/votes`);
}

// changes: {status?, reason?, text?, merged_into?} (chair, admin, member)
export function moderate(id, changes) {
  return call('PATCH', questionPath(id), changes);
}

export function setOnScreen(id, on) {
  return call(on ? 'POST' : 'DELETE', `${questionPath(id)}/screen`);
}

export async function moderationLog(meetingId) {
  const body = await call('GET', `${meetingPath(meetingId)}/moderation`);
  return Array.isArray(body?.log) ? body.log : [];
}

// ---- what this browser remembers ----------------------------------------------------------

function readList(key) {
  try {
    const list = JSON.parse(localStorage.getItem(key) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return []; // storage blocked or garbled: start afresh
  }
}

function writeList(key, list) {
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Not remembered; the page still shows it until it is closed.
  }
}

// [{id, token}] of the questions asked from this browser in this meeting.
export function ownQuestions(meetingId) {
  return readList(`tribune.questions.${meetingId}`)
    .filter((q) => q && (typeof q.id === 'number' || typeof q.id === 'string') && typeof q.token === 'string');
}

export function rememberOwn(meetingId, id, token) {
  const list = ownQuestions(meetingId).filter((q) => String(q.id) !== String(id));
  list.push({ id, token });
  writeList(`tribune.questions.${meetingId}`, list);
}

export function votedFor(meetingId) {
  return new Set(readList(`tribune.votes.${meetingId}`).map(String));
}

export function rememberVote(meetingId, id) {
  const set = votedFor(meetingId);
  set.add(String(id));
  writeList(`tribune.votes.${meetingId}`, [...set]);
}

// ---- words --------------------------------------------------------------------------------

export const REASON_CODES = ['duplicate', 'off_topic', 'not_for_council', 'abusive', 'already_answered'];
// Reasons the server writes in the moderation log by itself (not a chair's choice).
const LOG_REASON_CODES = ['meeting_ended'];

// A decline reason: the translation for a code, anything else as the chair typed it.
export function reasonText(reason) {
  if (typeof reason !== 'string' || !reason) return '';
  const known = REASON_CODES.includes(reason) || LOG_REASON_CODES.includes(reason);
  return known ? (t(`questions.reasons.${reason}`) ?? reason) : reason;
}

// An API error as [key, vars] for setText. closedKey: what a 409 means here.
export function explainQuestionError(err, { conflictKey = 'questions.error.conflict' } = {}) {
  if (!(err instanceof ApiError) || err.status === 0) return ['questions.error.network'];
  if (err.status === 429) {
    if (typeof err.retryAfter === 'number') {
      return ['questions.error.rateLimited', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) }];
    }
    return ['questions.error.rateLimitedSoon'];
  }
  if (err.status === 409) return [conflictKey];
  if (err.status === 404) return ['questions.error.notFound'];
  if (err.status === 401 || err.status === 403) return ['questions.error.forbidden'];
  if (err.status === 400) return ['questions.error.badInput', { message: err.message }];
  if (err.status >= 500) return ['questions.error.server'];
  return ['questions.error.other', { message: err.message || `HTTP ${err.status}` }];
}

// "Van Anna uit Bloemhof" from a question's name and neighbourhood, or null for neither.
// Each is wrapped in Unicode isolates (FSI … PDI), so right-to-left text or a stray
// direction override in a name cannot turn the sentence around it.
export function askerLine(q) {
  const isolate = (s) => (s ? `\u2068${s}\u2069` : '');
  const name = isolate(typeof q?.name === 'string' ? q.name.trim() : '');
  const place = isolate(typeof q?.neighbourhood === 'string' ? q.neighbourhood.trim() : '');
  if (name && place) return ['questions.from.both', { name, neighbourhood: place }];
  if (name) return ['questions.from.name', { name }];
  if (place) return ['questions.from.neighbourhood', { neighbourhood: place }];
  return null;
}
