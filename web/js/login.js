// login.js — the login page (/login): user name and password → POST /api/session, which
// sets the HttpOnly session cookie; then on to ?next= (only a path on this site) or, without
// one, to the page that fits the role (the secretary's admin page, else the front page).

import { ApiError } from './api.js';
import { currentUser, request, safeNext } from './admin-api.js';
import { initI18n, setText } from './i18n.js';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('login-form'),
  username: $('username'),
  password: $('password'),
  submit: $('submit'),
  status: $('login-status'),
  error: $('login-error'),
  already: $('already'),
  alreadyText: $('already-text'),
  alreadyContinue: $('already-continue'),
};

function destination(user) {
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  if (next) return next;
  return user?.role === 'admin' ? '/admin' : '/';
}

function showError(key, vars = {}, field = null) {
  setText(els.status, null);
  setText(els.error, key, vars);
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
}

async function logIn() {
  const username = els.username.value.trim();
  const password = els.password.value;
  for (const el of [els.username, els.password]) el.removeAttribute('aria-invalid');
  if (!username) return showError('login.error.noUsername', {}, els.username);
  if (!password) return showError('login.error.noPassword', {}, els.password);

  els.submit.disabled = true;
  setText(els.error, null);
  setText(els.status, 'login.status.checking');
  try {
    const body = await request('POST', '/api/session', { username, password });
    setText(els.status, 'login.status.welcome', { name: body?.user?.username ?? username });
    document.body.dataset.loggedIn = 'true';
    location.assign(destination(body?.user));
  } catch (err) {
    els.submit.disabled = false;
    if (err instanceof ApiError && err.status === 401) {
      els.password.value = '';
      showError('login.error.wrong', {}, els.password);
    } else if (err instanceof ApiError && err.status === 0) {
      showError('admin.error.network');
    } else {
      showError('admin.error.other', { message: err.message });
    }
  }
}

async function main() {
  await initI18n();
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    logIn();
  });
  try {
    const user = await currentUser();
    if (user) {
      setText(els.alreadyText, 'login.already', { name: user.username });
      els.alreadyContinue.href = destination(user);
      els.already.hidden = false;
    }
  } catch {
    // Cannot tell: the form is there either way.
  }
  document.body.dataset.ready = 'true';
  els.username.focus();
}

main();
