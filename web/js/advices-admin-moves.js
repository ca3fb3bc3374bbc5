// advices-admin-moves.js — on /admin/advices, what happens to one advice: its status and
// clock, a button for each move its status allows (docs/advices.md: send with a date → the
// deadline; record the answer with date, outcome and response; escalate with date and note;
// withdraw; reopen a withdrawn one), a progress note, and its PDFs (upload with the file as
// the request body, remove).
//
// One small form serves every move: the button shows the fields that move needs and puts
// the focus in the first. The server has the last word (409 lists what is possible instead);
// after every change the advice is read again.

import { confirmDialog } from './admin-api.js';
import {
  addNote, ApiError, deleteAttachment, getAdvice, movesFrom, OUTCOMES, updateAdvice, uploadAttachment,
} from './advices-api.js';
import { showError } from './advices-admin-errors.js';
import {
  deadlineLine, formatBytes, formatDay, renderClock, renderStatus, today,
} from './advice-format.js';
import { setText } from './i18n.js';

const $ = (id) => document.getElementById(id);

// What each move asks for. date/note: the label's key (no key: the field is not shown).
const MOVES = {
  sent: { date: 'sentAt', explain: 'sendExplain' },
  answered: { date: 'answeredAt', outcome: true, response: true },
  escalated: { date: 'escalatedAt', note: 'escalateNote', explain: 'escalateExplain' },
  withdrawn: { note: 'withdrawNote', explain: 'withdrawExplain', danger: true },
  draft: { explain: 'reopenExplain' },
  note: { note: 'progressNote', noteRequired: true, explain: 'noteExplain' },
};

