// questions-chair.js — the "Vragen" panel of the chair console: residents' questions as
// they come in, grouped by agenda item and sorted by votes, with approve, decline (with a
// reason), edit, merge, on screen / off screen and answered.
//
// Live from the staff stream GET /api/meetings/{id}/moderation/events (cookie auth;
// `hello`, then `question` with the full question on every change, new pending ones
// included). Without the stream, or while it reconnects, GET …/questions every 5 s.
//
// The cards are kept and updated in place (not rebuilt), so a decline form or an edit the
// chair is typing survives the updates that keep arriving. New pending questions are said
// politely in a live region and counted in the panel heading. Question text is residents'
// text: textContent only, always.

import { ApiError } from './api.js';
import { setText, t } from './i18n.js';
import {
  askerLine, explainQuestionError, listQuestions, moderate, REASON_CODES, reasonText, setOnScreen,
} from './questions-api.js';

export const POLL_MS = 5000;
const OPEN = new Set(['pending', 'approved']);

// els: {panel, heading, sync, live, status, error, empty, groups, handled, handledSummary, handledList}
export class QuestionsPanel {
  constructor(meetingId, els) {
    this.meetingId = meetingId;
    this.els = els;
    this.questions = new Map(); // id → question
    this.cards = new Map();     // id → {li, parts}
    this.groups = new Map();    // item key → {li, list, title}
    this.agenda = [];
    this.loaded = false;
    this.streaming = false;
    this.timer = null;
    this.source = null;
    this.busy = new Set();
  }

