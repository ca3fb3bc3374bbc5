// advice-format.js — an advice as the visitor reads it, on every page of the tracker: its
// status as a badge, the clock ("Nog 12 dagen", "Vandaag de laatste dag", "17 dagen te
// laat", "Beantwoord op 3 november 2026"), the calendar dates of its life, and the labels
// of kinds, themes and outcomes.
//
// The advice's dates (sent_at, deadline, answered_at, escalated_at) are calendar days in
// the council's zone, "YYYY-MM-DD": they are written out as that day, never moved to the
// browser's zone. The server computes overdue / days_left / days_overdue; the page only
// words them. Overdue is said in words and with an icon, never by colour alone.

import { language, setText, t } from './i18n.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

// "2026-11-10" → "10 november 2026" (the page's language); '' for no date.
export function formatDay(value) {
  const match = DAY.exec(value || '');
  if (!match) return '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language(), {
    day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(date);
}

// An instant (ISO 8601) as the day it was in the browser's zone: "28 november 2026".
export function formatInstantDay(iso) {
  const date = typeof iso === 'string' ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language(), { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

// The local calendar day of an instant, "YYYY-MM-DD" (to compare with the advice's days).
export function instantToDay(iso) {
  const date = typeof iso === 'string' ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// Today in the browser's zone, "YYYY-MM-DD" (the default and maximum of the date fields).
export function today() {
  return instantToDay(new Date().toISOString());
}

// 48211 → "47 kB"
export function formatBytes(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return '';
  const format = (value, unit) => new Intl.NumberFormat(language(), {
    style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
  if (n < 1024) return format(n, 'byte');
  if (n < 1024 * 1024) return format(n / 1024, 'kilobyte');
  return format(n / (1024 * 1024), 'megabyte');
}

// What the clock says about an advice: {state, key, vars}. state is one of overdue,
// lastday, running, answered, draft, withdrawn, escalated (waiting, without deadline).
export function clockOf(advice) {
  const status = advice?.status;
  if (status === 'answered' || advice?.answered_at) {
    return { state: 'answered', key: 'advices.clock.answered', vars: { date: formatDay(advice.answered_at) } };
  }
  if (status === 'draft') return { state: 'draft', key: 'advices.clock.draft', vars: {} };
  if (status === 'withdrawn') return { state: 'withdrawn', key: 'advices.clock.withdrawn', vars: {} };
  const overdue = Number(advice?.days_overdue);
  if (advice?.overdue && Number.isFinite(overdue)) {
    return { state: 'overdue', key: 'advices.clock.overdue', vars: { count: overdue } };
  }
  const left = Number(advice?.days_left);
  if (advice?.days_left !== null && advice?.days_left !== undefined && Number.isFinite(left)) {
    if (left === 0) return { state: 'lastday', key: 'advices.clock.lastDay', vars: {} };
    return { state: 'running', key: 'advices.clock.daysLeft', vars: { count: left } };
  }
  return { state: 'escalated', key: 'advices.clock.waiting', vars: {} };
}

// Fill a clock element: an icon (for overdue and the last day) and the words. The element
// gets data-clock=state for the page's style. Returns the state.
export function renderClock(el, advice) {
  const clock = clockOf(advice);
  el.classList.add('clock');
  el.dataset.clock = clock.state;
  let icon = el.querySelector('.clock-icon');
  let text = el.querySelector('.clock-text');
  if (!icon || !text) {
    icon = document.createElement('span');
    icon.className = 'clock-icon';
    icon.setAttribute('aria-hidden', 'true');
    text = document.createElement('span');
    text.className = 'clock-text';
    el.replaceChildren(icon, text);
  }
  // A plain "!" drawn in a circle by the style sheet (an emoji may lack a font).
  icon.textContent = clock.state === 'overdue' || clock.state === 'lastday' ? '!' : '';
  icon.hidden = !icon.textContent;
  setText(text, clock.key, clock.vars);
  return clock.state;
}

// "Antwoord uiterlijk 10 november 2026" for a running (or passed) deadline, else null.
export function deadlineLine(advice) {
  if (!advice?.deadline || advice.answered_at || !['sent', 'escalated'].includes(advice.status)) return null;
  return ['advices.clock.deadline', { date: formatDay(advice.deadline) }];
}

// A status badge: the status in words (overdue shows as its own word too).
export function renderStatus(el, advice) {
  const status = advice?.status || 'draft';
  el.classList.add('status-badge');
  el.dataset.status = status;
  setText(el, `advices.status.${status}`);
}

export function kindLabel(kind) {
  return t(`advices.kind.${kind}`) ?? kind ?? '';
}

export function themeLabel(theme) {
  return t(`advices.theme.${theme}`) ?? theme ?? '';
}
