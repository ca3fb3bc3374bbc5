// admin.js — the secretary's page (/admin, role admin): councils and staff accounts here;
// meetings and their agendas in admin-meetings.js. Without a session the page sends the
// visitor to /login?next=/admin; another role sees "no access".
//
// Every list is drawn from what the API answered, with the server's text inserted as text.
// After a change the page asks the server again instead of guessing, so what the secretary
// sees is what the residents and the chair will see.

import { ApiError } from './api.js';
import {
  bindLogOut, confirmDialog, explainError, handleAuthError, logOut, request, requireRole,
} from './admin-api.js';
import { initMeetings } from './admin-meetings.js';
import { applyTranslations, initI18n, setText } from './i18n.js';

const $ = (id) => document.getElementById(id);
const SLUG = /^[a-z0-9-]{1,64}$/;

const state = {
  user: null,
  councils: [],
  rooms: [],
};

// ---- councils ----------------------------------------------------------------------------

const councilEls = {
  list: $('council-list'),
  empty: $('councils-empty'),
  form: $('council-form'),
  name: $('council-name'),
  slug: $('council-slug'),
  term: $('council-term'),
  submit: $('council-submit'),
  status: $('council-status'),
  error: $('council-error'),
};
let slugTouched = false;
let meetings = null; // the meetings part, once started

// "Wijkraad Noord-Oost é" → "wijkraad-noord-oost-e": a suggestion the secretary may change.
function slugify(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}

function renderCouncils() {
  councilEls.list.replaceChildren(...state.councils.map((council) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'list-name';
    name.textContent = council.name;
    const slug = document.createElement('span');
    slug.className = 'list-meta';
    setText(slug, 'admin.councils.slugShown', { slug: council.slug });
    const term = document.createElement('span');
    term.className = 'list-meta';
    if (council.advice_term_days) setText(term, 'admin.councils.termShown', { count: council.advice_term_days });
    li.append(name, ' ', slug, ' ', term);
    return li;
  }));
  councilEls.empty.hidden = state.councils.length > 0;
  meetings?.councilsChanged();
}

async function loadCouncils() {
  const body = await request('GET', '/api/councils');
  state.councils = Array.isArray(body?.councils) ? body.councils : [];
  renderCouncils();
}

function councilFieldError(key, field) {
  setText(councilEls.status, null);
  setText(councilEls.error, key);
  field.setAttribute('aria-invalid', 'true');
  field.focus();
}

async function addCouncil() {
  const name = councilEls.name.value.trim();
  const slug = councilEls.slug.value.trim();
  const term = Number(councilEls.term.value);
  for (const el of [councilEls.name, councilEls.slug, councilEls.term]) el.removeAttribute('aria-invalid');
  if (!name) return councilFieldError('admin.councils.error.noName', councilEls.name);
  if (!SLUG.test(slug)) return councilFieldError('admin.councils.error.slug', councilEls.slug);
  if (!Number.isInteger(term) || term < 1 || term > 365) {
    return councilFieldError('admin.councils.error.term', councilEls.term);
  }

  councilEls.submit.disabled = true;
  setText(councilEls.error, null);
  try {
    const council = await request('POST', '/api/councils', { name, slug, advice_term_days: term });
    councilEls.form.reset();
    slugTouched = false;
    await loadCouncils();
    setText(councilEls.status, 'admin.councils.added', { name: council?.name ?? name });
  } catch (err) {
    if (handleAuthError(err)) return;
    setText(councilEls.status, null);
    setText(councilEls.error, ...explainError(err, { conflictKey: 'admin.councils.error.exists' }));
    if (err instanceof ApiError && err.status === 409) councilEls.slug.focus();
  } finally {
    councilEls.submit.disabled = false;
  }
}

function initCouncils() {
  councilEls.name.addEventListener('input', () => {
    if (!slugTouched) councilEls.slug.value = slugify(councilEls.name.value);
  });
  councilEls.slug.addEventListener('input', () => {
    slugTouched = councilEls.slug.value !== '';
  });
  councilEls.form.addEventListener('submit', (event) => {
    event.preventDefault();
    addCouncil();
  });
}

// ---- accounts ----------------------------------------------------------------------------

const userEls = {
  list: $('user-list'),
  unavailable: $('users-unavailable'),
  listError: $('users-error'),
  form: $('user-form'),
  name: $('user-name'),
  role: $('user-role'),
  password: $('user-password'),
  submit: $('user-submit'),
  status: $('user-status'),
  error: $('user-error'),
  newPassword: $('new-password'),
  newPasswordText: $('new-password-text'),
  newPasswordValue: $('new-password-value'),
};
let users = [];

