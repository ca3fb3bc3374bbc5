// The advice tracker (docs/advices.md) as residents and the secretary use it, against the
// real server: a meeting of Wijkraad Charlois is held and recorded, advices are made through
// the API in every state (one sent 60 days ago, so overdue), and then:
// - /advices lists them with their clocks: the overdue one red AND in words with an icon
//   ("18 dagen te laat", computed here from the dates), "Nog 37 dagen", "Vandaag de laatste
//   dag", "Beantwoord op …"; filters (status "over tijd", council, theme, year) narrow the list
//   and live in the address; the feed links follow the council;
// - /advices/{id} shows the advice, the answer in words, the timeline; its "Bekijk in de
//   opname" opens the archive at the agenda item and the recording plays from there;
//   the archive page shows the advice under that item; an unknown id is a 404 page;
// - /admin/advices: the secretary writes, sends and answers an advice with the keyboard,
//   adds a PDF; the API's refusals show in words (400 its text, 409 the moves possible);
//   a member gets "no access";
// - hostile text in a title stays text everywhere; axe finds nothing on the three pages in
//   Dutch and English; screenshots on a desktop and a 390 px phone.

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  addDays, councilToday, daysBetween, holdMeeting, localToday, longDay, makeAdvice, recordedMeeting,
  tinyPdf, uploadPdf,
} from './lib/advice-setup.mjs';
import { artifactsDir, axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { addUser, createMeeting, logIn, PASSWORD, sleep } from './lib/meeting-setup.mjs';
import { repoRoot, startServer } from './lib/server.mjs';
import { describeAxe, logInWithPage } from './lib/staff.mjs';
import { videoStats } from './lib/video.mjs';

const HOSTILE = '<img src=x onerror=alert(1)>';
const RED = 'rgb(155, 28, 28)'; // --danger

let server;
let browser;
let api;
let token;
let held;      // {meeting, items}: the recorded meeting
let today;     // the council's today
const advices = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  held = await createMeeting(server, {
    council: { slug: 'charlois', name: 'Wijkraad Charlois' },
    title: 'Vergadering september',
    startsAt: '2026-09-15T19:30:00+02:00',
    agenda: [
      { title: 'Opening', kind: 'opening' },
      { title: 'Advies oversteekplaats Boulevard Zuid', kind: 'advice', description: 'De wijkraad stelt het advies vast.' },
      { title: 'Rondvraag', kind: 'rondvraag' },
    ],
  });
  api = held.api;
  token = await logIn(server, 'secretaris');
  await holdMeeting(api, held.meeting, held.items, [[0, 3000], [1, 4000], [2, 2000]]);
  await api('POST', '/api/councils', { slug: 'noord', name: 'Wijkraad Noord', advice_term_days: 42 });
  const noordMeeting = await createMeeting(server, {
    api,
    council: { slug: 'noord', name: 'Wijkraad Noord' },
    title: 'Vergadering Noord oktober',
    startsAt: '2026-10-13T19:30:00+02:00',
    agenda: [{ title: 'Speeltuin Noordplein', kind: 'discussion' }],
  });

  today = councilToday();
  advices.overdue = await makeAdvice(api, {
    fields: {
      council: 'charlois',
      title: 'Veilig oversteken bij de Boulevard Zuid',
      summary: 'Kinderen steken over op een drukke weg. De wijkraad vraagt om een zebrapad en een lager tempo.',
      text: 'De wijkraad adviseert:\n1. Een zebrapad bij de school.\n2. 30 km per uur.',
      kind: 'requested',
      theme: 'traffic',
      addressee: 'Wethouder Buitenruimte',
      items: [held.items[1].id],
    },
    sent: addDays(today, -60),
    notes: ['De wijkraad heeft de gemeente gebeld. Het antwoord komt later.'],
  });
  await uploadPdf(server, token, advices.overdue.id, { name: 'advies-oversteken.pdf' });
  advices.answered = await makeAdvice(api, {
    fields: {
      council: 'charlois',
      title: 'Meer bankjes in het Zuiderpark',
      summary: 'Ouderen willen vaker kunnen rusten in het park.',
      text: 'Zet tien bankjes langs het grote pad.',
      kind: 'unsolicited',
      theme: 'public_space',
      addressee: 'Wethouder Buitenruimte',
    },
    sent: addDays(today, -30),
    answer: {
      answered_at: addDays(today, -10),
      outcome: 'partly_adopted',
      response: 'Er komen vijf bankjes. Meer past niet in het budget.',
    },
  });
  advices.running = await makeAdvice(api, {
    fields: {
      council: 'noord', title: 'Een wip erbij in de speeltuin', kind: 'requested', theme: 'welfare',
      addressee: 'Gebiedscommissie', items: [noordMeeting.items[0].id],
    },
    sent: addDays(today, -5),
  });
  advices.lastDay = await makeAdvice(api, {
    fields: { council: 'noord', title: 'Afvalbakken bij de haltes', kind: 'unsolicited', theme: 'environment', addressee: 'Wethouder Afval' },
    sent: addDays(today, -42),
  });
  advices.hostile = await makeAdvice(api, {
    fields: { council: 'noord', title: HOSTILE, summary: `${HOSTILE} <script>alert(2)</script>`, kind: 'unsolicited', theme: 'other', addressee: HOSTILE },
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Any dialog (alert) fails the test; injected elements are looked for by name.
function guard(page) {
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return page;
}

async function noInjection(page, where) {
  assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
  const found = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], img[onerror]').length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
  }));
  assert.deepEqual(found, { img: 0, inlineScripts: 0 }, `${where}: injected elements`);
}

