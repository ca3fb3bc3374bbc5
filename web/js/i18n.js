// i18n.js — translations for every Tribune page.
//
// Each page carries its Dutch text in the HTML as a fallback, and marks every string with
// data-i18n (textContent), data-i18n-aria-label or data-i18n-placeholder. This module loads
// /static/i18n/{lang}.json and fills those in. Code sets changing text with setText(), which
// records the key (and its variables) on the element, so a later language switch re-renders
// status lines too without each page keeping track of what it showed.
//
// Language choice: ?lang= in the URL, then what the visitor chose before (localStorage),
// then Dutch — most residents speak Dutch and the councils work in Dutch. Any language with
// a catalog in web/i18n/ works (add a button for it to the switcher); one without falls back
// to Dutch. Right-to-left languages (Arabic, …) turn the page around with <html dir>.

const LANG_CODE = /^[a-z]{2,3}$/;
const FALLBACK = 'nl';
const RTL = new Set(['ar', 'fa', 'he', 'ur']);
const STORAGE_KEY = 'tribune.lang';

let current = FALLBACK;
let catalog = {};
let fallbackCatalog = {};
let catalogsTried = false;

export function language() {
  return current;
}

function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private mode, third-party iframe): fall through to the default.
  }
  for (const lang of [fromUrl, stored]) {
    if (lang && LANG_CODE.test(lang)) return lang;
  }
  return FALLBACK;
}

async function loadCatalog(lang) {
  const response = await fetch(`/static/i18n/${lang}.json`);
  if (!response.ok) throw new Error(`catalog ${lang}: HTTP ${response.status}`);
  return response.json();
}

function lookup(table, key) {
  let node = table;
  for (const part of key.split('.')) {
    if (node == null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// Look a key up in the chosen catalog, then in Dutch. Returns {text, lang} or undefined.
// t('room.viewers', {count: 3}) picks 'room.viewers.one' or '.other' when the entry has
// plural forms; {name} placeholders are replaced by the matching variable.
function translate(key, vars = {}) {
  let fullKey = key;
  if (typeof vars.count === 'number') {
    const form = new Intl.PluralRules(current).select(vars.count);
    for (const candidate of [`${key}.${form}`, `${key}.other`]) {
      if (lookup(catalog, candidate) ?? lookup(fallbackCatalog, candidate)) {
        fullKey = candidate;
        break;
      }
    }
  }
  let text = lookup(catalog, fullKey);
  let lang = current;
  if (text === undefined) {
    text = lookup(fallbackCatalog, fullKey);
    lang = FALLBACK;
  }
  if (text === undefined) return undefined;
  text = text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
  return { text, lang };
}

export function t(key, vars = {}) {
  return translate(key, vars)?.text;
}

// Text that fell back to Dutch in, say, an Arabic page is marked as Dutch, so screen
// readers pronounce it right and it runs left to right.
function markLanguage(el, lang) {
  if (lang !== current) {
    el.setAttribute('lang', lang);
    el.setAttribute('dir', RTL.has(lang) ? 'rtl' : 'ltr');
    el.dataset.i18nFallback = '';
  } else if ('i18nFallback' in el.dataset) {
    el.removeAttribute('lang');
    el.removeAttribute('dir');
    delete el.dataset.i18nFallback;
  }
}

function readVars(el) {
  try {
    return el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {};
  } catch {
    return {};
  }
}

// Translate everything under root. A missing key leaves the HTML's Dutch fallback alone.
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const found = translate(el.dataset.i18n, readVars(el));
    if (found === undefined) continue;
    el.textContent = found.text;
    markLanguage(el, found.lang);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    const text = t(el.dataset.i18nAriaLabel, readVars(el));
    if (text !== undefined) el.setAttribute('aria-label', text);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    const text = t(el.dataset.i18nPlaceholder);
    if (text !== undefined) el.setAttribute('placeholder', text);
  }
  for (const el of root.querySelectorAll('[data-i18n-title]')) {
    const text = t(el.dataset.i18nTitle, readVars(el));
    if (text !== undefined) el.setAttribute('title', text);
  }
}

// Show a translated string in el and remember it for the next language switch. A null key
// empties the element.
export function setText(el, key, vars = {}) {
  if (!key) {
    delete el.dataset.i18n;
    delete el.dataset.i18nVars;
    el.textContent = '';
    markLanguage(el, current);
    return;
  }
  el.dataset.i18n = key;
  if (Object.keys(vars).length) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  const found = translate(key, vars);
  // Before the catalogs arrive (a page may start work, such as its video, while they load)
  // the element keeps the page's Dutch text; applyTranslations() fills it in once they are
  // here. After that, a missing key shows as itself, so it is noticed.
  if (!found && !catalogsTried) return;
  el.textContent = found?.text ?? key;
  markLanguage(el, found?.lang ?? current);
}

export async function setLanguage(lang, { remember = false } = {}) {
  if (!LANG_CODE.test(lang)) lang = FALLBACK;
  try {
    if (!Object.keys(fallbackCatalog).length) fallbackCatalog = await loadCatalog(FALLBACK);
  } catch (err) {
    // Without catalogs the page keeps its Dutch HTML text; it still works.
    console.warn('tribune: could not load translations', err);
  }
  try {
    catalog = lang === FALLBACK ? fallbackCatalog : await loadCatalog(lang);
    current = lang;
  } catch (err) {
    console.warn(`tribune: no translations for "${lang}", using ${FALLBACK}`, err);
    catalog = fallbackCatalog;
    current = FALLBACK;
  }
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, current);
    } catch {
      // Not remembered; the choice still holds for this page.
    }
    // A ?lang= in the address would override the new choice on reload: keep it in step.
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', current);
      history.replaceState(history.state, '', url);
    }
  }
  catalogsTried = true;
  document.documentElement.lang = current;
  document.documentElement.dir = RTL.has(current) ? 'rtl' : 'ltr';
  applyTranslations();
  updateSwitchers();
  document.dispatchEvent(new CustomEvent('tribune:languagechange', { detail: { lang: current } }));
  return current;
}

function updateSwitchers() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === current));
  }
}

// Wire the language buttons (<button data-lang="en">) and load the chosen language.
export async function initI18n() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang, { remember: true }));
  }
  return setLanguage(pickLanguage());
}
