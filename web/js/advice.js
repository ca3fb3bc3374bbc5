// advice.js — one advice (/advices/{id}): what the council advised, to whom, its status and
// clock, the municipality's answer (the outcome in words and the reasoning), the escalation,
// the PDFs, the agenda items where it was discussed — "Bekijk in de opname" opens the
// archive at that item (item.play, /archive/{meeting}?item={item}), which plays the
// recording from there — and the timeline of what happened (GET …/events).
//
// The timeline keeps the order in which things were recorded, but dates a move by the day
// it happened (sent_at, answered_at, escalated_at) when that differs from the day it was
// entered; a passed deadline is an entry of its own, placed where it fell, and a running
// one closes the list as what comes next.
//
// Everything the council or the municipality wrote is inserted with textContent.

import { adviceIdFromPath, ApiError, getAdvice, listEvents } from './advices-api.js';
import {
  clockOf, formatBytes, formatDay, formatInstantDay, instantToDay, kindLabel, renderClock,
  renderStatus, themeLabel,
} from './advice-format.js';
import { formatDateTime, formatOffset } from './archive-format.js';
import { initI18n, setText, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

let advice = null;
let events = null;

function updateDocumentTitle() {
  const name = advice?.title || t('advices.detail.pageTitle') || 'Advies';
  document.title = `${name} – ${t('common.brand') ?? 'Tribune'}`;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function translated(tag, className, key, vars) {
  const node = el(tag, className);
  setText(node, key, vars);
  return node;
}

// Text with line breaks kept (CSS white-space: pre-line), as paragraphs of text nodes.
function fillProse(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}

// ------------------------------------------------------------------------------ the advice

function fileList(list, kind) {
  const files = (advice.attachments || []).filter((a) => a?.kind === kind && typeof a.url === 'string');
  list.replaceChildren(...files.map((file) => {
    const li = el('li', 'file');
    const link = el('a', 'file-link');
    link.href = file.url;
    link.setAttribute('download', '');
    link.append(el('span', 'file-icon'), el('span', 'file-name', file.name || 'bestand.pdf'));
    link.querySelector('.file-icon').setAttribute('aria-hidden', 'true');
    link.querySelector('.file-icon').textContent = 'PDF';
    li.append(link, ' ', translated('span', 'file-size', 'advices.detail.fileSize', { size: formatBytes(file.bytes) }));
    return li;
  }));
  list.hidden = files.length === 0;
  return files.length;
}

function showHeader() {
  const title = $('advice-title');
  setText(title, null);
  title.textContent = advice.title || '';
  $('advice-council').textContent = advice.council_name || advice.council || '';
  $('advice-kind').textContent = kindLabel(advice.kind);
  $('advice-theme').textContent = themeLabel(advice.theme);
  $('advice-meta').hidden = false;
  updateDocumentTitle();
}

function showFact(id, value) {
  $(id).textContent = value || '';
  $(`${id}-row`).hidden = !value;
}

function showState() {
  renderStatus($('advice-status'), advice);
  const state = renderClock($('advice-clock'), advice);
  document.body.dataset.clock = state;
  $('fact-addressee').textContent = advice.addressee || '';
  showFact('fact-sent', formatDay(advice.sent_at));
  // The deadline only while the clock runs (or ran out): not once answered or withdrawn.
  const running = ['sent', 'escalated'].includes(advice.status) && !advice.answered_at;
  showFact('fact-deadline', running ? formatDay(advice.deadline) : '');
  showFact('fact-answered', formatDay(advice.answered_at));
}

function showTexts() {
  fillProse($('advice-summary'), advice.summary);
  $('summary-section').hidden = !advice.summary;
  fillProse($('advice-text'), advice.text);
  const files = fileList($('advice-files'), 'advice');
  $('advice-no-text').hidden = Boolean(advice.text) || files === 0;
  $('text-section').hidden = !advice.text && files === 0;
}

function showAnswer() {
  const outcome = $('answer-outcome');
  const none = $('answer-none');
  const answered = Boolean(advice.answered_at);
  if (answered && advice.outcome) setText(outcome, `advices.outcome.${advice.outcome}`);
  else setText(outcome, null);
  outcome.hidden = !outcome.textContent;
  outcome.dataset.outcome = answered ? advice.outcome || '' : '';
  fillProse($('answer-response'), answered ? advice.response : '');
  fileList($('answer-files'), 'response');
  if (!answered) {
    const key = {
      draft: 'advices.detail.noAnswerDraft',
      withdrawn: 'advices.detail.noAnswerWithdrawn',
    }[advice.status] ?? 'advices.detail.noAnswer';
    setText(none, key);
  } else setText(none, null);
  none.hidden = answered;
}

function showEscalation() {
  const escalated = Boolean(advice.escalated_at);
  $('escalation-section').hidden = !escalated;
  if (!escalated) return;
  setText($('escalation-when'), 'advices.detail.escalatedOn', { date: formatDay(advice.escalated_at) });
  fillProse($('escalation-note'), advice.escalation_note);
}

function showItems() {
  const items = Array.isArray(advice.items) ? advice.items : [];
  $('items-section').hidden = items.length === 0;
  $('items').replaceChildren(...items.map((item) => {
    const li = el('li', 'advice-item');
    li.dataset.item = String(item.id);
    const heading = translated('p', 'advice-item-title', 'advices.detail.itemLine',
      { position: item.position ?? '', title: item.title || '' });
    const meeting = el('p', 'advice-item-meeting');
    meeting.textContent = [item.meeting_title, formatDateTime(item.starts_at)].filter(Boolean).join(' · ');
    const link = el('a', 'button button-primary play-item');
    link.href = typeof item.play === 'string' && item.play.startsWith('/')
      ? item.play : `/archive/${encodeURIComponent(item.meeting)}?item=${encodeURIComponent(item.id)}`;
    const recorded = item.offset_s !== null && item.offset_s !== undefined && Number.isFinite(Number(item.offset_s));
    const icon = el('span', 'play-icon', '▶');
    icon.setAttribute('aria-hidden', 'true');
    const label = translated('span', null, recorded ? 'advices.detail.play' : 'advices.detail.toMeeting');
    const name = el('span', 'visually-hidden', ` (${item.title || ''})`);
    link.append(icon, label, name);
    li.append(heading, meeting, link);
    if (recorded) {
      li.append(translated('p', 'advice-item-offset', 'advices.detail.playFrom', { time: formatOffset(item.offset_s) }));
    }
    return li;
  }));
}

// ------------------------------------------------------------------------------ timeline

const FIELD_NAMES = ['title', 'summary', 'text', 'kind', 'theme', 'addressee', 'items'];

// The server's note on an edit or a file ("changed: title, text", "added: advies.pdf") in
// the page's words; other notes are someone's text and stay as written.
function eventNote(event) {
  const note = typeof event.note === 'string' ? event.note : '';
  if (!note) return null;
  let match;
  if (event.action === 'edited' && (match = /^changed: (.*)$/.exec(note))) {
    const fields = match[1].split(',').map((f) => f.trim()).filter(Boolean)
      .map((f) => (FIELD_NAMES.includes(f) ? t(`advices.field.${f}`) ?? f : f));
    return ['key', 'advices.timeline.changed', { fields: fields.join(', ') }];
  }
  if (event.action === 'attachment' && (match = /^(added|removed): (.*)$/.exec(note))) {
    return ['key', `advices.timeline.file.${match[1]}`, { name: match[2] }];
  }
  return ['text', note];
}

// Which day each event is shown with: a move is dated by the day it happened.
function eventDays() {
  const last = {};
  for (const event of events) last[event.action] = event.id;
  const business = { sent: advice.sent_at, answered: advice.answered_at, escalated: advice.escalated_at };
  return events.map((event) => {
    const entered = instantToDay(event.at);
    let day = last[event.action] === event.id && business[event.action] ? business[event.action] : entered;
    // An advice entered after it was sent (the secretary catching up) was written by the
    // day it was sent at the latest: date it so, and say when it came on the site.
    if (event.action === 'created' && advice.sent_at && advice.sent_at < day) day = advice.sent_at;
    return { event, day, entered };
  });
}

function entry({ state, titleKey, titleVars, day, lines = [], entered }) {
  const li = el('li', 'timeline-entry');
  li.dataset.state = state;
  const when = el('p', 'timeline-when');
  const time = el('time', null, formatDay(day));
  time.dateTime = day;
  when.append(time);
  const what = translated('p', 'timeline-what', titleKey, titleVars);
  li.append(when, what);
  for (const line of lines) {
    if (!line) continue;
    if (line[0] === 'key') li.append(translated('p', 'timeline-note', line[1], line[2]));
    else li.append(el('p', 'timeline-note timeline-text', line[1]));
  }
  if (entered && entered !== day) {
    li.append(translated('p', 'timeline-entered', 'advices.timeline.entered', { date: formatDay(entered) }));
  }
  return li;
}

function addDays(day, n) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!match) return '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + n));
  return date.toISOString().slice(0, 10);
}

