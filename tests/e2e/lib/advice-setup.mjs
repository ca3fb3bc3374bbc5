// advice-setup.mjs — data for the advice tracker's tests, made through the real HTTP API as
// the secretary would: a meeting that was held (started, items made current a few seconds
// apart so the recording has chapters, ended), and advices in each state. Dates are the
// council's calendar days (Europe/Amsterdam, the default time_zone), as docs/advices.md
// says the server counts them.

import { sleep } from './meeting-setup.mjs';

export const ZONE = 'Europe/Amsterdam';

// Today in the council's zone, "YYYY-MM-DD".
export function councilToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now);
}

// A browser's local day (the date fields' default): the test machine's zone.
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function toUtc(day) {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function addDays(day, n) {
  return new Date(toUtc(day) + n * 86400000).toISOString().slice(0, 10);
}

// b − a in days.
export function daysBetween(a, b) {
  return Math.round((toUtc(b) - toUtc(a)) / 86400000);
}

// "2026-11-10" → "10 november 2026" (nl) / "November 10, 2026" (en), as the pages write it.
export function longDay(day, lang = 'nl') {
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(toUtc(day)));
}

// Hold a meeting as a chair would: start, each [item index, ms] current in turn, end.
export async function holdMeeting(api, meeting, items, plan) {
  await api('POST', `/api/meetings/${meeting.id}/start`);
  for (const [index, pause] of plan) {
    await api('POST', `/api/meetings/${meeting.id}/agenda/${items[index].id}/current`);
    await sleep(pause);
  }
  await api('POST', `/api/meetings/${meeting.id}/end`);
}

// The meeting once its recording is there (the recorder finishes shortly after the end).
export async function recordedMeeting(api, server, id, { timeout = 45000 } = {}) {
  const deadline = Date.now() + timeout;
  let meeting;
  while (Date.now() < deadline) {
    meeting = await api('GET', `/api/meetings/${id}`);
    if (meeting.recording?.hls && meeting.agenda?.some((item) => item.chapter)) return meeting;
    await sleep(500);
  }
  throw new Error(`meeting ${id} has no recording after ${timeout} ms: ${JSON.stringify(meeting)}\n` +
    server.log().split('\n').slice(-30).join('\n'));
}

// An advice moved through its states with the API: {fields, sent, answer, escalate, note}.
export async function makeAdvice(api, { fields, sent, answer, escalate, notes = [] }) {
  let advice = await api('POST', '/api/advices', fields);
  if (sent) advice = await api('PATCH', `/api/advices/${advice.id}`, { status: 'sent', sent_at: sent });
  for (const note of notes) await api('POST', `/api/advices/${advice.id}/events`, { note });
  if (answer) advice = await api('PATCH', `/api/advices/${advice.id}`, { status: 'answered', ...answer });
  if (escalate) advice = await api('PATCH', `/api/advices/${advice.id}`, { status: 'escalated', ...escalate });
  return api('GET', `/api/advices/${advice.id}`);
}

// A small but real PDF (one empty page).
export function tinyPdf(text = 'Advies') {
  const body = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
% ${text}
trailer << /Root 1 0 R >>
%%EOF
`;
  return Buffer.from(body, 'latin1');
}

// Upload a PDF as the secretary's token would: the file as the body.
export async function uploadPdf(server, token, adviceId, { kind = 'advice', name = 'advies.pdf', body = tinyPdf() } = {}) {
  const response = await fetch(`${server.url}/api/advices/${adviceId}/attachments?kind=${kind}&name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
    body,
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`upload ${name}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}
