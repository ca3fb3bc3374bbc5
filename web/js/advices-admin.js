// advices-admin.js — the secretary's advice tracker (/admin/advices, role admin): the list
// of advices (by council), and one form that writes a new advice (a draft) or, after
// "Bijwerken", changes one. The form picks the agenda items where the advice was discussed:
// the council's meetings (GET /api/meetings?council=…), then that meeting's agenda as
// checkboxes; the chosen ones stay listed across meetings. The moves the status allows, the
// progress notes and the PDFs are in advices-admin-moves.js.
//
// Without a session the page goes to /login?next=/admin/advices; another role sees "no
// access". After every change the page asks the server again, so what the secretary sees
// is what residents see on /advices.

import {
  bindLogOut, logOut, requireRole,
} from './admin-api.js';
import {
  createAdvice, getAdvice, getMeeting, listAdvices, listCouncils, listMeetings, THEMES, updateAdvice,
} from './advices-api.js';
import { showError } from './advices-admin-errors.js';
import { initMoves } from './advices-admin-moves.js';
import { renderClock, renderStatus } from './advice-format.js';
import { formatDateTime } from './archive-format.js';
import { applyTranslations, initI18n, setText, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

const els = {
  listCouncil: $('list-council'),
  listStatus: $('list-status'),
  listError: $('list-error'),
  list: $('advice-list'),
  template: $('admin-advice-template'),
  newAdvice: $('new-advice'),
  editor: $('editor'),
  form: $('advice-form'),
  formTitle: $('form-title'),
  council: $('f-council'),
  title: $('f-title'),
  summary: $('f-summary'),
  text: $('f-text'),
  theme: $('f-theme'),
  addressee: $('f-addressee'),
  meeting: $('f-meeting'),
  choices: $('f-item-choices'),
  itemsStatus: $('f-items-status'),
  chosen: $('f-chosen'),
  chosenNone: $('f-chosen-none'),
  submit: $('f-submit'),
  cancel: $('f-cancel'),
  status: $('f-status'),
  error: $('f-error'),
};

const state = {
  councils: [],
  advices: [],
  editing: null,        // the advice the form changes, or null for a new one
  chosen: new Map(),    // agenda item id → {id, title, position, meeting_title}
  meetings: [],         // the form council's meetings
  agenda: null,         // the meeting whose items are shown as checkboxes: {id, items}
};
let moves = null;

const kindInputs = () => [...document.querySelectorAll('input[name="f-kind"]')];

// ---- the list ----------------------------------------------------------------------------

function card(advice) {
  const li = els.template.content.firstElementChild.cloneNode(true);
  applyTranslations(li);
  li.dataset.id = String(advice.id);
  li.dataset.status = advice.status;
  li.querySelector('.card-title').textContent = advice.title || '';
  renderStatus(li.querySelector('.advice-status'), advice);
  li.querySelector('.advice-council').textContent = advice.council_name || advice.council || '';
  renderClock(li.querySelector('.advice-clock'), advice);
  for (const name of li.querySelectorAll('.item-name')) name.textContent = ` (${advice.title || ''})`;
  li.querySelector('.edit-button').addEventListener('click', () => startEdit(advice.id));
  li.querySelector('.view-link').href = `/advices/${encodeURIComponent(advice.id)}`;
  return li;
}

function renderList() {
  const focusedId = document.activeElement?.closest?.('#advice-list [data-id]')?.dataset.id;
  els.list.replaceChildren(...state.advices.map(card));
  if (state.advices.length) setText(els.listStatus, 'advices.list.count', { count: state.advices.length });
  else setText(els.listStatus, 'advices.admin.listEmpty');
  if (focusedId) els.list.querySelector(`[data-id="${focusedId}"] .edit-button`)?.focus();
}

async function loadList() {
  try {
    state.advices = await listAdvices({ council: els.listCouncil.value });
    setText(els.listError, null);
    renderList();
  } catch (err) {
    showError(els.listError, err, els.listStatus);
  }
}

// ---- the agenda items --------------------------------------------------------------------

function councilSlug() {
  return els.council.value;
}

function renderChosen() {
  const items = [...state.chosen.values()];
  els.chosen.replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    const text = document.createElement('span');
    setText(text, 'advices.admin.chosenItem', {
      position: item.position ?? '', title: item.title || '', meeting: item.meeting_title || '',
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button button-quiet-danger small';
    const label = document.createElement('span');
    setText(label, 'advices.admin.removeItem');
    const name = document.createElement('span');
    name.className = 'visually-hidden';
    name.textContent = ` (${item.title || ''})`;
    remove.append(label, name);
    remove.addEventListener('click', () => {
      state.chosen.delete(item.id);
      renderChosen();
      renderChoices();
      setText(els.itemsStatus, 'advices.admin.itemRemoved', { title: item.title || '' });
      (els.chosen.querySelector('button') || els.meeting).focus();
    });
    li.append(text, ' ', remove);
    return li;
  }));
  els.chosenNone.hidden = items.length > 0;
}