function renderUsers() {
  userEls.list.replaceChildren(...users.map((user) => {
    const li = document.createElement('li');
    li.dataset.userId = String(user.id);
    const text = document.createElement('span');
    const name = document.createElement('span');
    name.className = 'list-name';
    name.textContent = user.username;
    const role = document.createElement('span');
    role.className = 'list-meta';
    setText(role, `admin.roles.${user.role}`);
    text.append(name, ' ', role);
    li.append(text);
    if (user.id === state.user.id) {
      const self = document.createElement('span');
      self.className = 'list-meta';
      setText(self, 'admin.users.you');
      text.append(' ', self);
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-quiet-danger small';
      const label = document.createElement('span');
      setText(label, 'admin.delete');
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = ` (${user.username})`;
      button.append(label, hidden);
      button.addEventListener('click', () => deleteUser(user));
      li.append(button);
    }
    return li;
  }));
}

async function loadUsers() {
  try {
    const body = await request('GET', '/api/users');
    users = Array.isArray(body?.users) ? body.users : [];
    renderUsers();
    setText(userEls.listError, null);
  } catch (err) {
    if (handleAuthError(err)) return;
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
      // This server has no accounts API yet: say how it is done instead.
      userEls.unavailable.hidden = false;
      userEls.form.hidden = true;
      userEls.list.hidden = true;
      return;
    }
    setText(userEls.listError, ...explainError(err));
  }
}

async function addUser() {
  const username = userEls.name.value.trim();
  const password = userEls.password.value;
  userEls.name.removeAttribute('aria-invalid');
  userEls.newPassword.hidden = true;
  userEls.newPasswordValue.textContent = '';
  if (!username) {
    setText(userEls.status, null);
    setText(userEls.error, 'admin.users.error.noName');
    userEls.name.setAttribute('aria-invalid', 'true');
    userEls.name.focus();
    return;
  }
  const body = { username, role: userEls.role.value };
  if (password) body.password = password;
  userEls.submit.disabled = true;
  setText(userEls.error, null);
  try {
    const created = await request('POST', '/api/users', body);
    userEls.form.reset();
    await loadUsers();
    setText(userEls.status, 'admin.users.added', { name: created?.username ?? username });
    if (created?.password) {
      setText(userEls.newPasswordText, 'admin.users.generated', { name: created.username ?? username });
      userEls.newPasswordValue.textContent = created.password;
      userEls.newPassword.hidden = false;
    }
  } catch (err) {
    if (handleAuthError(err)) return;
    setText(userEls.status, null);
    setText(userEls.error, ...explainError(err, { conflictKey: 'admin.users.error.exists' }));
  } finally {
    userEls.submit.disabled = false;
  }
}

async function deleteUser(user) {
  const yes = await confirmDialog({
    titleKey: 'admin.users.deleteTitle',
    textKey: 'admin.users.deleteText',
    vars: { name: user.username },
    okKey: 'admin.users.deleteOk',
  });
  if (!yes) return;
  try {
    await request('DELETE', `/api/users/${encodeURIComponent(user.id)}`);
    await loadUsers();
    setText(userEls.status, 'admin.users.deleted', { name: user.username });
    userEls.name.focus();
  } catch (err) {
    if (handleAuthError(err)) return;
    setText(userEls.listError, ...explainError(err, { conflictKey: 'admin.users.error.inUse' }));
  }
}

function initUsers() {
  userEls.form.addEventListener('submit', (event) => {
    event.preventDefault();
    addUser();
  });
}

// ---- the page ----------------------------------------------------------------------------

async function loadRooms() {
  const body = await request('GET', '/api/rooms');
  state.rooms = Array.isArray(body?.rooms) ? body.rooms : [];
}

async function main() {
  await initI18n();
  bindLogOut();
  $('other-account').addEventListener('click', (event) => {
    event.preventDefault();
    logOut();
  });
  const pageStatus = $('page-status');
  let user;
  try {
    user = await requireRole(['admin']);
  } catch (err) {
    setText(pageStatus, ...explainError(err));
    return;
  }
  if (!user) {
    setText(pageStatus, null);
    return;
  }
  state.user = user;
  initCouncils();
  initUsers();
  try {
    await Promise.all([loadCouncils(), loadRooms()]);
    meetings = initMeetings(state);
    meetings.councilsChanged();
    await Promise.all([meetings.load(), loadUsers()]);
  } catch (err) {
    if (handleAuthError(err)) return;
    setText(pageStatus, ...explainError(err));
    return;
  }
  $('content').hidden = false;
  setText(pageStatus, null);
  applyTranslations($('content'));
  document.body.dataset.ready = 'true';
}

main();