function showTimeline() {
  const list = $('timeline');
  if (!events) return;
  const rows = eventDays();
  const lastOf = (action) => rows.reduce((found, row) => (row.event.action === action ? row : found), null);
  const entries = rows.map(({ event, day, entered }) => {
    const lines = [];
    const isLast = lastOf(event.action)?.event.id === event.id;
    if (event.action === 'sent' && isLast && advice.deadline) {
      lines.push(['key', 'advices.timeline.deadline', { date: formatDay(advice.deadline) }]);
    }
    if (event.action === 'answered' && isLast && advice.outcome) {
      lines.push(['key', `advices.outcome.${advice.outcome}`, {}]);
    }
    lines.push(eventNote(event));
    return {
      day,
      node: entry({
        state: event.action,
        titleKey: `advices.timeline.action.${event.action}`,
        day,
        lines,
        entered,
      }),
    };
  });

  // The deadline that passed without an answer, after the last sending and the things
  // that happened while the clock still ran.
  const clock = clockOf(advice);
  const sent = lastOf('sent');
  if (clock.state === 'overdue' && advice.deadline) {
    const passed = addDays(advice.deadline, 1);
    let at = sent ? rows.indexOf(sent) + 1 : entries.length;
    while (at < entries.length && entries[at].day && entries[at].day <= advice.deadline) at++;
    entries.splice(at, 0, {
      day: passed,
      node: entry({
        state: 'overdue',
        titleKey: 'advices.timeline.overdue',
        day: passed,
        lines: [['key', 'advices.timeline.overdueNote', { date: formatDay(advice.deadline), count: clock.vars.count }]],
      }),
    });
  } else if ((clock.state === 'running' || clock.state === 'lastday') && advice.deadline) {
    entries.push({
      day: advice.deadline,
      node: entry({
        state: 'upcoming',
        titleKey: 'advices.timeline.upcoming',
        day: advice.deadline,
        lines: [['key', clock.key, clock.vars]],
      }),
    });
  }
  list.replaceChildren(...entries.map((e) => e.node));
}

