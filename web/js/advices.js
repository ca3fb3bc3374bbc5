// advices.js — the advice tracker's list (/advices): every advice of every council, newest
// sent first, narrowed by council, theme, status ("over tijd" is a status here) and year.
// The choice lives in the address (?council=&theme=&status=&year=) so a list can be shared
// and the back button returns to it; the server does the filtering (GET /api/advices).
// The feed links below follow the chosen council.
//
// Titles, summaries and names are the council's text: inserted with textContent only.

import {
  ApiError, feedUrls, listAdvices, listCouncils, STATUSES, THEMES,
} from './advices-api.js';
import { deadlineLine, kindLabel, renderClock, renderStatus, themeLabel } from './advice-format.js';
import { applyTranslations, initI18n, setText, t } from './i18n.js';
import { bindUrlFilters, fillCouncilSelect } from './url-filters.js';

const $ = (id) => document.getElementById(id);
const els = {
  form: $('filter-form'),
  council: $('council'),
  theme: $('theme'),
  status: $('status'),
  year: $('year'),
  clear: $('clear'),
  formError: $('form-error'),
  resultsTitle: $('results-title'),
  resultsStatus: $('results-status'),
  results: $('results'),
  template: $('advice-template'),
  atom: $('feed-atom'),
  ics: $('feed-ics'),
  json: $('feed-json'),
  subscribeCouncil: $('subscribe-council'),
};

const FILTERS = ['council', 'theme', 'status', 'year'];
const STATUS_CHOICES = ['overdue', ...STATUSES];
const FIRST_YEAR = 2015;
const councilNames = new Map(); // slug → name
let shown = null; // the advices on screen, for re-rendering after a language switch
let runCounter = 0;

function updateDocumentTitle() {
  document.title = `${t('advices.pageTitle') ?? 'Adviezen'} – ${t('common.brand') ?? 'Tribune'}`;
}

// ------------------------------------------------------------------------------ the form

function option(value, key, text) {
  const el = new Option(text ?? '', value);
  if (key) setText(el, key);
  return el;
}

function fillChoices() {
  els.theme.append(...THEMES.map((theme) => option(theme, `advices.theme.${theme}`)));
  els.status.append(...STATUS_CHOICES.map((status) => option(status, `advices.list.statusChoice.${status}`)));
  const thisYear = new Date().getFullYear();
  for (let year = thisYear; year >= FIRST_YEAR; year--) els.year.append(option(String(year), null, String(year)));
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const pick = (name, test) => (test(params.get(name) || '') ? params.get(name) : '');
  return {
    council: pick('council', (v) => /^[a-z0-9-]{1,64}$/.test(v)),
    theme: pick('theme', (v) => THEMES.includes(v)),
    status: pick('status', (v) => STATUS_CHOICES.includes(v)),
    year: pick('year', (v) => /^(19|20)\d{2}$/.test(v)),
  };
}

function readForm() {
  return Object.fromEntries(FILTERS.map((name) => [name, els[name].value]));
}

function fillForm(state) {
  for (const name of FILTERS) {
    const select = els[name];
    // A value from a shared link that the list does not have (a council not loaded yet,
    // an older year) stays as a choice, so the filter still shows.
    if (state[name] && ![...select.options].some((o) => o.value === state[name])) {
      select.append(new Option(state[name], state[name]));
    }
    select.value = state[name];
  }
}

function urlFor(state) {
  const url = new URL(location.href);
  for (const name of FILTERS) {
    if (state[name]) url.searchParams.set(name, state[name]);
    else url.searchParams.delete(name);
  }
  return url;
}

function showFeeds(council) {
  const urls = feedUrls(council);
  els.atom.href = urls.atom;
  els.ics.href = urls.ics;
  els.json.href = urls.json;
  const name = council ? councilNames.get(council) || council : '';
  if (name) setText(els.subscribeCouncil, 'advices.list.feedsFor', { council: name });
  else setText(els.subscribeCouncil, null);
  els.subscribeCouncil.hidden = !name;
}

// ------------------------------------------------------------------------------ the list

function card(advice) {
  const li = els.template.content.firstElementChild.cloneNode(true);
  applyTranslations(li);
  li.dataset.id = String(advice.id);
  li.dataset.status = advice.status || '';
  const link = li.querySelector('.advice-link');
  link.href = `/advices/${encodeURIComponent(advice.id)}`;
  link.textContent = advice.title || '';
  li.querySelector('.advice-council').textContent =
    advice.council_name || councilNames.get(advice.council) || advice.council || '';
  li.querySelector('.advice-kind').textContent = kindLabel(advice.kind);
  li.querySelector('.advice-theme').textContent = themeLabel(advice.theme);
  const summary = li.querySelector('.advice-card-summary');
  summary.textContent = advice.summary || '';
  summary.hidden = !advice.summary;
  renderStatus(li.querySelector('.advice-status'), advice);
  const state = renderClock(li.querySelector('.advice-clock'), advice);
  li.dataset.clock = state;
  const deadline = li.querySelector('.advice-deadline');
  const line = deadlineLine(advice);
  if (line) setText(deadline, ...line);
  deadline.hidden = !line;
  return li;
}

function render() {
  if (!shown) return;
  els.results.replaceChildren(...shown.map(card));
  if (shown.length) setText(els.resultsStatus, 'advices.list.count', { count: shown.length });
  else setText(els.resultsStatus, 'advices.list.none');
}

async function run(state) {
  const mine = ++runCounter;
  setText(els.formError, null);
  document.body.dataset.results = 'loading';
  els.results.setAttribute('aria-busy', 'true');
  setText(els.resultsStatus, 'advices.list.loading');
  showFeeds(state.council);
  try {
    const advices = await listAdvices(state);
    if (mine !== runCounter) return; // a newer choice has started
    shown = advices;
    render();
  } catch (err) {
    if (mine !== runCounter) return;
    console.warn('tribune: advices not available', err);
    shown = null;
    els.results.replaceChildren();
    setText(els.resultsStatus, null);
    if (err instanceof ApiError && err.status === 404) {
      // An unknown council (an old link): nothing matches it.
      shown = [];
      render();
    } else if (err instanceof ApiError && err.status === 0) {
      setText(els.formError, 'advices.list.error.network');
    } else if (err instanceof ApiError && err.status === 400) {
      setText(els.formError, 'advices.list.error.badFilter');
    } else {
      setText(els.formError, 'advices.list.error.server');
    }
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
    setText(els.formError, 'advices.list.error.councils');
  }
}

async function main() {
  await initI18n();
  updateDocumentTitle();
  document.addEventListener('tribune:languagechange', () => {
    updateDocumentTitle();
    render(); // dates follow the page language
  });
  fillChoices();
  await loadCouncils();
  fillForm(stateFromUrl());

  bindUrlFilters({
    form: els.form, clear: els.clear, resultsTitle: els.resultsTitle, focusAfterClear: els.council,
    empty: { council: '', theme: '', status: '', year: '' },
    stateFromUrl, readForm, fillForm, urlFor, run,
  });

  await run(stateFromUrl());
}

main();
