// admin-api.js — what the staff pages (login, admin, chair console) share: JSON requests
// with the session cookie, who is logged in, the access gate (401 → the login page,
// another role → "no access"), the log-out button, a confirmation dialog, the API's
// errors in plain words, and local date and time <-> ISO 8601.
//
// The session is the HttpOnly cookie tribune_session that POST /api/session sets; the
// pages never see the token. Reading councils and meetings is public, so a page asks
// GET /api/session first to know whether to show anything at all.

import { ApiError, currentUser, request } from './api.js';

export { currentUser, request };
import { language, setText } from './i18n.js';

// Only same-site paths: "/chair/3?lang=en" yes; "//evil.example", "https://…", "/\\x" no.
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') ||
      next.includes('\\') || /[\u0000-\u001f]/.test(next)) return null;
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin || url.pathname === '/login') return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

export function loginUrl() {
  return `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

// To the login page, coming back here afterwards.
export function goToLogin() {
  location.assign(loginUrl());
}

// Show the "no access" block instead of the page's content.
export function showNoAccess(user) {
  document.body.dataset.access = 'denied';
  const content = document.getElementById('content');
  if (content) content.hidden = true;
  const block = document.getElementById('no-access');
  block.hidden = false;
  if (user) setText(document.getElementById('no-access-who'), 'login.noAccessWho', { name: user.username });
  document.getElementById('no-access-title').focus();
}

// The page's gate: the user when their role is one of roles; otherwise the page goes to
// the login page (not logged in) or says "no access", and this returns null.
export async function requireRole(roles) {
  let user;
  try {
    user = await currentUser();
  } catch (err) {
    console.warn('tribune: could not ask who is logged in', err);
    throw err;
  }
  if (!user) {
    goToLogin();
    return null;
  }
  showSessionBar(user);
  if (!roles.includes(user.role)) {
    showNoAccess(user);
    return null;
  }
  document.body.dataset.access = 'granted';
  return user;
}

// After an action the API refused: 401 (the session ended) goes to the login page, 403
// shows "no access". Returns true when it handled the error.
export function handleAuthError(err) {
  if (!(err instanceof ApiError)) return false;
  if (err.status === 401) {
    goToLogin();
    return true;
  }
  if (err.status === 403) {
    showNoAccess(null);
    return true;
  }
  return false;
}

function showSessionBar(user) {
  const bar = document.getElementById('session-bar');
  if (!bar) return;
  setText(document.getElementById('session-user'), 'login.loggedInAs', { name: user.username });
  bar.hidden = false;
}

export async function logOut() {
  try {
    await request('DELETE', '/api/session');
  } catch (err) {
    // 401: the session had already ended. Either way, on to the login page.
    if (!(err instanceof ApiError) || err.status !== 401) console.warn('tribune: log out', err);
  }
  location.assign('/login');
}

export function bindLogOut() {
  document.getElementById('logout')?.addEventListener('click', logOut);
}

// A modal question with two buttons; resolves true for the confirming one. Uses the page's
// <dialog id="confirm-dialog"> (title, text, ok and cancel buttons inside). Escape cancels;
// the focus goes back to where it was.
export function confirmDialog({ titleKey, textKey, vars = {}, okKey }) {
  const dialog = document.getElementById('confirm-dialog');
  const ok = dialog.querySelector('.confirm-ok');
  const cancel = dialog.querySelector('.confirm-cancel');
  setText(dialog.querySelector('.confirm-title'), titleKey, vars);
  setText(dialog.querySelector('.confirm-text'), textKey, vars);
  setText(ok, okKey);
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const done = (answer) => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    const onOk = () => done(true);
    const onCancel = () => done(false);
    const onClose = () => done(false);
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    cancel.focus(); // the safe choice first
  });
}

// An API error as [key, vars] for setText. conflictKey names the page's words for 409 (what
// "conflict" means depends on the action); notFoundKey likewise for 404.
export function explainError(err, { conflictKey, notFoundKey } = {}) {
  if (!(err instanceof ApiError) || err.status === 0) return ['admin.error.network'];
  if (err.status === 409 && conflictKey) return [conflictKey];
  if (err.status === 404) return [notFoundKey ?? 'admin.error.notFound'];
  if (err.status === 403) return ['admin.error.forbidden'];
  if (err.status === 400) return ['admin.error.badInput', { message: err.message }];
  if (err.status >= 500) return ['admin.error.server'];
  return ['admin.error.other', { message: err.message || `HTTP ${err.status}` }];
}

// "2026-12-01" + "20:00" in the browser's zone → "2026-12-01T20:00:00+01:00".
export function localToIso(date, time) {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const when = new Date(y, mo - 1, d, h, mi, 0, 0);
  if (Number.isNaN(when.getTime())) return null;
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -when.getTimezoneOffset(); // minutes east of UTC
  const sign = offset >= 0 ? '+' : '-';
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}` +
    `T${pad(when.getHours())}:${pad(when.getMinutes())}:00` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

// An ISO time from the API → {date: "2026-12-01", time: "20:00"} in the browser's zone.
export function isoToLocal(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return { date: '', time: '' };
  const pad = (n) => String(n).padStart(2, '0');
  return {
    date: `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`,
    time: `${pad(when.getHours())}:${pad(when.getMinutes())}`,
  };
}

// "dinsdag 1 december 2026 om 20:00" — in the page's language.
export function formatWhen(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso ?? '';
  return new Intl.DateTimeFormat(language(), { dateStyle: 'full', timeStyle: 'short' }).format(when);
}

export const AGENDA_KINDS = ['opening', 'inspreken', 'advice', 'discussion', 'rondvraag', 'closing'];