// The whole page, not only what fits on the screen (for looking at long pages).
async function fullShot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

async function noOverflow(page, where) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${where}: ${overflow} px too wide`);
}

const overdueDays = () => daysBetween(advices.overdue.deadline, today);
const listReady = (page) => waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'advice list', server });
const titles = (page) => page.locator('#results .advice-link').allTextContents();
const card = (page, id) => page.locator(`#results li[data-id="${id}"]`);

test('the API counts the deadline as docs/advices.md says', async () => {
  const n = overdueDays();
  assert.equal(advices.overdue.deadline, addDays(advices.overdue.sent_at, 42));
  assert.equal(n, 18, 'sent 60 days ago with 42 days to answer');
  assert.equal(advices.overdue.overdue, true);
  assert.equal(advices.overdue.days_overdue, n);
  assert.equal(advices.running.days_left, 37);
  assert.equal(advices.lastDay.days_left, 0);
  assert.equal(advices.lastDay.overdue, false);
  assert.equal(advices.answered.overdue, false);
  assert.equal(advices.answered.days_left, null);
});

test('/advices lists every advice with its clock; the overdue one is red, with an icon and in words', { timeout: 60000 }, async () => {
  const page = guard(await newPage(browser));
  const response = await page.goto(`${server.url}/advices`);
  assert.equal(response.status(), 200);
  await listReady(page);
  assert.equal(await page.locator('h1').textContent(), 'Adviezen van de wijkraden');
  assert.equal(await page.locator('#results li').count(), 5);
  assert.equal(await page.locator('#results-status').textContent(), '5 adviezen.');

  const n = overdueDays();
  const overdue = card(page, advices.overdue.id);
  assert.equal(await overdue.locator('.advice-link').textContent(), 'Veilig oversteken bij de Boulevard Zuid');
  assert.equal(await overdue.locator('.advice-link').getAttribute('href'), `/advices/${advices.overdue.id}`);
  assert.equal(await overdue.locator('.clock-text').textContent(), `${n} dagen te laat`);
  assert.match(await overdue.textContent(), /Wijkraad Charlois/);
  assert.match(await overdue.textContent(), /Gevraagd advies/);
  assert.match(await overdue.textContent(), /Verkeer/);
  assert.match(await overdue.textContent(), /Verstuurd/);
  assert.equal(await overdue.locator('.advice-deadline').textContent(), `Antwoord uiterlijk ${longDay(advices.overdue.deadline)}`);
  // Red, and not by colour alone: the words say "te laat", an icon stands beside them and
  // the card has a thick red side.
  const look = await overdue.evaluate((li) => {
    const clock = li.querySelector('.clock');
    const icon = li.querySelector('.clock-icon');
    return {
      colour: getComputedStyle(clock).color,
      icon: icon.textContent,
      iconShown: icon.getBoundingClientRect().width > 0,
      iconBg: getComputedStyle(icon).backgroundColor,
      side: getComputedStyle(li).borderInlineStartColor,
      sideWidth: parseFloat(getComputedStyle(li).borderInlineStartWidth),
    };
  });
  assert.deepEqual(look, { colour: RED, icon: '!', iconShown: true, iconBg: RED, side: RED, sideWidth: look.sideWidth });
  assert.ok(look.sideWidth >= 8, `thick side: ${look.sideWidth}px`);

  assert.equal(await card(page, advices.running.id).locator('.clock-text').textContent(), 'Nog 37 dagen');
  assert.equal(await card(page, advices.lastDay.id).locator('.clock-text').textContent(), 'Vandaag de laatste dag');
  assert.equal(await card(page, advices.lastDay.id).locator('.clock-icon').isVisible(), true);
  assert.equal(await card(page, advices.answered.id).locator('.clock-text').textContent(),
    `Beantwoord op ${longDay(advices.answered.answered_at)}`);
  assert.match(await card(page, advices.answered.id).textContent(), /Ongevraagd advies/);
  assert.equal(await card(page, advices.hostile.id).locator('.clock-text').textContent(), 'Nog niet verstuurd');
  for (const id of [advices.running.id, advices.answered.id]) {
    assert.notEqual(await card(page, id).locator('.clock').evaluate((el) => getComputedStyle(el).color), RED);
  }

  // Hostile text in a title and summary is shown as text.
  assert.equal(await card(page, advices.hostile.id).locator('.advice-link').textContent(), HOSTILE);
  assert.match(await card(page, advices.hostile.id).locator('.advice-card-summary').textContent(), /<script>alert\(2\)<\/script>/);
  await noInjection(page, '/advices');

  // Subscribe and open data.
  assert.equal(await page.getByRole('link', { name: 'Nieuws over de adviezen' }).getAttribute('href'), '/advices.atom');
  assert.equal(await page.getByRole('link', { name: 'Einddatums in uw agenda' }).getAttribute('href'), '/advices.ics');
  assert.equal(await page.getByRole('link', { name: 'Alle adviezen als open data' }).getAttribute('href'), '/api/advices.json');

  await screenshot(page, 'advices-list-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await noOverflow(page, '/advices at 390 px');
  await screenshot(page, 'advices-list-phone');
  await fullShot(page, 'advices-list-phone-full');

  // English: words and dates follow the language.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'English' }).click();
  await waitFor(page, () => document.documentElement.lang === 'en', null, { what: 'English' });
  assert.equal(await overdue.locator('.clock-text').textContent(), `${n} days late`);
  assert.equal(await card(page, advices.running.id).locator('.clock-text').textContent(), '37 days left');
  assert.equal(await card(page, advices.answered.id).locator('.clock-text').textContent(),
    `Answered on ${longDay(advices.answered.answered_at, 'en')}`);
  await page.context().close();
});

test('filters narrow the list and live in the address; "over tijd" shows only overdue advices', { timeout: 60000 }, async () => {
  const page = guard(await newPage(browser));
  await page.goto(`${server.url}/advices`);
  await listReady(page);

  // Status "over tijd", chosen with the keyboard and sent with Enter.
  await page.getByLabel('Stand van zaken').focus();
  await page.getByLabel('Stand van zaken').selectOption('overdue');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitFor(page, () => /status=overdue/.test(location.search) && document.body.dataset.results === 'ready',
    null, { what: 'overdue list', server });
  assert.deepEqual(await titles(page), ['Veilig oversteken bij de Boulevard Zuid']);
  assert.equal(await page.locator('#results-status').textContent(), '1 advies.');
  assert.equal(await page.locator('#status option:checked').textContent(), 'Over tijd: nog geen antwoord');

  // A shared link opens with the same choice.
  const shared = await newPage(browser);
  await shared.goto(`${server.url}/advices?status=overdue`);
  await listReady(shared);
  assert.deepEqual(await titles(shared), ['Veilig oversteken bij de Boulevard Zuid']);
  assert.equal(await shared.locator('#status').inputValue(), 'overdue');
  await shared.context().close();

  // One council: its advices, and the feeds for that council only.
  await page.getByLabel('Stand van zaken').selectOption('');
  await page.getByLabel('Wijkraad').selectOption({ label: 'Wijkraad Noord' });
  await page.locator('#submit').click();
  await waitFor(page, () => /council=noord/.test(location.search) && document.body.dataset.results === 'ready',
    null, { what: 'council list', server });
  assert.deepEqual((await titles(page)).sort(), ['Afvalbakken bij de haltes', 'Een wip erbij in de speeltuin', HOSTILE].sort());
  assert.equal(await page.locator('#feed-atom').getAttribute('href'), '/advices.atom?council=noord');
  assert.equal(await page.locator('#feed-ics').getAttribute('href'), '/advices.ics?council=noord');
  assert.match(await page.locator('#subscribe-council').textContent(), /Wijkraad Noord/);
  // The links answer with a feed and a calendar of that council.
  const atom = await fetch(`${server.url}/advices.atom?council=noord`);
  assert.equal(atom.status, 200);
  assert.match(atom.headers.get('content-type'), /atom\+xml/);
  const ics = await fetch(`${server.url}/advices.ics?council=noord`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /text\/calendar/);
  const calendar = await ics.text();
  assert.match(calendar, /Een wip erbij in de speeltuin/);
  assert.doesNotMatch(calendar, /Veilig oversteken/, 'only the chosen council');

  // A theme.
  await page.getByLabel('Wijkraad').selectOption('');
  await page.getByLabel('Onderwerp').selectOption('traffic');
  await page.locator('#submit').click();
  await waitFor(page, () => /theme=traffic/.test(location.search) && document.body.dataset.results === 'ready',
    null, { what: 'theme list', server });
  assert.deepEqual(await titles(page), ['Veilig oversteken bij de Boulevard Zuid']);

  // A year: the same advices as the API gives for that year.
  const year = today.slice(0, 4);
  await page.getByLabel('Onderwerp').selectOption('');
  await page.getByLabel('Jaar').selectOption(year);
  await page.locator('#submit').click();
  await waitFor(page, (y) => location.search.includes(`year=${y}`) && document.body.dataset.results === 'ready',
    year, { what: 'year list', server });
  const expected = (await api('GET', `/api/advices?year=${year}`)).advices.map((a) => a.title);
  assert.deepEqual(await titles(page), expected);
  assert.ok(expected.length >= 1);

  // Back returns to the earlier choice; "Alles wissen" to everything.
  await page.goBack();
  await waitFor(page, () => /theme=traffic/.test(location.search) && document.body.dataset.results === 'ready',
    null, { what: 'back', server });
  assert.equal(await page.getByLabel('Onderwerp').inputValue(), 'traffic');
  await page.locator('#clear').click();
  await waitFor(page, () => !location.search && document.body.dataset.results === 'ready', null, { what: 'cleared' });
  assert.equal(await page.locator('#results li').count(), 5);
  await page.context().close();
});

test('the site links to the tracker: front page, archive header, admin page', { timeout: 30000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  assert.equal(await page.getByRole('link', { name: 'Adviezen van de wijkraden volgen' }).getAttribute('href'), '/advices');
  await page.goto(`${server.url}/archive`);
  const nav = page.getByRole('navigation', { name: 'Menu' });
  assert.equal(await nav.getByRole('link', { name: 'Adviezen' }).getAttribute('href'), '/advices');
  assert.equal(await nav.getByRole('link', { name: 'Terugkijken' }).getAttribute('aria-current'), 'page');
  await nav.getByRole('link', { name: 'Adviezen' }).click();
  await page.waitForURL(`${server.url}/advices`);
  await listReady(page);
  const html = await readFile(path.join(repoRoot, 'web/admin.html'), 'utf8');
  assert.match(html, /href="\/admin\/advices"/);
  await page.context().close();
});

test('one advice: its state, answer and timeline; "Bekijk in de opname" plays the meeting from the item', { timeout: 120000 }, async () => {
  const meeting = await recordedMeeting(api, server, held.meeting.id);
  const item = meeting.agenda.find((i) => i.id === held.items[1].id);
  assert.ok(item.chapter, 'the item has a chapter');
  const fresh = await api('GET', `/api/advices/${advices.overdue.id}`);
  assert.equal(fresh.items[0].play, `/archive/${meeting.id}?item=${item.id}`);
  assert.ok(fresh.items[0].offset_s !== null, 'the advice knows where the item starts');

  const page = guard(await newPage(browser));
  await page.goto(`${server.url}/advices/${advices.overdue.id}`);
  await waitFor(page, () => document.body.dataset.advice === 'ready', null, { what: 'advice page', server });
  assert.equal(await page.locator('h1').textContent(), 'Veilig oversteken bij de Boulevard Zuid');
  assert.equal(await page.title(), 'Veilig oversteken bij de Boulevard Zuid – Tribune');
  const n = overdueDays();
  assert.equal(await page.locator('#advice-clock .clock-text').textContent(), `${n} dagen te laat`);
  assert.equal(await page.locator('#advice-clock').evaluate((el) => getComputedStyle(el).color), RED);
  assert.equal(await page.locator('#advice-status').textContent(), 'Verstuurd');
  assert.equal(await page.locator('#fact-addressee').textContent(), 'Wethouder Buitenruimte');
  assert.equal(await page.locator('#fact-sent').textContent(), longDay(advices.overdue.sent_at));
  assert.equal(await page.locator('#fact-deadline').textContent(), longDay(advices.overdue.deadline));
  assert.match(await page.locator('#advice-summary').textContent(), /zebrapad/);
  assert.match(await page.locator('#advice-text').textContent(), /1\. Een zebrapad bij de school\.\n2\. 30 km per uur\./);
  assert.equal(await page.locator('#answer-none').textContent(), 'De gemeente heeft nog niet geantwoord.');
  const pdf = page.getByRole('link', { name: 'advies-oversteken.pdf' });
  assert.match(await pdf.getAttribute('href'), new RegExp(`^/api/advices/${advices.overdue.id}/attachments/\\d+$`));

  // The timeline: written, sent (on the day it was sent), the note, the deadline that passed.
  const entries = await page.locator('#timeline > li').evaluateAll((lis) => lis.map((li) => ({
    state: li.dataset.state, what: li.querySelector('.timeline-what').textContent,
    when: li.querySelector('time').textContent, text: li.textContent,
  })));
  assert.deepEqual(entries.map((e) => e.state), ['created', 'sent', 'overdue', 'note', 'attachment']);
  assert.equal(entries[1].when, longDay(advices.overdue.sent_at));
  assert.match(entries[1].text, new RegExp(`uiterlijk ${longDay(advices.overdue.deadline)} antwoorden`));
  assert.equal(entries[2].what, 'Over tijd: geen antwoord op tijd');
  assert.equal(entries[2].when, longDay(addDays(advices.overdue.deadline, 1)));
  assert.match(entries[2].text, new RegExp(`nu ${n} dagen te laat`));
  assert.match(entries[3].text, /De wijkraad heeft de gemeente gebeld/);
  assert.match(entries[4].text, /Toegevoegd: advies-oversteken\.pdf/);

  // The agenda item where it was discussed.
  const itemRow = page.locator('#items li').first();
  assert.match(await itemRow.textContent(), /Agendapunt 2: Advies oversteekplaats Boulevard Zuid/);
  assert.match(await itemRow.textContent(), /Vergadering september/);
  await screenshot(page, 'advice-overdue-desktop');
  await fullShot(page, 'advice-overdue-desktop-full');
  await page.setViewportSize({ width: 390, height: 844 });
  await noOverflow(page, '/advices/{id} at 390 px');
  await screenshot(page, 'advice-overdue-phone');
  await fullShot(page, 'advice-overdue-phone-full');
  await page.setViewportSize({ width: 1280, height: 800 });

  // "Bekijk in de opname": the archive at that item, and the recording plays from there.
  await page.getByRole('link', { name: /Bekijk in de opname/ }).click();
  await page.waitForURL(`${server.url}/archive/${meeting.id}?item=${item.id}`);
  await waitFor(page, () => {
    const v = document.getElementById('video');
    return v && !v.paused && v.readyState >= 2 && v.currentTime > 0;
  }, null, { what: 'playing', timeout: 30000, server });
  const first = await videoStats(page, '#video');
  assert.ok(Math.abs(first.currentTime - item.chapter.offset_s) < 1.5,
    `starts at the item: currentTime ${first.currentTime}, chapter ${item.chapter.offset_s}`);
  await sleep(1500);
  const later = await videoStats(page, '#video');
  assert.ok(later.currentTime > first.currentTime + 0.5, `time moves: ${first.currentTime} → ${later.currentTime}`);
  assert.ok(later.frames > first.frames, `frames advance: ${first.frames} → ${later.frames}`);
  await waitFor(page, (id) => document.body.dataset.playingItem === String(id), item.id, { what: 'item marked' });

  // The archive page names the advice under its item, with the clock in words.
  await waitFor(page, () => document.body.dataset.advices === 'ready', null, { what: 'advices on the archive page', server });
  const under = page.locator(`#item-${item.id} .item-advices`);
  assert.equal(await under.getByRole('link').textContent(), 'Veilig oversteken bij de Boulevard Zuid');
  assert.equal(await under.getByRole('link').getAttribute('href'), `/advices/${advices.overdue.id}`);
  assert.match(await under.textContent(), new RegExp(`${n} dagen te laat`));
  assert.equal(await page.locator(`#item-${held.items[0].id} .item-advices`).count(), 0);
  await page.locator(`#item-${item.id}`).scrollIntoViewIfNeeded();
  await screenshot(page, 'advice-in-archive-meeting');
  await page.context().close();
});

test('an answered advice says the outcome in words; an unknown advice is a 404 page', { timeout: 60000 }, async () => {
  const page = guard(await newPage(browser));
  await page.goto(`${server.url}/advices/${advices.answered.id}`);
  await waitFor(page, () => document.body.dataset.advice === 'ready', null, { what: 'advice page', server });
  assert.equal(await page.locator('#advice-status').textContent(), 'Beantwoord');
  assert.equal(await page.locator('#advice-clock .clock-text').textContent(),
    `Beantwoord op ${longDay(advices.answered.answered_at)}`);
  assert.equal(await page.locator('#answer-outcome').textContent(), 'De gemeente neemt een deel van het advies over.');
  assert.equal(await page.locator('#answer-response').textContent(), 'Er komen vijf bankjes. Meer past niet in het budget.');
  assert.equal(await page.locator('#fact-deadline-row').isVisible(), false);
  const states = await page.locator('#timeline > li').evaluateAll((lis) => lis.map((li) => li.dataset.state));
  assert.deepEqual(states, ['created', 'sent', 'answered']);
  await screenshot(page, 'advice-answered-desktop');

  // Hostile text in title, summary and addressee stays text.
  await page.goto(`${server.url}/advices/${advices.hostile.id}`);
  await waitFor(page, () => document.body.dataset.advice === 'ready', null, { what: 'hostile advice', server });
  assert.equal(await page.locator('h1').textContent(), HOSTILE);
  assert.equal(await page.locator('#fact-addressee').textContent(), HOSTILE);
  await noInjection(page, '/advices/{hostile}');

  const response = await page.goto(`${server.url}/advices/987654`);
  assert.equal(response.status(), 404);
  await waitFor(page, () => document.body.dataset.advice === 'error', null, { what: 'error shown' });
  assert.equal(await page.locator('#page-error').textContent(),
    'Dit advies bestaat niet. Kijk of het adres klopt, of bekijk alle adviezen.');
  assert.equal(await page.getByRole('link', { name: 'Alle adviezen' }).getAttribute('href'), '/advices');
  await page.context().close();
});

// The secretary's page, logged in through the login page.
async function adminPage({ viewport, lang, bypassCSP = false } = {}) {
  const page = guard(await newPage(browser, { viewport, bypassCSP }));
  const target = `/admin/advices${lang ? `?lang=${lang}` : ''}`;
  await page.goto(`${server.url}${target}`);
  await page.waitForURL(/\/login\?next=/);
  await logInWithPage(page, server, 'secretaris', PASSWORD);
  await page.waitForURL(`${server.url}${target}`);
  await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'admin advices', server });
  return page;
}

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? (el.id || el.textContent.trim() || el.tagName) : null;
});

