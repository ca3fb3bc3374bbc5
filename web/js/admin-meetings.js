// admin-meetings.js — the meetings and agenda parts of the secretary's page.
//
// Meetings: a list (filtered by council) of cards with links to the chair console and the
// room, and one form that adds a meeting or, after "Change", edits one. The start time is
// entered in the browser's own zone and sent as ISO 8601 with that zone's offset.
//
// Agenda: the items of one chosen meeting, in order, each with move up/down (PATCH
// position), change and delete. The server refuses changes once the meeting has ended (409);
// the page then says so and stops offering them.

import { ApiError } from './api.js';
import {
  confirmDialog, explainError, formatWhen, handleAuthError, isoToLocal, localToIso, request,
} from './admin-api.js';
import { applyTranslations, setText } from './i18n.js';

const $ = (id) => document.getElementById(id);

const els = {
  filter: $('meeting-filter'),
  list: $('meeting-list'),
  empty: $('meetings-empty'),
  template: $('meeting-template'),
  form: $('meeting-form'),
  formTitle: $('meeting-form-title'),
  council: $('meeting-council'),
  title: $('meeting-title'),
  room: $('meeting-room'),
  date: $('meeting-date'),
  time: $('meeting-time'),
  submit: $('meeting-submit'),
  cancel: $('meeting-cancel'),
  status: $('meeting-status'),
  error: $('meeting-error'),
};

const agendaEls = {
  section: $('agenda'),
  meeting: $('agenda-meeting'),
  ended: $('agenda-ended'),
  empty: $('agenda-empty'),
  list: $('agenda-list'),
  template: $('agenda-template'),
  status: $('agenda-status'),
  listError: $('agenda-list-error'),
  form: $('agenda-form'),
  formTitle: $('agenda-form-title'),
  title: $('item-title'),
  description: $('item-description'),
  kind: $('item-kind'),
  submit: $('item-submit'),
  cancel: $('item-cancel'),
  itemStatus: $('item-status'),
  itemError: $('item-error'),
  back: $('agenda-back'),
};

const STATUS_BADGE = {
  planned: ['admin.status.planned', 'badge badge-idle'],
  live: ['admin.status.live', 'badge badge-live'],
  ended: ['admin.status.ended', 'badge badge-ended'],
};

function option(value, text, key) {
  const el = document.createElement('option');
  el.value = value;
  if (key) setText(el, key);
  else el.textContent = text;
  return el;
}