function renderChoices() {
  const agenda = state.agenda;
  if (!agenda) {
    els.choices.replaceChildren();
    return;
  }
  if (!agenda.items.length) {
    const p = document.createElement('p');
    p.className = 'empty';
    setText(p, 'advices.admin.noItems');
    els.choices.replaceChildren(p);
    return;
  }
  els.choices.replaceChildren(...agenda.items.map((item) => {
    const label = document.createElement('label');
    label.className = 'choice';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = String(item.id);
    box.checked = state.chosen.has(item.id);
    box.addEventListener('change', () => {
      if (box.checked) {
        state.chosen.set(item.id, {
          id: item.id, title: item.title, position: item.position, meeting_title: agenda.title,
        });
      } else state.chosen.delete(item.id);
      renderChosen();
    });
    const text = document.createElement('span');
    text.textContent = `${item.position}. ${item.title || ''}`;
    label.append(box, ' ', text);
    return label;
  }));
}

async function loadMeetings() {
  state.meetings = [];
  state.agenda = null;
  renderChoices();
  setText(els.itemsStatus, null);
  const first = els.meeting.options[0];
  els.meeting.replaceChildren(first);
  const council = councilSlug();
  if (!council) return;
  try {
    state.meetings = (await listMeetings(council)).slice().reverse(); // newest first
    els.meeting.append(...state.meetings.map((m) =>
      new Option(`${m.title || ''} (${formatDateTime(m.starts_at)})`, String(m.id))));
  } catch (err) {
    showError(els.error, err, els.status);
  }
}

async function showAgendaOf(meetingId) {
  if (!meetingId) {
    state.agenda = null;
    renderChoices();
    return;
  }
  setText(els.itemsStatus, 'advices.admin.loadingItems');
  try {
    const meeting = await getMeeting(meetingId);
    state.agenda = { id: meeting.id, title: meeting.title, items: meeting.agenda || [] };
    renderChoices();
    setText(els.itemsStatus, 'advices.admin.itemsShown', { count: state.agenda.items.length, meeting: meeting.title || '' });
  } catch (err) {
    setText(els.itemsStatus, null);
    showError(els.error, err, els.status);
  }
}

// ---- the form ----------------------------------------------------------------------------

function setMode(advice) {
  state.editing = advice;
  if (advice) {
    setText(els.formTitle, 'advices.admin.editTitle');
    setText(els.submit, 'advices.admin.save');
  } else {
    setText(els.formTitle, 'advices.admin.newTitle');
    setText(els.submit, 'advices.admin.create');
  }
  els.cancel.hidden = !advice;
  els.council.disabled = Boolean(advice); // an advice stays with its council
}

function clearForm() {
  els.form.reset();
  for (const input of kindInputs()) input.checked = input.value === 'requested';
  state.chosen.clear();
  renderChosen();
  for (const el of [els.title, els.addressee, els.council]) el.removeAttribute('aria-invalid');
}

async function fillForm(advice) {
  els.council.value = advice.council;
  els.title.value = advice.title || '';
  els.summary.value = advice.summary || '';
  els.text.value = advice.text || '';
  for (const input of kindInputs()) input.checked = input.value === advice.kind;
  els.theme.value = advice.theme;
  els.addressee.value = advice.addressee || '';
  state.chosen = new Map((advice.items || []).map((item) => [item.id, {
    id: item.id, title: item.title, position: item.position, meeting_title: item.meeting_title,
  }]));
  renderChosen();
  await loadMeetings();
}

function readForm() {
  return {
    council: els.council.value,
    title: els.title.value.trim(),
    summary: els.summary.value.trim(),
    text: els.text.value.trim(),
    kind: kindInputs().find((i) => i.checked)?.value ?? 'requested',
    theme: els.theme.value,
    addressee: els.addressee.value.trim(),
    items: [...state.chosen.keys()],
  };
}

// Only what changed goes to the server: the timeline then says what was changed.
function changes(advice, fields) {
  const change = {};
  for (const key of ['title', 'summary', 'text', 'kind', 'theme', 'addressee']) {
    if ((advice[key] ?? '') !== fields[key]) change[key] = fields[key];
  }
  const before = (advice.items || []).map((i) => i.id).sort((a, b) => a - b).join(',');
  const after = fields.items.slice().sort((a, b) => a - b).join(',');
  if (before !== after) change.items = fields.items;
  return change;
}

function fieldError(key, field) {
  setText(els.status, null);
  setText(els.error, key);
  field.setAttribute('aria-invalid', 'true');
  field.focus();
}