test('the secretary writes, sends and answers an advice with the keyboard', { timeout: 120000 }, async () => {
  const page = await adminPage();
  assert.equal(await page.locator('h1').textContent(), 'Adviezen bijhouden');
  assert.equal(await page.locator('#advice-list li').count(), 5);

  // Write: from the council, Tab through the form, typing as one goes.
  await page.locator('#f-council').focus();
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-title');
  await page.keyboard.type('Een hek om de zandbak');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Honden lopen door de zandbak. Een laag hek houdt ze buiten.');
  await page.keyboard.press('Tab');
  await page.keyboard.type('De wijkraad adviseert een hek van 80 cm met een poortje.');
  await page.keyboard.press('Tab'); // the kind: "gevraagd" is chosen; arrow down picks "ongevraagd"
  assert.equal(await focused(page), 'f-kind-requested');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#f-kind-unsolicited').isChecked(), true);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-theme');
  await page.locator('#f-theme').selectOption('safety');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-addressee');
  await page.keyboard.type('Wethouder Buitenruimte');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'f-meeting');
  await page.locator('#f-meeting').selectOption(String(held.meeting.id));
  await waitFor(page, () => document.querySelectorAll('#f-item-choices input[type=checkbox]').length === 3, null,
    { what: 'agenda items as checkboxes', server });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // the second item
  await page.keyboard.press('Space');
  assert.match(await page.locator('#f-chosen').textContent(), /2\. Advies oversteekplaats Boulevard Zuid \(Vergadering september\)/);
  await page.locator('#f-submit').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, () => /opgeslagen als concept/.test(document.getElementById('f-status').textContent), null,
    { what: 'created', server });
  assert.equal(await page.locator('#f-status').getAttribute('role'), 'status');
  const created = (await api('GET', '/api/advices?council=charlois')).advices.find((a) => a.title === 'Een hek om de zandbak');
  assert.ok(created, 'the advice exists');
  assert.deepEqual({ status: created.status, kind: created.kind, theme: created.theme, items: created.items.map((i) => i.id) },
    { status: 'draft', kind: 'unsolicited', theme: 'safety', items: [held.items[1].id] });
  assert.equal(await page.locator('#moves-title').textContent(), 'Een hek om de zandbak');
  assert.equal(await page.locator('#advice-list li').count(), 6);

  // Send, ten days ago: the focus is on "Versturen naar de gemeente" already.
  assert.equal(await focused(page), 'Versturen naar de gemeente');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'mv-date');
  assert.equal(await page.locator('#mv-date').inputValue(), localToday());
  const sentAt = addDays(localToday(), -10);
  await page.locator('#mv-date').fill(sentAt);
  // (Tab walks through the day, month and year inside a date field: on to the button.)
  await page.locator('#mv-submit').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, () => /verstuurd op/.test(document.getElementById('m-status-line').textContent), null,
    { what: 'sent', server });
  const deadline = addDays(sentAt, 42);
  assert.equal(await page.locator('#m-status-line').textContent(),
    `Het advies is verstuurd op ${longDay(sentAt)}. De gemeente moet uiterlijk ${longDay(deadline)} antwoorden.`);
  assert.equal(await page.locator('#m-status').textContent(), 'Verstuurd');
  assert.equal(await page.locator('#m-deadline').textContent(), `Antwoord uiterlijk ${longDay(deadline)}`);
  assert.equal(await page.locator('#m-clock .clock-text').textContent(), `Nog ${daysBetween(councilToday(), deadline)} dagen`);
  await screenshot(page, 'admin-advices-sent');

  // Answer: an answer dated before the sending is refused by the server, in its words.
  assert.equal(await focused(page), 'Antwoord invullen');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'mv-date');
  await page.locator('#mv-date').fill(addDays(sentAt, -1));
  await page.locator('#mv-outcome').focus();
  await page.keyboard.press('ArrowDown'); // "Overgenomen"
  assert.equal(await page.locator('#mv-outcome').inputValue(), 'adopted');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Het hek komt er in het voorjaar.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.getElementById('m-error').textContent !== '', null, { what: '400 shown', server });
  assert.match(await page.locator('#m-error').textContent(), /^Dat lukt niet\. De server zegt: .*answered_at/);
  assert.equal(await page.locator('#m-error').getAttribute('role'), 'alert');
  // The right date, and again.
  await page.locator('#mv-date').fill(addDays(localToday(), -1));
  await page.locator('#mv-submit').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, () => /klok is gestopt/.test(document.getElementById('m-status-line').textContent), null,
    { what: 'answered', server });
  assert.equal(await page.locator('#m-error').textContent(), '');
  assert.equal(await page.locator('#m-status').textContent(), 'Beantwoord');
  assert.equal(await page.locator('#m-clock .clock-text').textContent(),
    `Beantwoord op ${longDay(addDays(localToday(), -1))}`);
  const answered = await api('GET', `/api/advices/${created.id}`);
  assert.deepEqual({ status: answered.status, outcome: answered.outcome, response: answered.response },
    { status: 'answered', outcome: 'adopted', response: 'Het hek komt er in het voorjaar.' });
  // Adopted: nothing is left to do but notes.
  assert.deepEqual(await page.locator('#m-buttons button').allTextContents(), ['Schrijf op hoe het ervoor staat']);

  // A PDF of the answer; something that is not a PDF is refused in the server's words.
  await page.locator('#file-input').setInputFiles({ name: 'antwoord.pdf', mimeType: 'application/pdf', buffer: tinyPdf('Antwoord') });
  await page.locator('#file-kind').selectOption('response');
  await page.locator('#file-submit').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, () => /is toegevoegd/.test(document.getElementById('file-status').textContent), null,
    { what: 'uploaded', server });
  assert.equal(await page.locator('#file-list a').textContent(), 'antwoord.pdf');
  await page.locator('#file-input').setInputFiles({ name: 'foto.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a nope') });
  await page.locator('#file-submit').click();
  await waitFor(page, () => document.getElementById('file-error').textContent !== '', null, { what: '415 shown', server });
  assert.match(await page.locator('#file-error').textContent(),
    /^Dit bestand is geen PDF\. Kies een PDF-bestand\. \(De server zegt: .+\)$/);
  assert.equal(await page.locator('#file-input').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'admin-advices-answered');
  await page.setViewportSize({ width: 390, height: 844 });
  await noOverflow(page, '/admin/advices at 390 px');
  await screenshot(page, 'admin-advices-phone');
  await fullShot(page, 'admin-advices-phone-full');
  await page.context().close();

  // The public page has it, with the answer and the file.
  const pub = await newPage(browser);
  await pub.goto(`${server.url}/advices/${created.id}`);
  await waitFor(pub, () => document.body.dataset.advice === 'ready', null, { what: 'public page', server });
  assert.equal(await pub.locator('#answer-outcome').textContent(), 'De gemeente neemt het advies over.');
  assert.equal(await pub.locator('#answer-files a .file-name').textContent(), 'antwoord.pdf');
  await pub.context().close();
});

