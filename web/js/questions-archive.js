// questions-archive.js — on a meeting's archive page, the residents' questions: every
// public question with its outcome (answered, declined with the reason, approved but not
// reached), "Bekijk het antwoord" for an answered one (the player jumps to the moment the
// chair marked it answered), and the moderation log as a table: what the chair did, when,
// and why. Question text is residents' text: textContent only.

import { ApiError } from './api.js';
import { formatOffset } from './archive-format.js';
import { language, setText, t } from './i18n.js';
import { askerLine, listQuestions, moderationLog, reasonText } from './questions-api.js';

const SHOWN = new Set(['approved', 'answered', 'declined']);

// els: {section, status, empty, list, logTitle, logEmpty, logWrap, logBody}
// options: {meeting, canSeek() → bool, seek(seconds)}
export async function showArchiveQuestions(els, { meeting, canSeek, seek }) {
  let questions = [];
  let log = [];
  try {
    [questions, log] = await Promise.all([listQuestions(meeting.id), moderationLog(meeting.id)]);
  } catch (err) {
    // 404: a server without residents' questions; the page has no such part then.
    if (err instanceof ApiError && err.status === 404) return;
    console.warn('tribune: questions not available', err);
    els.section.hidden = false;
    setText(els.status, 'questions.archive.loadError');
    return;
  }
  const items = new Map((meeting.agenda ?? []).map((item) => [item.id, item]));

  const render = () => {
    const shown = questions.filter((q) => SHOWN.has(q.status))
      .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || Number(a.id) - Number(b.id));
    els.section.hidden = false;
    els.empty.hidden = shown.length > 0;
    els.list.replaceChildren(...shown.map((q) => row(q)));
    renderLog();
    document.body.dataset.questions = 'ready';
  };

  const row = (q) => {
    const li = document.createElement('li');
    li.className = 'q-card';
    li.id = `question-${q.id}`;
    li.tabIndex = -1;
    li.dataset.id = String(q.id);
    li.dataset.status = q.status;
    const text = document.createElement('p');
    text.className = 'q-text';
    text.id = `archive-q-${q.id}`;
    text.textContent = q.text || '';
    const meta = document.createElement('p');
    meta.className = 'q-meta';
    const number = document.createElement('span');
    setText(number, 'questions.chair.question', { id: q.id });
    meta.append(number);
    const who = askerLine(q);
    if (who) {
      const span = document.createElement('span');
      setText(span, ...who);
      meta.append(span);
    }
    const item = items.get(q.item);
    if (item) {
      const span = document.createElement('span');
      setText(span, 'questions.aboutItem', { item: `${item.position}. ${item.title || ''}` });
      meta.append(span);
    }
    const votes = document.createElement('span');
    setText(votes, 'questions.votes', { count: Number(q.votes) || 0 });
    meta.append(votes);
    const status = document.createElement('p');
    status.className = 'q-status';
    status.dataset.status = q.status;
    setText(status, `questions.outcome.${q.status}`);
    li.append(text, meta, status);
    if (q.status === 'declined' && q.reason) {
      const reason = document.createElement('p');
      reason.className = 'q-reason';
      setText(reason, 'questions.reasonLine', { reason: reasonText(q.reason) });
      li.append(reason);
    }
    const offset = Number(q.answered_offset_s);
    if (q.status === 'answered' && q.answered_offset_s !== null && Number.isFinite(offset)) {
      const at = document.createElement('p');
      at.className = 'q-meta';
      setText(at, 'questions.archive.answeredAt', { time: formatOffset(offset) });
      li.append(at);
      if (canSeek()) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'button button-primary small q-watch';
        button.dataset.offset = String(offset);
        button.setAttribute('aria-describedby', text.id);
        setText(button, 'questions.archive.watch');
        button.addEventListener('click', () => seek(offset));
        li.append(button);
      }
    }
    return li;
  };

  const renderLog = () => {
    els.logEmpty.hidden = log.length > 0;
    els.logWrap.hidden = log.length === 0;
    const time = new Intl.DateTimeFormat(language(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    els.logBody.replaceChildren(...log.map((entry) => {
      const tr = document.createElement('tr');
      const cell = (value) => {
        const td = document.createElement('td');
        td.textContent = value == null ? '' : String(value);
        tr.append(td);
        return td;
      };
      const when = new Date(entry.at);
      const at = cell('');
      const stamp = document.createElement('time');
      stamp.dateTime = Number.isNaN(when.getTime()) ? '' : when.toISOString();
      stamp.textContent = Number.isNaN(when.getTime()) ? String(entry.at ?? '') : time.format(when);
      at.append(stamp);
      const question = cell('');
      if (entry.question != null) {
        const link = document.createElement('a');
        link.href = `#question-${encodeURIComponent(entry.question)}`;
        link.textContent = `#${entry.question}`;
        question.append(link);
      }
      const action = typeof entry.action === 'string' ? entry.action : '';
      cell(t(`questions.actions.${action}`) ?? action);
      cell(reasonText(entry.reason));
      cell(entry.by);
      return tr;
    }));
  };

  render();
  document.addEventListener('tribune:languagechange', render);

  // From a search hit (#question-12): bring that question into view.
  const wanted = /^#question-(\d+)$/.exec(location.hash);
  const target = wanted && document.getElementById(`question-${wanted[1]}`);
  if (target) {
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }
}
