// archive-format.js — dates and times as the visitor reads them: in the page's language
// and the browser's own time zone (the server speaks UTC), and playback positions as
// m:ss or h:mm:ss.

import { language } from './i18n.js';

function parse(iso) {
  const date = typeof iso === 'string' ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

// "1 december 2026 om 20:00" / "1 December 2026 at 20:00"; '' for no date.
export function formatDateTime(iso) {
  const date = parse(iso);
  if (!date) return '';
  return new Intl.DateTimeFormat(language(), { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

// "dinsdag 1 december 2026"
export function formatDate(iso) {
  const date = parse(iso);
  if (!date) return '';
  return new Intl.DateTimeFormat(language(), {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  }).format(date);
}

// The machine-readable value for <time datetime>.
export function isoAttr(iso) {
  return parse(iso)?.toISOString() ?? '';
}

// 75 → "1:15", 3725 → "1:02:05"; negative or missing counts as 0.
export function formatOffset(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

// A date from <input type=date> ("2026-12-01") as the start of that day in the browser's
// zone, in ISO 8601 UTC; dayAfter gives the start of the next day (an inclusive "to").
export function dayStartIso(value, { dayAfter = false } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (dayAfter ? 1 : 0));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