export function initMoves({ onChanged }) {
  const els = {
    section: $('moves'),
    title: $('moves-title'),
    status: $('m-status'),
    clock: $('m-clock'),
    deadline: $('m-deadline'),
    publicLink: $('m-public'),
    buttons: $('m-buttons'),
    form: $('move-form'),
    formTitle: $('mv-title'),
    explain: $('mv-explain'),
    dateField: $('mv-date-field'),
    dateLabel: $('mv-date-label'),
    date: $('mv-date'),
    outcomeField: $('mv-outcome-field'),
    outcome: $('mv-outcome'),
    responseField: $('mv-response-field'),
    response: $('mv-response'),
    noteField: $('mv-note-field'),
    noteLabel: $('mv-note-label'),
    note: $('mv-note'),
    submit: $('mv-submit'),
    cancel: $('mv-cancel'),
    statusLine: $('m-status-line'),
    error: $('m-error'),
    fileList: $('file-list'),
    fileForm: $('file-form'),
    fileInput: $('file-input'),
    fileKind: $('file-kind'),
    fileSubmit: $('file-submit'),
    fileStatus: $('file-status'),
    fileError: $('file-error'),
  };

  let advice = null;
  let move = null;      // the move whose form is open
  let opener = null;    // the button that opened it

  for (const outcome of OUTCOMES) {
    const option = new Option('', outcome);
    setText(option, `advices.outcomeShort.${outcome}`);
    els.outcome.append(option);
  }

  // ---- showing ---------------------------------------------------------------------------

  function renderButtons() {
    const available = [...movesFrom(advice), 'note'];
    els.buttons.replaceChildren(...available.map((name) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `button ${MOVES[name].danger ? 'button-quiet-danger' : name === 'note' ? 'button-secondary' : 'button-primary'}`;
      button.dataset.move = name;
      button.setAttribute('aria-controls', 'move-form');
      button.setAttribute('aria-expanded', String(move === name));
      setText(button, `advices.admin.move.${name}.button`);
      button.addEventListener('click', () => openMove(name, button));
      return button;
    }));
  }

  function renderFiles() {
    const files = Array.isArray(advice.attachments) ? advice.attachments : [];
    els.fileList.replaceChildren(...files.map((file) => {
      const li = document.createElement('li');
      const text = document.createElement('span');
      const link = document.createElement('a');
      link.href = file.url;
      link.textContent = file.name || '';
      const meta = document.createElement('span');
      meta.className = 'list-meta';
      setText(meta, `advices.admin.files.shown.${file.kind === 'response' ? 'response' : 'advice'}`, { size: formatBytes(file.bytes) });
      text.append(link, ' ', meta);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button button-quiet-danger small';
      const label = document.createElement('span');
      setText(label, 'admin.delete');
      const name = document.createElement('span');
      name.className = 'visually-hidden';
      name.textContent = ` (${file.name || ''})`;
      remove.append(label, name);
      remove.addEventListener('click', () => removeFile(file));
      li.append(text, remove);
      return li;
    }));
  }

  function show(next) {
    advice = next;
    els.section.hidden = false;
    els.section.dataset.status = advice.status;
    setText(els.title, null);
    els.title.textContent = advice.title || '';
    renderStatus(els.status, advice);
    renderClock(els.clock, advice);
    const line = deadlineLine(advice);
    if (line) setText(els.deadline, ...line);
    else setText(els.deadline, null);
    els.deadline.hidden = !line;
    els.publicLink.href = `/advices/${encodeURIComponent(advice.id)}`;
    if (move && move !== 'note' && !movesFrom(advice).includes(move)) closeMove({ focus: false });
    renderButtons();
    renderFiles();
  }

  function hide() {
    advice = null;
    closeMove({ focus: false });
    els.section.hidden = true;
    for (const el of [els.statusLine, els.error, els.fileStatus, els.fileError]) setText(el, null);
  }

  function focusFirstMove() {
    (els.buttons.querySelector('button') || els.title).focus();
  }

  // ---- the move form ---------------------------------------------------------------------

  function openMove(name, button) {
    const spec = MOVES[name];
    move = name;
    opener = button;
    els.form.hidden = false;
    els.form.dataset.move = name;
    setText(els.formTitle, `advices.admin.move.${name}.title`);
    if (spec.explain) setText(els.explain, `advices.admin.move.${spec.explain}`, { term: advice.term_days ?? 42 });
    else setText(els.explain, null);
    els.explain.hidden = !spec.explain;

    els.dateField.hidden = !spec.date;
    els.date.required = Boolean(spec.date);
    els.date.max = today();
    els.date.value = today();
    els.date.removeAttribute('aria-invalid');
    if (spec.date) setText(els.dateLabel, `advices.admin.move.${spec.date}`);

    els.outcomeField.hidden = !spec.outcome;
    els.outcome.value = '';
    els.outcome.removeAttribute('aria-invalid');
    els.responseField.hidden = !spec.response;
    els.response.value = '';

    els.noteField.hidden = !spec.note;
    els.note.value = '';
    els.note.required = Boolean(spec.noteRequired);
    els.note.removeAttribute('aria-invalid');
    if (spec.note) setText(els.noteLabel, `advices.admin.move.${spec.note}`);

    setText(els.submit, `advices.admin.move.${name}.submit`);
    els.submit.className = `button ${spec.danger ? 'button-danger' : 'button-primary'}`;
    setText(els.error, null);
    for (const b of els.buttons.querySelectorAll('button')) b.setAttribute('aria-expanded', String(b === button));
    const first = [els.date, els.outcome, els.note].find((field) => !field.closest('.field').hidden) || els.submit;
    first.focus();
  }

  function closeMove({ focus = true } = {}) {
    const back = opener;
    move = null;
    opener = null;
    els.form.hidden = true;
    for (const b of els.buttons.querySelectorAll('button')) b.setAttribute('aria-expanded', 'false');
    if (focus && back?.isConnected) back.focus();
  }

  function moveError(key, field) {
    setText(els.statusLine, null);
    setText(els.error, key);
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }

  async function submitMove() {
    const name = move;
    const spec = MOVES[name];
    if (!name || !advice) return;
    for (const field of [els.date, els.outcome, els.note]) field.removeAttribute('aria-invalid');
    const date = els.date.value;
    if (spec.date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return moveError('advices.admin.error.noDate', els.date);
    if (spec.date && date > today()) return moveError('advices.admin.error.future', els.date);
    if (spec.outcome && !els.outcome.value) return moveError('advices.admin.error.noOutcome', els.outcome);
    const note = els.note.value.trim();
    if (spec.noteRequired && !note) return moveError('advices.admin.error.noNote', els.note);

    els.submit.disabled = true;
    setText(els.error, null);
    try {
      let fresh;
      if (name === 'note') {
        await addNote(advice.id, note);
        fresh = await getAdvice(advice.id);
      } else {
        const change = { status: name };
        if (name === 'sent') change.sent_at = date;
        if (name === 'answered') {
          change.answered_at = date;
          change.outcome = els.outcome.value;
          const response = els.response.value.trim();
          if (response) change.response = response;
        }
        if (name === 'escalated') change.escalated_at = date;
        if ((name === 'escalated' || name === 'withdrawn') && note) change.note = note;
        fresh = await updateAdvice(advice.id, change);
      }
      closeMove({ focus: false });
      show(fresh);
      setText(els.statusLine, `advices.admin.move.${name}.done`, {
        date: formatDay(date), deadline: formatDay(fresh.deadline), title: fresh.title || '',
      });
      focusFirstMove();
      await onChanged(fresh); // the list above follows
    } catch (err) {
      showError(els.error, err, els.statusLine);
      // The advice may have moved on elsewhere: show it as it is now.
      try {
        const now = await getAdvice(advice.id);
        if (now.status !== advice.status) show(now);
      } catch {
        // Keep what is shown; the error already says what went wrong.
      }
    } finally {
      els.submit.disabled = false;
    }
  }

  // ---- files -----------------------------------------------------------------------------

  async function upload() {
    const file = els.fileInput.files?.[0];
    els.fileInput.removeAttribute('aria-invalid');
    if (!file) {
      setText(els.fileStatus, null);
      setText(els.fileError, 'advices.admin.files.none');
      els.fileInput.setAttribute('aria-invalid', 'true');
      els.fileInput.focus();
      return;
    }
    els.fileSubmit.disabled = true;
    setText(els.fileError, null);
    setText(els.fileStatus, 'advices.admin.files.uploading', { name: file.name });
    try {
      const fresh = await uploadAttachment(advice.id, file, { kind: els.fileKind.value, name: file.name });
      els.fileInput.value = '';
      show(fresh);
      setText(els.fileStatus, 'advices.admin.files.added', { name: file.name });
      await onChanged(fresh);
    } catch (err) {
      // Not a PDF, or too big: said plainly first, then the server's words.
      const plain = err instanceof ApiError && { 415: 'advices.admin.files.notPdf', 413: 'advices.admin.files.tooBig' }[err.status];
      if (plain) {
        setText(els.fileStatus, null);
        setText(els.fileError, plain, { message: err.message });
        els.fileInput.setAttribute('aria-invalid', 'true');
      } else showError(els.fileError, err, els.fileStatus);
    } finally {
      els.fileSubmit.disabled = false;
    }
  }

  async function removeFile(file) {
    const yes = await confirmDialog({
      titleKey: 'advices.admin.files.deleteTitle',
      textKey: 'advices.admin.files.deleteText',
      vars: { name: file.name || '' },
      okKey: 'advices.admin.files.deleteOk',
    });
    if (!yes) return;
    setText(els.fileError, null);
    try {
      await deleteAttachment(advice.id, file.id);
      const fresh = await getAdvice(advice.id);
      show(fresh);
      setText(els.fileStatus, 'advices.admin.files.deleted', { name: file.name || '' });
      els.fileInput.focus();
      await onChanged(fresh);
    } catch (err) {
      showError(els.fileError, err, els.fileStatus);
    }
  }

  // ---- wiring ----------------------------------------------------------------------------

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitMove();
  });
  els.cancel.addEventListener('click', () => closeMove());
  els.form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeMove();
    }
  });
  els.fileForm.addEventListener('submit', (event) => {
    event.preventDefault();
    upload();
  });

  return {
    show,
    hide,
    focus: focusFirstMove,
    focusHeading: () => els.title.focus(),
  };
}