test('the secretary changes fields, escalates, notes, withdraws and reopens; a refused move (409) says what is possible', { timeout: 90000 }, async () => {
  const late = await makeAdvice(api, {
    fields: { council: 'charlois', title: 'Lantaarns in de Tarwewijk', kind: 'requested', theme: 'safety', addressee: 'Wethouder' },
    sent: addDays(today, -50),
  });
  const page = await adminPage();
  await page.locator(`#advice-list li[data-id="${late.id}"] .edit-button`).click();
  await waitFor(page, (title) => document.getElementById('moves-title').textContent === title, late.title,
    { what: 'editor', server });
  assert.equal(await focused(page), 'moves-title');
  assert.equal(await page.locator('#m-clock .clock-text').textContent(), `${daysBetween(late.deadline, today)} dagen te laat`);
  // Overdue: escalating is offered.
  assert.deepEqual(await page.locator('#m-buttons button').allTextContents(),
    ['Antwoord invullen', 'Opschalen', 'Intrekken', 'Schrijf op hoe het ervoor staat']);

  // A field: only what changed goes to the server, and the timeline says so.
  await page.locator('#f-title').fill('Meer lantaarns in de Tarwewijk');
  await page.locator('#f-submit').click();
  await waitFor(page, () => /zijn opgeslagen/.test(document.getElementById('f-status').textContent), null,
    { what: 'saved', server });
  assert.equal(await page.locator('#f-status').textContent(), 'De wijzigingen in ‘Meer lantaarns in de Tarwewijk’ zijn opgeslagen.');
  assert.equal(await page.locator('#moves-title').textContent(), 'Meer lantaarns in de Tarwewijk');
  const edited = (await api('GET', `/api/advices/${late.id}/events`)).events.at(-1);
  assert.deepEqual({ action: edited.action, note: edited.note }, { action: 'edited', note: 'changed: title' });

  // Escalate, with a note.
  await page.getByRole('button', { name: 'Opschalen' }).click();
  assert.equal(await focused(page), 'mv-date');
  assert.equal(await page.locator('#mv-date-label').textContent(), 'Datum van opschalen');
  await page.locator('#mv-note').fill('Voorgelegd aan de gemeenteraad, commissie Buitenruimte.');
  await page.locator('#mv-submit').click();
  await waitFor(page, () => document.getElementById('m-status').textContent === 'Opgeschaald', null, { what: 'escalated', server });
  assert.equal(await page.locator('#m-status-line').textContent(), `Het advies is opgeschaald op ${longDay(localToday())}.`);

  // A progress note.
  await page.getByRole('button', { name: 'Schrijf op hoe het ervoor staat' }).click();
  assert.equal(await focused(page), 'mv-note');
  await page.locator('#mv-submit').click();
  assert.equal(await page.locator('#m-error').textContent(), 'Schrijf eerst op wat er gebeurd is.');
  assert.equal(await page.locator('#mv-note').getAttribute('aria-invalid'), 'true');
  await page.keyboard.type('De wethouder komt in maart praten.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitFor(page, () => /aantekening is opgeslagen/.test(document.getElementById('m-status-line').textContent), null,
    { what: 'note saved', server });

  // Withdraw, and the public page says so with the whole story.
  await page.getByRole('button', { name: 'Intrekken' }).click();
  await page.locator('#mv-submit').click();
  await waitFor(page, () => document.getElementById('m-status').textContent === 'Ingetrokken', null, { what: 'withdrawn', server });
  const pub = await newPage(browser);
  await pub.goto(`${server.url}/advices/${late.id}`);
  await waitFor(pub, () => document.body.dataset.advice === 'ready', null, { what: 'public page', server });
  assert.equal(await pub.locator('#advice-status').textContent(), 'Ingetrokken');
  assert.equal(await pub.locator('#answer-none').textContent(), 'De wijkraad heeft dit advies ingetrokken. Er komt geen antwoord.');
  const entries = await pub.locator('#timeline > li').evaluateAll((lis) => lis.map((li) => [li.dataset.state, li.textContent]));
  assert.deepEqual(entries.map(([state]) => state), ['created', 'sent', 'edited', 'escalated', 'note', 'withdrawn']);
  assert.match(entries[2][1], /Veranderd: titel/);
  assert.match(entries[3][1], /Voorgelegd aan de gemeenteraad/);
  assert.match(entries[4][1], /De wethouder komt in maart praten\./);
  await pub.context().close();

  // Reopen: a draft again.
  await page.getByRole('button', { name: 'Weer een concept maken' }).click();
  await page.locator('#mv-submit').click();
  await waitFor(page, () => document.getElementById('m-status').textContent === 'Concept', null, { what: 'reopened', server });

  // Send, but meanwhile someone withdraws it (another tab): 409, in words, with what is possible.
  await page.getByRole('button', { name: 'Versturen naar de gemeente' }).click();
  await api('PATCH', `/api/advices/${late.id}`, { status: 'withdrawn' });
  await page.locator('#mv-submit').click();
  await waitFor(page, () => document.getElementById('m-error').textContent !== '', null, { what: '409 shown', server });
  assert.match(await page.locator('#m-error').textContent(),
    /^Dat kan nu niet\. De server zegt: .+\. Wat nu wel kan: weer een concept maken\.$/);
  // The page shows the advice as it is now and offers what is possible.
  await waitFor(page, () => document.getElementById('m-status').textContent === 'Ingetrokken', null, { what: 'withdrawn shown' });
  assert.deepEqual(await page.locator('#m-buttons button').allTextContents(),
    ['Weer een concept maken', 'Schrijf op hoe het ervoor staat']);
  await screenshot(page, 'admin-advices-409');
  await page.context().close();
});