  setAgenda(agenda) {
    this.agenda = Array.isArray(agenda) ? agenda : [];
    if (this.loaded) this.render();
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => {
      if (!this.streaming && !document.hidden) this.refresh();
    }, POLL_MS);
    this.mode('polling');
    document.addEventListener('tribune:languagechange', () => this.render());
    if (typeof EventSource !== 'function') return;
    const source = new EventSource(`/api/meetings/${encodeURIComponent(this.meetingId)}/moderation/events`);
    this.source = source;
    source.addEventListener('hello', () => {
      this.streaming = true;
      this.mode('live');
      this.refresh(); // what happened while we were not connected
    });
    source.addEventListener('question', (event) => {
      let q;
      try {
        q = JSON.parse(event.data);
      } catch {
        return;
      }
      this.streaming = true;
      this.mode('live');
      this.take([q]);
    });
    source.addEventListener('error', () => {
      this.streaming = false;
      this.mode('polling');
    });
  }

  stop() {
    clearInterval(this.timer);
    this.source?.close();
  }

  mode(mode) {
    document.body.dataset.questionsSync = mode;
    setText(this.els.sync, `questions.chair.sync.${mode}`);
  }

  async refresh() {
    try {
      const list = await listQuestions(this.meetingId);
      this.els.panel.hidden = false;
      this.take(list);
    } catch (err) {
      // 404: a server without residents' questions; the console works without the panel.
      if (err instanceof ApiError && err.status === 404) {
        this.els.panel.hidden = true;
        document.body.dataset.questions = 'unsupported';
      } else {
        console.warn('tribune: questions not available', err);
      }
    }
  }

  // New or changed questions from the stream, a poll or an action's answer.
  take(list) {
    const fresh = [];
    for (const q of list) {
      if (!q || q.id == null || (q.meeting != null && String(q.meeting) !== String(this.meetingId))) continue;
      const key = String(q.id);
      if (!this.questions.has(key) && this.loaded && q.status === 'pending') fresh.push(q);
      this.questions.set(key, { ...this.questions.get(key), ...q });
    }
    this.loaded = true;
    this.render();
    if (fresh.length) {
      const last = fresh[fresh.length - 1];
      setText(this.els.live, 'questions.chair.newOne', { text: last.text || '' });
    }
    document.body.dataset.questions = String(this.questions.size);
  }

  // ---- rendering -------------------------------------------------------------------------

  itemKey(q) {
    return this.agenda.some((item) => item.id === q.item) ? String(q.item) : 'none';
  }

  render() {
    const all = [...this.questions.values()];
    const pending = all.filter((q) => q.status === 'pending').length;
    setText(this.els.heading, pending ? 'questions.chair.titleCount' : 'questions.chair.title', { count: pending });
    document.body.dataset.questionsPending = String(pending);
    const byVotes = (a, b) => (Number(b.votes) || 0) - (Number(a.votes) || 0) ||
      String(a.created_at).localeCompare(String(b.created_at)) || Number(a.id) - Number(b.id);
    const open = all.filter((q) => OPEN.has(q.status)).sort(byVotes);
    const handled = all.filter((q) => !OPEN.has(q.status)).sort(byVotes);
    this.els.empty.hidden = all.length > 0;

    for (const q of all) this.updateCard(q);

    // Groups in agenda order, then the questions without an item.
    const order = [...this.agenda.map((item) => String(item.id)), 'none'];
    const wanted = order.filter((key) => open.some((q) => this.itemKey(q) === key));
    wanted.forEach((key, index) => {
      const group = this.group(key);
      const title = key === 'none' ? null : this.agenda.find((item) => String(item.id) === key);
      if (title) group.title.textContent = `${title.position}. ${title.title || ''}`;
      else setText(group.title, 'questions.chair.noItem');
      place(this.els.groups, group.li, index);
      open.filter((q) => this.itemKey(q) === key)
        .forEach((q, i) => place(group.list, this.cards.get(String(q.id)).li, i));
    });
    for (const [key, group] of this.groups) if (!wanted.includes(key)) group.li.remove();

    this.els.handled.hidden = handled.length === 0;
    setText(this.els.handledSummary, 'questions.chair.handled', { count: handled.length });
    handled.forEach((q, i) => place(this.els.handledList, this.cards.get(String(q.id)).li, i));
  }

  group(key) {
    let group = this.groups.get(key);
    if (!group) {
      const li = document.createElement('li');
      li.className = 'q-group';
      li.dataset.item = key;
      const title = document.createElement('h3');
      title.id = `q-group-${key}`;
      const list = document.createElement('ul');
      list.className = 'q-group-list';
      list.setAttribute('aria-labelledby', title.id);
      li.append(title, list);
      group = { li, list, title };
      this.groups.set(key, group);
    }
    return group;
  }

  card(q) {
    const key = String(q.id);
    let card = this.cards.get(key);
    if (card) return card;
    const li = document.createElement('li');
    li.className = 'q-card';
    li.dataset.id = key;
    const head = document.createElement('p');
    head.className = 'q-meta q-head';
    const number = document.createElement('span');
    number.className = 'q-number';
    const status = document.createElement('span');
    status.className = 'q-tag q-state';
    const screen = document.createElement('span');
    screen.className = 'q-tag q-tag-screen';
    const votes = document.createElement('span');
    votes.className = 'q-votes';
    head.append(number, status, screen, votes);
    const text = document.createElement('p');
    text.className = 'q-text';
    text.id = `q-text-${key}`;
    const original = document.createElement('p');
    original.className = 'q-original';
    const originalLabel = document.createElement('span');
    const originalText = document.createElement('span');
    originalText.className = 'q-original-text';
    original.append(originalLabel, ' ', originalText);
    const who = document.createElement('p');
    who.className = 'q-meta q-who';
    const reason = document.createElement('p');
    reason.className = 'q-reason';
    const actions = document.createElement('div');
    actions.className = 'q-actions';
    const button = (name, handler, cls = 'button-secondary') => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `button ${cls} small q-${name}`;
      // Each button names its question for screen readers, read out of context too.
      b.setAttribute('aria-describedby', text.id);
      b.addEventListener('click', () => handler(q.id, b));
      return b;
    };
    const buttons = {
      approve: button('approve', (id) => this.setStatus(id, { status: 'approved' }, 'approved'), 'button-primary'),
      screen: button('screen', (id) => this.toggleScreen(id)),
      answered: button('answered', (id) => this.setStatus(id, { status: 'answered' }, 'answered')),
      decline: button('decline', (id, b) => this.openEditor(id, 'decline', b)),
      edit: button('edit', (id, b) => this.openEditor(id, 'edit', b)),
      merge: button('merge', (id, b) => this.openEditor(id, 'merge', b)),
    };
    actions.append(...Object.values(buttons));
    const editor = document.createElement('div');
    editor.className = 'q-editor';
    editor.hidden = true;
    li.append(head, text, original, who, reason, actions, editor);
    card = { li, parts: { number, status, screen, votes, text, original, originalLabel, originalText, who, reason, actions, editor, buttons } };
    this.cards.set(key, card);
    return card;
  }

  updateCard(q) {
    const { li, parts } = this.card(q);
    li.dataset.status = q.status;
    li.classList.toggle('is-on-screen', Boolean(q.on_screen));
    setText(parts.number, 'questions.chair.question', { id: q.id });
    setText(parts.status, t(`questions.state.${q.status}`) ? `questions.state.${q.status}` : null);
    setText(parts.screen, q.on_screen ? 'questions.chair.onScreen' : null);
    parts.screen.hidden = !q.on_screen;
    setText(parts.votes, 'questions.votes', { count: Number(q.votes) || 0 });
    parts.text.textContent = q.text || '';
    const edited = typeof q.original_text === 'string' && q.original_text !== '' && q.original_text !== q.text;
    parts.original.hidden = !edited;
    setText(parts.originalLabel, 'questions.chair.original');
    parts.originalText.textContent = edited ? q.original_text : '';
    const who = askerLine(q);
    if (who) setText(parts.who, ...who);
    else setText(parts.who, null);
    parts.who.hidden = !who;
    if (q.status === 'declined' && q.reason) setText(parts.reason, 'questions.reasonLine', { reason: reasonText(q.reason) });
    else if (q.status === 'merged' && q.merged_into != null) setText(parts.reason, 'questions.chair.mergedInto', { id: q.merged_into });
    else setText(parts.reason, null);
    parts.reason.hidden = !parts.reason.textContent;

    const b = parts.buttons;
    setText(b.approve, 'questions.chair.approve');
    setText(b.screen, q.on_screen ? 'questions.chair.screenOff' : 'questions.chair.screenOn');
    setText(b.answered, 'questions.chair.answered');
    setText(b.decline, 'questions.chair.decline');
    setText(b.edit, 'questions.chair.edit');
    setText(b.merge, 'questions.chair.merge');
    const open = OPEN.has(q.status);
    const focusedBefore = parts.actions.contains(document.activeElement) ? document.activeElement : null;
    b.approve.hidden = q.status !== 'pending';
    b.screen.hidden = !(q.status === 'approved' || q.on_screen);
    b.answered.hidden = q.status !== 'approved';
    b.decline.hidden = !open;
    b.edit.hidden = !open;
    b.merge.hidden = !open;
    b.screen.setAttribute('aria-pressed', String(Boolean(q.on_screen)));
    if (!open && !parts.editor.hidden) this.closeEditor(q.id, false);
    // A button that just went away must not leave the keyboard focus nowhere.
    if (focusedBefore && focusedBefore.hidden) {
      (Object.values(b).find((x) => !x.hidden) ?? parts.text).focus();
    }
  }

  // ---- actions ---------------------------------------------------------------------------

  async run(id, work, doneKey) {
    const key = String(id);
    if (this.busy.has(key)) return null;
    this.busy.add(key);
    this.cards.get(key)?.li.setAttribute('aria-busy', 'true');
    setText(this.els.error, null);
    try {
      const answer = await work();
      if (answer && answer.id != null) this.take([answer]);
      if (doneKey) setText(this.els.status, `questions.chair.done.${doneKey}`, { id });
      return answer ?? true;
    } catch (err) {
      // 409: the question moved on meanwhile (another chair tab, the secretary); the
      // refetch below shows where it is now.
      setText(this.els.error, ...explainQuestionError(err));
      this.refresh();
      return null;
    } finally {
      this.busy.delete(key);
      this.cards.get(key)?.li.removeAttribute('aria-busy');
    }
  }

  setStatus(id, changes, doneKey) {
    return this.run(id, () => moderate(id, changes), doneKey);
  }

  async toggleScreen(id) {
    const q = this.questions.get(String(id));
    if (!q) return;
    const on = !q.on_screen;
    const answer = await this.run(id, () => setOnScreen(id, on), on ? 'screenOn' : 'screenOff');
    // One at a time: the server takes the other one off; show that now, the stream confirms.
    if (answer && on) {
      for (const other of this.questions.values()) {
        if (String(other.id) !== String(id) && other.on_screen) this.questions.set(String(other.id), { ...other, on_screen: false });
      }
      this.render();
    }
  }

  closeEditor(id, focusOpener = true) {
    const card = this.cards.get(String(id));
    if (!card) return;
    const { editor } = card.parts;
    editor.hidden = true;
    editor.replaceChildren();
    if (focusOpener && card.opener?.isConnected && !card.opener.hidden) card.opener.focus();
  }

  openEditor(id, kind, opener) {
    const card = this.cards.get(String(id));
    const q = this.questions.get(String(id));
    if (!card || !q) return;
    card.opener = opener;
    const { editor } = card.parts;
    const uid = `q-${id}-${kind}`;
    const actions = document.createElement('div');
    actions.className = 'actions';
    const ok = document.createElement('button');
    ok.type = 'submit';
    ok.className = kind === 'decline' ? 'button button-danger small' : 'button button-primary small';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'button button-secondary small';
    setText(cancel, 'questions.chair.cancel');
    cancel.addEventListener('click', () => this.closeEditor(id));
    actions.append(ok, cancel);
    const form = document.createElement('form');
    form.noValidate = true;
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.closeEditor(id);
      }
    });
    const problem = document.createElement('p');
    problem.className = 'error';
    problem.setAttribute('role', 'alert');
    let first;

    if (kind === 'decline') {
      const fieldset = document.createElement('fieldset');
      const legend = document.createElement('legend');
      setText(legend, 'questions.chair.declineLegend');
      const label = document.createElement('label');
      label.htmlFor = `${uid}-reason`;
      setText(label, 'questions.chair.reason');
      const select = document.createElement('select');
      select.id = `${uid}-reason`;
      for (const code of REASON_CODES) {
        const option = document.createElement('option');
        option.value = code;
        setText(option, `questions.reasons.${code}`);
        select.append(option);
      }
      const otherOption = document.createElement('option');
      otherOption.value = '';
      setText(otherOption, 'questions.chair.reasonOther');
      select.append(otherOption);
      const otherLabel = document.createElement('label');
      otherLabel.htmlFor = `${uid}-other`;
      setText(otherLabel, 'questions.chair.otherText');
      const other = document.createElement('input');
      other.type = 'text';
      other.id = `${uid}-other`;
      other.maxLength = 200;
      const otherBox = document.createElement('div');
      otherBox.append(otherLabel, other);
      otherBox.hidden = true;
      select.addEventListener('change', () => {
        otherBox.hidden = select.value !== '';
      });
      fieldset.append(legend, label, select, otherBox);
      form.append(fieldset);
      setText(ok, 'questions.chair.declineOk');
      first = select;
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const reason = select.value || other.value.trim();
        if (!reason) {
          setText(problem, 'questions.chair.otherMissing');
          other.setAttribute('aria-invalid', 'true');
          other.focus();
          return;
        }
        if (await this.setStatus(id, { status: 'declined', reason }, 'declined')) this.closeEditor(id, false);
      });
    } else if (kind === 'edit') {
      const label = document.createElement('label');
      label.htmlFor = `${uid}-text`;
      setText(label, 'questions.chair.editLabel');
      const area = document.createElement('textarea');
      area.id = `${uid}-text`;
      area.rows = 3;
      area.maxLength = 500;
      area.value = q.text || '';
      form.append(label, area);
      setText(ok, 'questions.chair.save');
      first = area;
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const text = area.value.trim();
        if (!text) {
          area.setAttribute('aria-invalid', 'true');
          setText(problem, 'questions.ask.empty');
          return;
        }
        if (await this.setStatus(id, { text }, 'edited')) this.closeEditor(id);
      });
    } else {
      const targets = [...this.questions.values()]
        .filter((x) => String(x.id) !== String(id) && OPEN.has(x.status));
      if (!targets.length) {
        const none = document.createElement('p');
        setText(none, 'questions.chair.mergeNone');
        form.append(none);
        ok.hidden = true;
        first = cancel;
      } else {
        const label = document.createElement('label');
        label.htmlFor = `${uid}-into`;
        setText(label, 'questions.chair.mergeLabel');
        const select = document.createElement('select');
        select.id = `${uid}-into`;
        for (const x of targets) {
          const chars = [...(x.text || '')];
          const option = document.createElement('option');
          option.value = String(x.id);
          option.textContent = `${t('questions.chair.question', { id: x.id }) ?? x.id}: ${chars.length > 70 ? `${chars.slice(0, 67).join('')}…` : chars.join('')}`;
          select.append(option);
        }
        form.append(label, select);
        first = select;
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          const into = Number(select.value);
          if (await this.setStatus(id, { status: 'merged', merged_into: into }, 'merged')) this.closeEditor(id, false);
        });
      }
      setText(ok, 'questions.chair.mergeOk');
    }
    form.append(problem, actions);
    editor.replaceChildren(form);
    editor.hidden = false;
    first?.focus();
  }
}

// Put el at index in parent, moving it only when it is out of place (moving takes the focus
// away from what is inside it).
function place(parent, el, index) {
  if (parent.children[index] !== el) parent.insertBefore(el, parent.children[index] || null);
}