export function initMeetings(page) {
  let meetings = [];
  let editing = null;       // the meeting the form edits, or null to add one
  let agendaMeeting = null; // the meeting whose agenda is shown
  let items = [];
  let editingItem = null;

  const councilName = (meeting) => {
    const council = page.councils.find((c) => c.id === meeting.council);
    return meeting.council_name ?? council?.name ?? meeting.council_slug ?? String(meeting.council);
  };
  const roomTitle = (id) => page.rooms.find((r) => r.id === id)?.title || id;

  // ---- meetings --------------------------------------------------------------------------

  function councilsChanged() {
    const keepFilter = els.filter.value;
    const keepCouncil = els.council.value;
    els.filter.replaceChildren(option('', null, 'admin.meetings.allCouncils'),
      ...page.councils.map((c) => option(c.slug, c.name)));
    els.filter.value = page.councils.some((c) => c.slug === keepFilter) ? keepFilter : '';
    els.council.replaceChildren(...page.councils.map((c) => option(String(c.id), c.name)));
    if (page.councils.some((c) => String(c.id) === keepCouncil)) els.council.value = keepCouncil;
    els.room.replaceChildren(...page.rooms.map((r) => option(r.id, r.title ? `${r.title} (${r.id})` : r.id)));
    if (meetings.length) render();
  }

  function render() {
    const focused = document.activeElement?.closest?.('[data-meeting-id]');
    const focusedAction = focused && document.activeElement.className;
    els.list.replaceChildren(...meetings.map(card));
    els.empty.hidden = meetings.length > 0;
    if (focused) {
      const again = els.list.querySelector(`[data-meeting-id="${focused.dataset.meetingId}"]`);
      const button = again && [...again.querySelectorAll('button, a')].find((b) => b.className === focusedAction && !b.hidden);
      button?.focus();
    }
  }

  function card(meeting) {
    const li = els.template.content.firstElementChild.cloneNode(true);
    li.dataset.meetingId = String(meeting.id);
    li.dataset.status = meeting.status;
    applyTranslations(li);
    li.querySelector('.card-title').textContent = meeting.title;
    const [badgeKey, badgeClass] = STATUS_BADGE[meeting.status] ?? STATUS_BADGE.planned;
    const badge = li.querySelector('.badge');
    setText(badge, badgeKey);
    badge.className = badgeClass;
    li.querySelector('.meeting-when').textContent = formatWhen(meeting.starts_at);
    setText(li.querySelector('.meeting-where'), 'admin.meetings.where',
      { council: councilName(meeting), room: roomTitle(meeting.room) });
    for (const name of li.querySelectorAll('.item-name')) name.textContent = ` (${meeting.title})`;
    li.querySelector('.chair-link').href = `/chair/${encodeURIComponent(meeting.id)}`;
    li.querySelector('.room-link').href = `/room/${encodeURIComponent(meeting.room)}`;
    li.querySelector('.agenda-button').addEventListener('click', () => openAgenda(meeting));
    const edit = li.querySelector('.edit-button');
    edit.hidden = meeting.status === 'ended';
    edit.addEventListener('click', () => startEdit(meeting));
    const del = li.querySelector('.delete-button');
    del.hidden = meeting.status === 'live';
    del.addEventListener('click', () => deleteMeeting(meeting));
    return li;
  }

  async function load() {
    const council = els.filter.value;
    const path = council ? `/api/meetings?council=${encodeURIComponent(council)}` : '/api/meetings';
    const body = await request('GET', path);
    meetings = Array.isArray(body?.meetings) ? body.meetings : [];
    render();
    if (agendaMeeting) {
      const fresh = meetings.find((m) => m.id === agendaMeeting.id);
      if (fresh) showAgendaMeeting(fresh);
    }
  }

  async function reload(errorEl) {
    try {
      await load();
    } catch (err) {
      if (!handleAuthError(err)) setText(errorEl, ...explainError(err));
    }
  }

  function setFormMode(meeting) {
    editing = meeting;
    if (meeting) {
      setText(els.formTitle, 'admin.meetings.editTitle', { title: meeting.title });
      setText(els.submit, 'admin.save');
    } else {
      setText(els.formTitle, 'admin.meetings.new');
      setText(els.submit, 'admin.meetings.add');
    }
    els.cancel.hidden = !meeting;
    els.council.disabled = Boolean(meeting); // a meeting stays with its council
  }

  function startEdit(meeting) {
    setFormMode(meeting);
    els.council.value = String(meeting.council);
    els.title.value = meeting.title;
    els.room.value = meeting.room;
    const { date, time } = isoToLocal(meeting.starts_at);
    els.date.value = date;
    els.time.value = time;
    setText(els.status, null);
    setText(els.error, null);
    els.title.focus();
    els.form.scrollIntoView({ block: 'nearest' });
  }

  function fieldError(key, field) {
    setText(els.status, null);
    setText(els.error, key);
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }

  async function submit() {
    for (const el of [els.council, els.title, els.room, els.date, els.time]) el.removeAttribute('aria-invalid');
    const title = els.title.value.trim();
    if (!editing && !els.council.value) return fieldError('admin.meetings.error.noCouncil', els.council);
    if (!title) return fieldError('admin.meetings.error.noTitle', els.title);
    if (!els.room.value) return fieldError('admin.meetings.error.noRoom', els.room);
    if (!els.date.value) return fieldError('admin.meetings.error.noDate', els.date);
    if (!els.time.value) return fieldError('admin.meetings.error.noTime', els.time);
    const startsAt = localToIso(els.date.value, els.time.value);
    if (!startsAt) return fieldError('admin.meetings.error.noDate', els.date);

    els.submit.disabled = true;
    setText(els.error, null);
    const wasEditing = editing;
    try {
      let saved;
      if (wasEditing) {
        saved = await request('PATCH', `/api/meetings/${encodeURIComponent(wasEditing.id)}`,
          { title, room: els.room.value, starts_at: startsAt });
      } else {
        saved = await request('POST', '/api/meetings',
          { council: Number(els.council.value), title, room: els.room.value, starts_at: startsAt });
      }
      const council = els.council.value;
      els.form.reset();
      setFormMode(null);
      els.council.value = council; // the next meeting is likely for the same council
      await load();
      setText(els.status, wasEditing ? 'admin.meetings.saved' : 'admin.meetings.added',
        { title: saved?.title ?? title });
    } catch (err) {
      if (handleAuthError(err)) return;
      setText(els.status, null);
      setText(els.error, ...explainError(err, {
        conflictKey: 'admin.meetings.error.ended', notFoundKey: 'admin.meetings.error.gone',
      }));
    } finally {
      els.submit.disabled = false;
    }
  }

  async function deleteMeeting(meeting) {
    const yes = await confirmDialog({
      titleKey: 'admin.meetings.deleteTitle',
      textKey: 'admin.meetings.deleteText',
      vars: { title: meeting.title },
      okKey: 'admin.meetings.deleteOk',
    });
    if (!yes) return;
    try {
      await request('DELETE', `/api/meetings/${encodeURIComponent(meeting.id)}`);
      if (editing?.id === meeting.id) {
        els.form.reset();
        setFormMode(null);
      }
      if (agendaMeeting?.id === meeting.id) closeAgenda();
      await load();
      setText(els.status, 'admin.meetings.deleted', { title: meeting.title });
      els.title.focus();
    } catch (err) {
      if (handleAuthError(err)) return;
      setText(els.status, null);
      setText(els.error, ...explainError(err, { conflictKey: 'admin.meetings.error.live' }));
      await reload(els.error);
    }
  }

  // ---- agenda ----------------------------------------------------------------------------

  function showAgendaMeeting(meeting) {
    agendaMeeting = meeting;
    setText(agendaEls.meeting, 'admin.agenda.of', { title: meeting.title, when: formatWhen(meeting.starts_at) });
    const ended = meeting.status === 'ended';
    agendaEls.ended.hidden = !ended;
    agendaEls.form.hidden = ended;
    agendaEls.section.dataset.ended = String(ended);
  }

  async function openAgenda(meeting) {
    showAgendaMeeting(meeting);
    agendaEls.section.hidden = false;
    setItemFormMode(null);
    agendaEls.form.reset();
    for (const el of [agendaEls.status, agendaEls.listError, agendaEls.itemStatus, agendaEls.itemError]) setText(el, null);
    await loadItems();
    agendaEls.section.focus();
    agendaEls.section.scrollIntoView({ block: 'start' });
  }

  function closeAgenda() {
    agendaMeeting = null;
    items = [];
    agendaEls.section.hidden = true;
  }

  async function loadItems() {
    try {
      const body = await request('GET', `/api/meetings/${encodeURIComponent(agendaMeeting.id)}/agenda`);
      items = Array.isArray(body?.items) ? body.items : [];
      renderItems();
    } catch (err) {
      if (!handleAuthError(err)) setText(agendaEls.listError, ...explainError(err, { notFoundKey: 'admin.meetings.error.gone' }));
    }
  }

  function renderItems(focus) {
    const ended = agendaMeeting?.status === 'ended';
    agendaEls.list.replaceChildren(...items.map((item, index) => {
      const li = agendaEls.template.content.firstElementChild.cloneNode(true);
      li.dataset.itemId = String(item.id);
      applyTranslations(li);
      li.querySelector('.agenda-title').textContent = item.title;
      setText(li.querySelector('.kind-tag'), `admin.kinds.${item.kind}`);
      const description = li.querySelector('.agenda-description');
      description.textContent = item.description ?? '';
      description.hidden = !item.description;
      for (const name of li.querySelectorAll('.item-name')) name.textContent = ` (${item.title})`;
      li.querySelector('.card-actions').hidden = ended;
      const up = li.querySelector('.up-button');
      const down = li.querySelector('.down-button');
      up.disabled = index === 0;
      down.disabled = index === items.length - 1;
      up.addEventListener('click', () => moveItem(item, -1, 'up-button'));
      down.addEventListener('click', () => moveItem(item, 1, 'down-button'));
      li.querySelector('.edit-button').addEventListener('click', () => startEditItem(item));
      li.querySelector('.delete-button').addEventListener('click', () => deleteItem(item));
      return li;
    }));
    agendaEls.empty.hidden = items.length > 0;
    if (focus) {
      const li = agendaEls.list.querySelector(`[data-item-id="${focus.id}"]`);
      let button = li?.querySelector(`.${focus.button}`);
      if (button?.disabled) button = li.querySelector(focus.button === 'up-button' ? '.down-button' : '.up-button');
      (button && !button.disabled ? button : li?.querySelector('.edit-button'))?.focus();
    }
  }

  // The server said the meeting has ended: show it, and stop offering changes.
  async function agendaConflict(errorEl) {
    setText(errorEl, 'admin.agenda.error.ended');
    await reload(errorEl);
    if (agendaMeeting) {
      showAgendaMeeting({ ...agendaMeeting, status: 'ended' });
      renderItems();
    }
  }

  async function moveItem(item, delta, button) {
    const position = item.position + delta;
    setText(agendaEls.listError, null);
    try {
      await request('PATCH', `/api/meetings/${encodeURIComponent(agendaMeeting.id)}/agenda/${encodeURIComponent(item.id)}`,
        { position });
      await loadItems();
      renderItems({ id: item.id, button });
      setText(agendaEls.status, 'admin.agenda.moved', { title: item.title, position });
    } catch (err) {
      if (handleAuthError(err)) return;
      if (err instanceof ApiError && err.status === 409) await agendaConflict(agendaEls.listError);
      else setText(agendaEls.listError, ...explainError(err));
    }
  }

  function setItemFormMode(item) {
    editingItem = item;
    if (item) {
      setText(agendaEls.formTitle, 'admin.agenda.editTitle', { title: item.title });
      setText(agendaEls.submit, 'admin.save');
    } else {
      setText(agendaEls.formTitle, 'admin.agenda.new');
      setText(agendaEls.submit, 'admin.agenda.add');
    }
    agendaEls.cancel.hidden = !item;
  }

  function startEditItem(item) {
    setItemFormMode(item);
    agendaEls.title.value = item.title;
    agendaEls.description.value = item.description ?? '';
    agendaEls.kind.value = item.kind;
    setText(agendaEls.itemStatus, null);
    setText(agendaEls.itemError, null);
    agendaEls.title.focus();
    agendaEls.form.scrollIntoView({ block: 'nearest' });
  }

  async function submitItem() {
    const title = agendaEls.title.value.trim();
    agendaEls.title.removeAttribute('aria-invalid');
    if (!title) {
      setText(agendaEls.itemStatus, null);
      setText(agendaEls.itemError, 'admin.agenda.error.noTitle');
      agendaEls.title.setAttribute('aria-invalid', 'true');
      agendaEls.title.focus();
      return;
    }
    const body = { title, description: agendaEls.description.value.trim(), kind: agendaEls.kind.value };
    const base = `/api/meetings/${encodeURIComponent(agendaMeeting.id)}/agenda`;
    const wasEditing = editingItem;
    agendaEls.submit.disabled = true;
    setText(agendaEls.itemError, null);
    try {
      if (wasEditing) await request('PATCH', `${base}/${encodeURIComponent(wasEditing.id)}`, body);
      else await request('POST', base, body);
      agendaEls.form.reset();
      setItemFormMode(null);
      await loadItems();
      setText(agendaEls.itemStatus, wasEditing ? 'admin.agenda.saved' : 'admin.agenda.added', { title });
      agendaEls.title.focus(); // ready for the next item
    } catch (err) {
      if (handleAuthError(err)) return;
      setText(agendaEls.itemStatus, null);
      if (err instanceof ApiError && err.status === 409) await agendaConflict(agendaEls.itemError);
      else setText(agendaEls.itemError, ...explainError(err));
    } finally {
      agendaEls.submit.disabled = false;
    }
  }

  async function deleteItem(item) {
    const yes = await confirmDialog({
      titleKey: 'admin.agenda.deleteTitle',
      textKey: 'admin.agenda.deleteText',
      vars: { title: item.title },
      okKey: 'admin.agenda.deleteOk',
    });
    if (!yes) return;
    setText(agendaEls.listError, null);
    try {
      await request('DELETE', `/api/meetings/${encodeURIComponent(agendaMeeting.id)}/agenda/${encodeURIComponent(item.id)}`);
      if (editingItem?.id === item.id) {
        agendaEls.form.reset();
        setItemFormMode(null);
      }
      await loadItems();
      setText(agendaEls.status, 'admin.agenda.deleted', { title: item.title });
      agendaEls.title.focus();
    } catch (err) {
      if (handleAuthError(err)) return;
      if (err instanceof ApiError && err.status === 409) await agendaConflict(agendaEls.listError);
      else setText(agendaEls.listError, ...explainError(err));
    }
  }

  // ---- wiring ----------------------------------------------------------------------------

  els.filter.addEventListener('change', () => reload(els.error));
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  els.cancel.addEventListener('click', () => {
    els.form.reset();
    setFormMode(null);
    setText(els.error, null);
    els.title.focus();
  });
  agendaEls.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitItem();
  });
  agendaEls.cancel.addEventListener('click', () => {
    agendaEls.form.reset();
    setItemFormMode(null);
    setText(agendaEls.itemError, null);
    agendaEls.title.focus();
  });
  agendaEls.back.addEventListener('click', () => {
    const card = agendaMeeting && els.list.querySelector(`[data-meeting-id="${agendaMeeting.id}"] .agenda-button`);
    if (card) {
      // Back to the card this agenda came from, not just the top of the list.
      setTimeout(() => card.focus(), 0);
    }
  });
  // Dates are written out in the page's language.
  document.addEventListener('tribune:languagechange', () => {
    render();
    if (agendaMeeting) showAgendaMeeting(agendaMeeting);
  });

  return { load, councilsChanged };
}