async function submit() {
  for (const el of [els.title, els.addressee, els.council]) el.removeAttribute('aria-invalid');
  const fields = readForm();
  if (!state.editing && !fields.council) return fieldError('advices.admin.error.noCouncil', els.council);
  if (!fields.title) return fieldError('advices.admin.error.noTitle', els.title);
  if (!fields.addressee) return fieldError('advices.admin.error.noAddressee', els.addressee);

  els.submit.disabled = true;
  setText(els.error, null);
  try {
    if (state.editing) {
      const change = changes(state.editing, fields);
      if (!Object.keys(change).length) {
        setText(els.status, 'advices.admin.nothingChanged');
        return;
      }
      const saved = await updateAdvice(state.editing.id, change);
      await openAdvice(saved, { focus: null });
      setText(els.status, 'advices.admin.saved', { title: saved?.title ?? fields.title });
    } else {
      const created = await createAdvice(fields);
      await openAdvice(created, { focus: 'moves' });
      setText(els.status, 'advices.admin.created', { title: created?.title ?? fields.title });
    }
    await loadList();
  } catch (err) {
    showError(els.error, err, els.status);
  } finally {
    els.submit.disabled = false;
  }
}

// Show an advice in the editor: its moves above, its fields in the form.
async function openAdvice(advice, { focus } = {}) {
  setMode(advice);
  await fillForm(advice);
  moves.show(advice);
  if (focus === 'moves') moves.focus();
  else if (focus === 'heading') moves.focusHeading();
}

async function startEdit(id) {
  setText(els.status, null);
  setText(els.error, null);
  try {
    const advice = await getAdvice(id);
    await openAdvice(advice, { focus: 'heading' });
    els.editor.scrollIntoView({ block: 'start' });
  } catch (err) {
    showError(els.listError, err, els.listStatus);
  }
}

function startNew() {
  clearForm();
  setMode(null);
  moves.hide();
  setText(els.status, null);
  setText(els.error, null);
  loadMeetings();
  els.form.scrollIntoView({ block: 'start' });
  els.title.focus();
}

// A move or a file changed the advice: the form and the list follow.
async function adviceChanged(advice) {
  state.editing = advice;
  await loadList();
}

// ---- the page ----------------------------------------------------------------------------

function fillCouncils() {
  const options = (withAll) => [
    ...(withAll ? [els.listCouncil.options[0]] : []),
    ...state.councils.map((c) => new Option(c.name || c.slug, c.slug)),
  ];
  const keepList = els.listCouncil.value;
  els.listCouncil.replaceChildren(...options(true));
  els.listCouncil.value = keepList;
  const keep = els.council.value;
  els.council.replaceChildren(...options(false));
  if (state.councils.some((c) => c.slug === keep)) els.council.value = keep;
}

function fillThemes() {
  els.theme.replaceChildren(...THEMES.map((theme) => {
    const option = new Option('', theme);
    setText(option, `advices.theme.${theme}`);
    return option;
  }));
  els.theme.value = 'other';
}

function wire() {
  els.listCouncil.addEventListener('change', loadList);
  els.newAdvice.addEventListener('click', startNew);
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  els.form.addEventListener('reset', () => {
    // The theme's default after a reset: "other" is no choice made yet.
    setTimeout(() => { if (!state.editing) els.theme.value = 'other'; }, 0);
  });
  els.cancel.addEventListener('click', startNew);
  els.council.addEventListener('change', () => {
    state.chosen.clear(); // items must be of the advice's council
    renderChosen();
    loadMeetings();
  });
  els.meeting.addEventListener('change', () => showAgendaOf(els.meeting.value));
  document.addEventListener('tribune:languagechange', () => {
    renderList();
    renderChosen();
    if (state.editing) moves.show(state.editing);
  });
}

function updateDocumentTitle() {
  document.title = `${t('advices.admin.title') ?? 'Adviezen bijhouden'} – ${t('common.brand') ?? 'Tribune'}`;
}

async function main() {
  await initI18n();
  updateDocumentTitle();
  document.addEventListener('tribune:languagechange', updateDocumentTitle);
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
    setText(pageStatus, 'advices.admin.error.network');
    return;
  }
  if (!user) {
    setText(pageStatus, null);
    return;
  }
  fillThemes();
  moves = initMoves({ onChanged: adviceChanged });
  wire();
  try {
    state.councils = await listCouncils();
    fillCouncils();
    await Promise.all([loadList(), loadMeetings()]);
  } catch (err) {
    showError(pageStatus, err);
    return;
  }
  renderChosen();
  $('content').hidden = false;
  setText(pageStatus, null);
  applyTranslations($('content'));
  document.body.dataset.ready = 'true';
}

main();
