// archive.js — the public archive (/archive): search the agenda items of every meeting,
// narrow by council and period, or browse the meetings themselves.
//
// With a search word the list shows agenda items (GET /api/search; the council and date
// filters apply to the hits here, as the search has none of its own); without one it shows
// the meetings (GET /api/meetings, which filters itself), newest first. Each result links
// to /archive/{meeting}, a hit with ?item= so the video starts at that item; a resident's
// question that matched (type "question") links to its answer (?t=) or to the question. The form's
// state lives in the address (?q=&council=&from=&to=), so a result can be shared and the
// back button returns to the same list.

import { ApiError } from './api.js';
import { listCouncils, listMeetings, search } from './archive-api.js';
import { dayStartIso, formatDateTime, isoAttr } from './archive-format.js';
import { applyTranslations, initI18n, setText, t } from './i18n.js';
import { bindUrlFilters, fillCouncilSelect } from './url-filters.js';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('archive-form'),
  q: $('q'),
  council: $('council'),
  from: $('from'),
  to: $('to'),
  clear: $('clear'),
  formError: $('form-error'),
  resultsTitle: $('results-title'),
  status: $('results-status'),
  results: $('results'),
  template: $('hit-template'),
};

const councilNames = new Map(); // slug → name
let shown = null; // {kind: 'hits'|'meetings', items, q}: what the list shows, for re-rendering
let runCounter = 0;

function updateDocumentTitle() {
  document.title = `${t('archive.pageTitle') ?? 'Archief'} – ${t('common.brand') ?? 'Tribune'}`;
}

function readForm() {
  return {
    q: els.q.value.trim(),
    council: els.council.value,
    from: els.from.value,
    to: els.to.value,
  };
}

function fillForm(state) {
  els.q.value = state.q;
  els.from.value = state.from;
  els.to.value = state.to;
  // A council that is not (yet) in the list is kept as an option, so the filter still shows.
  if (state.council && ![...els.council.options].some((o) => o.value === state.council)) {
    els.council.append(new Option(state.council, state.council));
  }
  els.council.value = state.council;
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const date = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : '');
  return {
    q: (params.get('q') || '').trim().slice(0, 200),
    council: /^[a-z0-9-]{1,64}$/.test(params.get('council') || '') ? params.get('council') : '',
    from: date(params.get('from')),
    to: date(params.get('to')),
  };
}

function urlFor(state) {
  const url = new URL(location.href);
  for (const key of ['q', 'council', 'from', 'to']) {
    if (state[key]) url.searchParams.set(key, state[key]);
    else url.searchParams.delete(key);
  }
  return url;
}

// ------------------------------------------------------------------------------ render

function card() {
  const li = els.template.content.firstElementChild.cloneNode(true);
  applyTranslations(li);
  return li;
}

function fillWhen(li, { council, startsAt, status }) {
  li.querySelector('.result-council').textContent = council || '';
  li.querySelector('.sep').hidden = !council;
  const time = li.querySelector('.result-date');
  time.dateTime = isoAttr(startsAt);
  time.textContent = formatDateTime(startsAt);
  const badge = li.querySelector('.result-badge');
  if (status === 'live' || status === 'planned') {
    setText(badge, `archive.status.${status}`);
    badge.className = `badge result-badge ${status === 'live' ? 'badge-live' : 'badge-idle'}`;
    badge.hidden = false;
  }
}

// A resident's question that matched (type "question"): its text as the link, to the moment
// it was answered when the hit says so, otherwise to the question on the meeting's page.
function questionCard(hit) {
  const li = card();
  li.classList.add('result-card-question');
  const link = li.querySelector('.result-link');
  const offset = Number(hit.answered_offset_s);
  const meeting = encodeURIComponent(hit.meeting);
  link.href = hit.answered_offset_s != null && Number.isFinite(offset)
    ? `/archive/${meeting}?t=${encodeURIComponent(Math.floor(offset))}`
    : `/archive/${meeting}#question-${encodeURIComponent(hit.question)}`;
  link.textContent = hit.text || ''; // a resident's text: textContent only
  setText(li.querySelector('.result-kind'), 'questions.search.kind');
  setText(li.querySelector('.result-meeting'), 'archive.inMeeting', { meeting: hit.meeting_title || '' });
  fillWhen(li, { council: councilNames.get(hit.council) || hit.council, startsAt: hit.starts_at });
  li.querySelector('.result-description').hidden = true;
  return li;
}

// An advice of a council that matched (type "advice"): to its page on the tracker, with the
// date it was sent (a draft has none).
function adviceCard(hit) {
  const li = card();
  li.classList.add('result-card-advice');
  const link = li.querySelector('.result-link');
  link.href = `/advices/${encodeURIComponent(hit.advice)}`;
  link.textContent = hit.title || '';
  setText(li.querySelector('.result-kind'), 'archive.adviceKind');
  li.querySelector('.result-meeting').hidden = true;
  fillWhen(li, { council: councilNames.get(hit.council) || hit.council, startsAt: hit.sent_at });
  if (!hit.sent_at) {
    li.querySelector('.result-date').hidden = true;
    li.querySelector('.sep').hidden = true;
  }
  const description = li.querySelector('.result-description');
  description.textContent = hit.summary || '';
  description.hidden = !hit.summary;
  return li;
}