test('a member gets "no access" on /admin/advices', { timeout: 60000 }, async () => {
  await addUser(server, 'lid', 'member');
  const page = await newPage(browser);
  await page.goto(`${server.url}/admin/advices`);
  await page.waitForURL(/\/login\?next=/);
  await logInWithPage(page, server, 'lid', PASSWORD);
  await page.waitForURL(`${server.url}/admin/advices`);
  await waitFor(page, () => document.body.dataset.access === 'denied', null, { what: 'no access', server });
  assert.equal(await page.locator('#content').isVisible(), false);
  assert.match(await page.locator('#no-access').textContent(), /alleen voor de secretaris/);
  await page.context().close();
});

test('every advices.* key the pages use is in both catalogs', async () => {
  const nl = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/nl.json'), 'utf8'));
  const en = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/en.json'), 'utf8'));
  const has = (catalog, key) => {
    const node = key.split('.').reduce((n, k) => (n && typeof n === 'object' ? n[k] : undefined), catalog);
    return typeof node === 'string' || (node && typeof node.other === 'string');
  };
  const files = ['advices.html', 'advice.html', 'admin-advices.html', 'archive.html', 'index.html', 'admin.html',
    'js/advices.js', 'js/advice.js', 'js/advice-format.js', 'js/advices-admin.js', 'js/advices-admin-moves.js',
    'js/advices-admin-errors.js', 'js/advices-archive.js'];
  let count = 0;
  for (const file of files) {
    const text = await readFile(path.join(repoRoot, 'web', file), 'utf8');
    for (const m of text.matchAll(/["'](advices\.[A-Za-z0-9_.]+)["']/g)) {
      count += 1;
      assert.ok(has(nl, m[1]), `${file}: ${m[1]} missing in nl`);
      assert.ok(has(en, m[1]), `${file}: ${m[1]} missing in en`);
    }
  }
  assert.ok(count > 100, `found only ${count} keys`);
  // Keys built from a value: every status, kind, theme, outcome, move and action.
  for (const key of ['status.draft', 'status.sent', 'status.answered', 'status.escalated', 'status.withdrawn',
    'kind.requested', 'kind.unsolicited', 'theme.welfare', 'theme.safety', 'theme.public_space', 'theme.traffic',
    'theme.housing', 'theme.environment', 'theme.other', 'outcome.adopted', 'outcome.partly_adopted',
    'outcome.not_adopted', 'list.statusChoice.overdue',
    ...['created', 'edited', 'sent', 'answered', 'escalated', 'withdrawn', 'reopened', 'note', 'attachment']
      .map((a) => `timeline.action.${a}`),
    ...['sent', 'answered', 'escalated', 'withdrawn', 'draft', 'note']
      .flatMap((m) => ['button', 'title', 'submit', 'done'].map((p) => `admin.move.${m}.${p}`))]) {
    assert.ok(has(nl, `advices.${key}`) && has(en, `advices.${key}`), `advices.${key}`);
  }
});

for (const lang of ['nl', 'en']) {
  test(`axe: /advices, /advices/{id} and /admin/advices in ${lang}`, { timeout: 90000 }, async () => {
    const run = async (page, name) => {
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run());
      await screenshot(page, `a11y-${name}-${lang}`);
      assert.equal(result.violations.length, 0, `${name} axe violations:\n${describeAxe(result.violations)}`);
    };
    const page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${server.url}/advices?lang=${lang}`);
    await listReady(page);
    await run(page, 'advices');
    await page.goto(`${server.url}/advices/${advices.overdue.id}?lang=${lang}`);
    await waitFor(page, () => document.body.dataset.advice === 'ready', null, { what: 'advice page', server });
    await run(page, 'advice');
    await page.context().close();

    const admin = await adminPage({ lang, bypassCSP: true });
    // With an advice open and a move's form showing.
    await admin.locator(`#advice-list li[data-id="${advices.running.id}"] .edit-button`).click();
    await waitFor(admin, () => !document.getElementById('moves').hidden, null, { what: 'editor' });
    await admin.locator('#m-buttons button').first().click();
    await run(admin, 'admin-advices');
    await admin.context().close();
  });
}

// Last: a sanitizer build (TRIBUNE_BIN=build-asan/tribune) reports memory and undefined-
// behaviour errors on stderr while it keeps running; none may have appeared.
test('the server reported no sanitizer errors while serving these pages', () => {
  const reports = server.log().split('\n').filter((line) => /AddressSanitizer|LeakSanitizer|runtime error:/.test(line));
  assert.deepEqual(reports, []);
});