async function loadTimeline(id) {
  const status = $('timeline-status');
  try {
    events = (await listEvents(id)).slice().sort((a, b) => Number(a.id) - Number(b.id));
    setText(status, events.length ? null : 'advices.detail.noEvents');
    showTimeline();
  } catch (err) {
    console.warn('tribune: advice timeline not available', err);
    setText(status, 'advices.detail.eventsError');
  }
}

function showAll() {
  if (!advice) return;
  showHeader();
  showState();
  showTexts();
  showAnswer();
  showEscalation();
  showItems();
  showTimeline();
}

async function main() {
  await initI18n();
  updateDocumentTitle();
  document.addEventListener('tribune:languagechange', () => {
    updateDocumentTitle();
    showAll(); // dates and labels follow the page language
  });

  const id = adviceIdFromPath();
  const status = $('page-status');
  try {
    if (!id) throw new ApiError(404, 'no such advice');
    advice = await getAdvice(id);
  } catch (err) {
    setText(status, null);
    if (err instanceof ApiError && err.status === 404) setText($('page-error'), 'advices.detail.notFound');
    else if (err instanceof ApiError && err.status === 0) setText($('page-error'), 'advices.detail.network');
    else setText($('page-error'), 'advices.detail.error');
    document.body.dataset.advice = 'error';
    return;
  }
  setText(status, null);
  $('advice-body').hidden = false;
  showAll();
  await loadTimeline(id);
  document.body.dataset.advice = 'ready';
}

main();