function hitCard(hit) {
  if (hit?.type === 'question') return questionCard(hit);
  if (hit?.type === 'advice') return adviceCard(hit);
  const li = card();
  const link = li.querySelector('.result-link');
  link.href = `/archive/${encodeURIComponent(hit.meeting)}?item=${encodeURIComponent(hit.item)}`;
  link.textContent = hit.title || '';
  const kind = li.querySelector('.result-kind');
  if (hit.kind && t(`archive.kind.${hit.kind}`)) setText(kind, `archive.kind.${hit.kind}`);
  else kind.hidden = true;
  setText(li.querySelector('.result-meeting'), 'archive.inMeeting', { meeting: hit.meeting_title || '' });
  fillWhen(li, { council: councilNames.get(hit.council) || hit.council, startsAt: hit.starts_at });
  const description = li.querySelector('.result-description');
  description.textContent = hit.description || '';
  description.hidden = !hit.description;
  return li;
}

function meetingCard(meeting) {
  const li = card();
  li.classList.add('result-card-meeting');
  const link = li.querySelector('.result-link');
  link.href = `/archive/${encodeURIComponent(meeting.id)}`;
  link.textContent = meeting.title || '';
  li.querySelector('.result-meta').hidden = true;
  li.querySelector('.result-description').hidden = true;
  fillWhen(li, {
    council: meeting.council_name || councilNames.get(meeting.council_slug) || meeting.council_slug,
    startsAt: meeting.starts_at,
    status: meeting.status,
  });
  return li;
}

function render() {
  if (!shown) return;
  const { kind, items, q } = shown;
  els.results.replaceChildren(...items.map(kind === 'hits' ? hitCard : meetingCard));
  setText(els.resultsTitle, kind === 'hits' ? 'archive.resultsSearch' : 'archive.resultsAll');
  if (kind === 'hits') {
    setText(els.status, items.length ? 'archive.hits' : 'archive.noHits', { count: items.length, q });
  } else {
    setText(els.status, items.length ? 'archive.meetings' : 'archive.noMeetings', { count: items.length });
  }
}

// ------------------------------------------------------------------------------ run

function inRange(iso, fromIso, toIso) {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return !fromIso && !toIso;
  return (!fromIso || time >= Date.parse(fromIso)) && (!toIso || time < Date.parse(toIso));
}

async function run(state) {
  const mine = ++runCounter;
  setText(els.formError, null);
  els.q.removeAttribute('aria-invalid');
  els.to.removeAttribute('aria-invalid');
  const fromIso = dayStartIso(state.from);
  const toIso = dayStartIso(state.to, { dayAfter: true });
  if (fromIso && toIso && Date.parse(toIso) <= Date.parse(fromIso)) {
    els.to.setAttribute('aria-invalid', 'true');
    setText(els.formError, 'archive.error.badDates');
    setText(els.status, null);
    return;
  }

  document.body.dataset.results = 'loading';
  els.results.setAttribute('aria-busy', 'true');
  setText(els.status, 'archive.loading');
  try {
    let next;
    if (state.q) {
      const hits = await search(state.q);
      next = {
        kind: 'hits',
        q: state.q,
        items: hits.filter((hit) => (!state.council || hit.council === state.council) &&
          inRange(hit.type === 'advice' ? hit.sent_at : hit.starts_at, fromIso, toIso)),
      };
    } else {
      const meetings = await listMeetings({ council: state.council, from: fromIso, to: toIso });
      next = { kind: 'meetings', items: meetings.reverse() };
    }
    if (mine !== runCounter) return; // a newer search has started
    shown = next;
    render();
  } catch (err) {
    if (mine !== runCounter) return;
    console.warn('tribune: archive search failed', err);
    shown = null;
    els.results.replaceChildren();
    setText(els.status, null);
    if (err instanceof ApiError && err.status === 0) setText(els.formError, 'archive.error.network');
    else if (err instanceof ApiError && err.status === 400 && state.q) {
      els.q.setAttribute('aria-invalid', 'true');
      setText(els.formError, 'archive.error.badQuery');
    } else if (err instanceof ApiError && err.status === 404) {
      // An unknown council (from an old link): nothing matches it.
      shown = { kind: state.q ? 'hits' : 'meetings', items: [], q: state.q };
      render();
    } else setText(els.formError, 'archive.error.server');
  } finally {
    if (mine === runCounter) {
      els.results.removeAttribute('aria-busy');
      document.body.dataset.results = 'ready';
    }
  }
}

async function loadCouncils() {
  try {
    fillCouncilSelect(els.council, await listCouncils(), councilNames);
  } catch (err) {
    console.warn('tribune: councils not available', err);
    setText(els.formError, 'archive.error.councils');
  }
}

async function main() {
  await initI18n();
  updateDocumentTitle();
  document.addEventListener('tribune:languagechange', () => {
    updateDocumentTitle();
    render(); // dates follow the page language
  });

  fillForm(stateFromUrl());
  await loadCouncils();
  fillForm(stateFromUrl());

  bindUrlFilters({
    form: els.form, clear: els.clear, resultsTitle: els.resultsTitle, focusAfterClear: els.q,
    empty: { q: '', council: '', from: '', to: '' },
    stateFromUrl, readForm, fillForm, urlFor, run,
  });

  await run(stateFromUrl());
}

main();
