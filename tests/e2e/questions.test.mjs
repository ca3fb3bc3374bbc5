// Residents' questions: a resident asks on the room page and the chair console (another
// browser, logged in) has it within a second; the chair approves it and puts it on screen,
// the resident's page says "approved" without a reload, and the video the resident watches
// shows the question in its lower third (pixel difference in that band of the frame);
// the chair marks it answered, and after the meeting the archive shows it with a working
// "Bekijk het antwoord". Hostile text (HTML, script, template syntax, RTL overrides) as
// question, name and neighbourhood stays text on all three pages. The sixth question in a
// row is refused in words (429). axe on the room page and the chair console, nl and en.
//
// Each resident is its own browser context with its own User-Agent: the server limits
// questions per client, as a real street full of residents would see it.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifactsDir, axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { addUser, createMeeting, PASSWORD, sleep } from './lib/meeting-setup.mjs';
import { binaryPath, DEMO_CONFIG, repoRoot, startServer } from './lib/server.mjs';
import { describeAxe, logInWithPage } from './lib/staff.mjs';
import { changedCells, lumaGrid } from './lib/video.mjs';

// Question → chair console: 1 s as the issue asks; the sanitizer build (three times slower
// here, next to Chromium on two cores) gets 3 s. No other test has a slowdown convention.
const SANITIZER = /asan|sanitiz/i.test(binaryPath());
const ARRIVAL_LIMIT_MS = SANITIZER ? 3000 : 1000;
// Cells (of 32 × 8 in a band of the frame) whose mean luminance moved by more than 6 of
// 255: other text in the lower third moves dozens; an encoded still slate none.
const LOWER_THIRD_CHANGED = 8;

const XSS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '\u202Egnp.exe\u202C en \u202Bمرحبا\u202C',
];

let server;
let browser;
let nl;
let en;
let api;
let meeting;
let items;
let answered; // the question of the first test, once answered
let residents = 0;

before(async () => {
  nl = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/nl.json'), 'utf8'));
  en = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/en.json'), 'utf8'));
  // The room shows its still slate (no camera): the demo's test picture has moving snow
  // under the lower third, and the frame check below must see only the overlay change.
  server = await startServer({ config: DEMO_CONFIG.replace('source = test', 'source = none') });
  browser = await launchBrowser();
  ({ api, meeting, items } = await createMeeting(server, { title: 'Vergadering met vragen' }));
  await addUser(server, 'voorzitter', 'chair');
  await api('POST', `/api/meetings/${meeting.id}/start`);
  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[1].id}/current`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A resident's browser: own storage, own User-Agent; any dialog (alert) fails the test.
async function residentPage({ viewport, bypassCSP = false, lang } = {}) {
  residents += 1;
  const context = await browser.newContext({
    viewport: viewport || { width: 1280, height: 800 },
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) TribuneTest/resident-${residents}`,
    bypassCSP,
  });
  const page = await context.newPage();
  watch(page);
  await page.goto(`${server.url}/room/demo${lang ? `?lang=${lang}` : ''}`);
  await waitFor(page, () => document.body.dataset.questions === 'ready', null, { what: 'questions ready', server });
  return page;
}

function watch(page) {
  const log = [];
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (msg) => log.push(`[console.${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => log.push(`[pageerror] ${err.message}`));
  page.tribuneLog ??= () => log.join('\n');
}

async function chairPage({ bypassCSP = false, lang, viewport } = {}) {
  const page = await newPage(browser, { bypassCSP, viewport });
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  const target = `/chair/${meeting.id}${lang ? `?lang=${lang}` : ''}`;
  await page.goto(`${server.url}${target}`);
  await page.waitForURL(/\/login\?next=/);
  await logInWithPage(page, server, 'voorzitter', PASSWORD);
  await page.waitForURL(`${server.url}${target}`);
  await waitFor(page, () => document.body.dataset.ready === 'true' && document.body.dataset.questions !== undefined,
    null, { what: 'chair with questions', server });
  return page;
}

async function ask(page, { text, name = '', neighbourhood = '' }) {
  await page.locator('#question-text').fill(text);
  await page.locator('#question-name').fill(name);
  await page.locator('#question-neighbourhood').fill(neighbourhood);
  await page.locator('#question-send').click();
}

async function waitSent(page, before) {
  await waitFor(page, (n) => document.querySelectorAll('#my-questions-list li').length > n ||
    document.getElementById('question-form-error').textContent !== '', before, { what: 'sent or refused', server });
}

const questions = async () => (await api('GET', `/api/meetings/${meeting.id}/questions`)).questions;

async function noInjection(page, where) {
  assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
  const found = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svg: document.querySelectorAll('svg[onload]').length,
    scripts: [...document.scripts].filter((s) => !s.src || /alert/.test(s.textContent)).length,
    links: document.querySelectorAll('a[href^="javascript:"]').length,
  }));
  assert.deepEqual(found, { img: 0, svg: 0, scripts: 0, links: 0 }, `${where}: injected elements`);
}

async function shownLiterally(page, selector, where) {
  const texts = await page.locator(selector).allTextContents();
  for (const text of XSS) assert.ok(texts.includes(text), `${where}: ${JSON.stringify(text)} not shown as text in ${JSON.stringify(texts)}`);
}

test('a resident asks; the chair has it within a second, approves it, puts it on screen and answers it',
  { timeout: 180000 }, async (t) => {
    const resident = await residentPage();
    const chair = await chairPage();
    await waitFor(chair, () => document.body.dataset.questionsSync === 'live', null, { what: 'staff stream', server });
    assert.equal(await resident.locator('#questions').isVisible(), true);
    assert.equal(await resident.locator('#question-item option').first().textContent(), nl.questions.ask.currentItem);
    await resident.locator('#question-text').fill('Komt er een hek om de zandbak?');
    assert.equal(await resident.locator('#question-count').textContent(), '30 van de 500 tekens');
    await resident.locator('#question-name').fill('Anna');
    await resident.locator('#question-neighbourhood').fill('Bloemhof');

    const sent = Date.now();
    await resident.locator('#question-send').click();
    await waitFor(chair, () => [...document.querySelectorAll('#questions-groups .q-text')]
      .some((p) => p.textContent === 'Komt er een hek om de zandbak?'), null, { timeout: 10000, what: 'question at the chair', server });
    const arrival = Date.now() - sent;
    t.diagnostic(`question → chair console: ${arrival} ms (limit ${ARRIVAL_LIMIT_MS} ms)`);
    assert.ok(arrival <= ARRIVAL_LIMIT_MS, `the chair saw the question after ${arrival} ms`);

    // Announced politely and counted in the heading; in the group of the current item.
    assert.equal(await chair.locator('#questions-live').getAttribute('aria-live'), 'polite');
    assert.match(await chair.locator('#questions-live').textContent(), /Komt er een hek om de zandbak\?/);
    assert.equal(await chair.locator('#questions-title').textContent(), 'Vragen (1 nieuw)');
    const [q] = await questions();
    assert.equal(q.item, items[1].id, 'default: the current item');
    assert.match(await chair.locator(`.q-group[data-item="${items[1].id}"] h3`).textContent(), /Inspreken: parkeren Putselaan/);

    // The resident sees it under "Uw vragen", waiting for the chair.
    const mine = resident.locator('#my-questions-list li').first();
    assert.equal(await mine.locator('.q-status').textContent(), nl.questions.status.pending);
    assert.equal(await resident.locator('#question-form-status').textContent(), nl.questions.ask.sent);
    await screenshot(chair, 'questions-chair-pending');

    // Approve, then on screen.
    const card = chair.locator(`.q-card[data-id="${q.id}"]`);
    await card.locator('.q-approve').click();
    await waitFor(resident, () => document.querySelector('#my-questions-list .q-status')?.dataset.status === 'approved',
      null, { timeout: 5000, what: 'approved at the resident', server });
    assert.equal(await mine.locator('.q-status').textContent(), nl.questions.status.approved);
    assert.match(await resident.locator('#my-questions-status').textContent(), /Goedgekeurd/);
    assert.equal(await resident.locator('#public-questions-list .q-text').first().textContent(), 'Komt er een hek om de zandbak?');
    // Name and neighbourhood sit in Unicode isolates (FSI … PDI).
    assert.equal((await resident.locator('#public-questions-list .q-meta').first().textContent()).replace(/[\u2068\u2069]/g, ''),
      'Van Anna uit BloemhofBij punt 2. Inspreken: parkeren Putselaan');
    assert.equal(await chair.locator('#questions-title').textContent(), 'Vragen');

    // The video before: the lower third shows the current item. Bands of the frame: the
    // lowest 40 % holds the lower third; the top half only the slate.
    await waitFor(resident, () => document.body.dataset.playerState === 'playing', null,
      { what: 'the video plays', server });
    const lowerBefore = await lumaGrid(resident, { top: 0.6, bottom: 1 });
    const upperBefore = await lumaGrid(resident, { top: 0, bottom: 0.5 });
    assert.ok(lowerBefore && upperBefore, 'the video can be drawn to a canvas');

    await card.locator('.q-screen').click();
    await waitFor(chair, (id) => document.querySelector(`.q-card[data-id="${id}"]`)?.classList.contains('is-on-screen'),
      q.id, { what: 'on screen at the chair', server });
    assert.equal(await card.locator('.q-tag-screen').textContent(), 'IN BEELD');
    assert.equal(await card.locator('.q-screen').getAttribute('aria-pressed'), 'true');
    assert.equal(await chair.locator('.q-card.is-on-screen').count(), 1);
    await waitFor(resident, () => document.querySelector('#public-questions-list .is-on-screen') !== null, null,
      { what: 'on screen at the resident', server });

    // The program video now carries the question: the lower band changes, the rest not.
    let lowerChange = 0;
    for (const deadline = Date.now() + 10000; Date.now() < deadline && lowerChange < LOWER_THIRD_CHANGED;) {
      await sleep(200);
      lowerChange = changedCells(lowerBefore, await lumaGrid(resident, { top: 0.6, bottom: 1 }));
    }
    await sleep(500); // the whole new text, not its first frame
    await resident.locator('video').screenshot({ path: path.join(artifactsDir, 'questions-video-on-screen.png') });
    const upperChange = changedCells(upperBefore, await lumaGrid(resident, { top: 0, bottom: 0.5 }));
    t.diagnostic(`cells changed after "on screen": lower band ${lowerChange} of 256, upper half ${upperChange} of 256`);
    assert.ok(lowerChange >= LOWER_THIRD_CHANGED,
      `the lower third of the video should show the question: ${lowerChange} cells changed`);
    assert.equal(upperChange, 0, 'only the lower third should change');

    await resident.locator('#questions').scrollIntoViewIfNeeded();
    await screenshot(resident, 'questions-room-approved');
    await chair.evaluate(() => document.getElementById('questions-panel').scrollIntoView());
    await screenshot(chair, 'questions-chair-on-screen');

    // Another resident votes once; the button stays off after a reload; a second vote
    // from the same browser (its memory wiped) is refused in words.
    const neighbour = await residentPage();
    const voteButton = neighbour.locator(`.q-vote-button[data-id="${q.id}"]`);
    await voteButton.click();
    await waitFor(neighbour, () => document.getElementById('public-questions-status').textContent !== '', null, { what: 'vote', server });
    assert.equal(await neighbour.locator('#public-questions-status').textContent(), nl.questions.voteCounted);
    assert.equal(await voteButton.isDisabled(), true);
    assert.match(await neighbour.locator('#public-questions-list .q-votes').first().textContent(), /^1 stem$/);
    await neighbour.reload();
    await waitFor(neighbour, () => document.body.dataset.questions === 'ready', null, { what: 'reloaded', server });
    assert.equal(await voteButton.isDisabled(), true, 'remembered after a reload');
    await neighbour.evaluate(() => localStorage.clear());
    await neighbour.reload();
    await waitFor(neighbour, () => document.body.dataset.questions === 'ready', null, { what: 'reloaded', server });
    await voteButton.click();
    await waitFor(neighbour, () => document.getElementById('public-questions-status').textContent !== '', null, { what: 'second vote', server });
    assert.equal(await neighbour.locator('#public-questions-status').textContent(), nl.questions.voteAlready);
    assert.equal(await voteButton.isDisabled(), true);
    await neighbour.context().close();

    // Answered: the question leaves the screen and the queue; the resident sees it.
    await sleep(2000); // some recording before the answer
    await card.locator('.q-answered').click();
    await waitFor(resident, () => document.querySelector('#my-questions-list .q-status')?.dataset.status === 'answered',
      null, { timeout: 5000, what: 'answered at the resident', server });
    answered = (await questions()).find((x) => x.id === q.id);
    assert.equal(answered.status, 'answered');
    assert.equal(typeof answered.answered_offset_s, 'number');
    assert.deepEqual(resident.dialogs, []);
    await resident.context().close();
    await chair.context().close();
  });

test('a decline with a reason reaches the resident in words', { timeout: 60000 }, async () => {
  const resident = await residentPage();
  const chair = await chairPage();
  await ask(resident, { text: 'Wanneer wordt de Putselaan opnieuw geasfalteerd?' });
  await waitSent(resident, 0);
  const q = (await questions()).find((x) => x.text === 'Wanneer wordt de Putselaan opnieuw geasfalteerd?');
  const card = chair.locator(`.q-card[data-id="${q.id}"]`);
  await waitFor(chair, (id) => document.querySelector(`.q-card[data-id="${id}"]`) !== null, q.id, { what: 'card', server });
  await card.locator('.q-decline').click();
  assert.equal(await chair.evaluate(() => document.activeElement.tagName), 'SELECT');
  await chair.keyboard.press('Escape');
  assert.equal(await card.locator('.q-editor').isHidden(), true);
  assert.equal(await chair.evaluate(() => document.activeElement.classList.contains('q-decline')), true);
  await card.locator('.q-decline').click();
  await card.locator('select').selectOption('not_for_council');
  await screenshot(chair, 'questions-chair-decline');
  await card.locator('button[type="submit"]').click();
  await waitFor(resident, () => document.querySelector('#my-questions-list .q-status')?.dataset.status === 'declined',
    null, { timeout: 5000, what: 'declined at the resident', server });
  assert.equal(await resident.locator('#my-questions-list .q-reason').textContent(),
    `Reden: ${nl.questions.reasons.not_for_council}`);
  await resident.context().close();
  await chair.context().close();
});

test('hostile text stays text on the room page and the chair console; edit keeps the original', { timeout: 120000 }, async () => {
  // Two residents, three questions each (the limit is per resident).
  const pages = [await residentPage(), await residentPage()];
  for (const [i, text] of XSS.entries()) {
    const page = pages[i % 2];
    const before = await page.locator('#my-questions-list li').count();
    await ask(page, { text, name: XSS[(i + 1) % XSS.length].slice(0, 80), neighbourhood: XSS[(i + 2) % XSS.length].slice(0, 80) });
    await waitSent(page, before);
    assert.equal(await page.locator('#question-form-error').textContent(), '', `question ${i} refused`);
  }
  const hostile = (await questions()).filter((q) => XSS.includes(q.text));
  assert.equal(hostile.length, XSS.length);

  const chair = await chairPage();
  await waitFor(chair, (n) => document.querySelectorAll('#questions-groups .q-card').length >= n, XSS.length,
    { what: 'hostile questions at the chair', server });
  await shownLiterally(chair, '.q-text', 'chair');
  await noInjection(chair, 'chair');
  assert.match(await chair.locator('#questions-title').textContent(), /^Vragen \(6 nieuw\)$/);
  await chair.evaluate(() => document.getElementById('questions-panel').scrollIntoView());
  await screenshot(chair, 'questions-chair-hostile');

  // The chair approves them all; one is edited (the original stays visible to the chair).
  for (const q of hostile) await api('PATCH', `/api/questions/${q.id}`, { status: 'approved' });
  const edited = hostile[0];
  const card = chair.locator(`.q-card[data-id="${edited.id}"]`);
  await waitFor(chair, (id) => document.querySelector(`.q-card[data-id="${id}"]`)?.dataset.status === 'approved',
    edited.id, { what: 'approved at the chair', server });
  await card.locator('.q-edit').click();
  await card.locator('textarea').fill('Mag er een plaatje bij de vraag?');
  await card.locator('button[type="submit"]').click();
  await waitFor(chair, (id) => document.querySelector(`.q-card[data-id="${id}"] .q-text`).textContent === 'Mag er een plaatje bij de vraag?',
    edited.id, { what: 'edited', server });
  assert.equal(await card.locator('.q-original-text').textContent(), XSS[0]);
  assert.equal(await card.locator('.q-original').isVisible(), true);
  await api('PATCH', `/api/questions/${edited.id}`, { text: XSS[0] }); // back, for the other pages
  await noInjection(chair, 'chair after the edit');

  for (const page of pages) {
    await waitFor(page, (n) => document.querySelectorAll('#public-questions-list li').length >= n, XSS.length,
      { what: 'approved hostile questions on the room page', server });
    // The edit and its revert reach the page as two events: wait for the second.
    await waitFor(page, (xss) => {
      const texts = [...document.querySelectorAll('#public-questions-list .q-text')].map((e) => e.textContent);
      return xss.every((t) => texts.includes(t));
    }, XSS, { what: 'the reverted edit on the room page', server });
    await shownLiterally(page, '#public-questions-list .q-text', 'room page');
    const metas = (await page.locator('#public-questions-list .q-meta').allTextContents()).join('\n');
    for (const text of XSS) assert.ok(metas.includes(text.slice(0, 80)), `room page: name/neighbourhood ${JSON.stringify(text)}`);
    await noInjection(page, 'room page');
  }
  await pages[0].locator('#public-questions-title').scrollIntoViewIfNeeded();
  await screenshot(pages[0], 'questions-room-hostile');
  for (const page of pages) await page.context().close();
  await chair.context().close();
});

test('the sixth question in a row is refused in words (429 with Retry-After)', { timeout: 90000 }, async () => {
  const page = await residentPage();
  let refusedAt = null;
  for (let n = 1; n <= 8 && refusedAt === null; n += 1) {
    const before = await page.locator('#my-questions-list li').count();
    await ask(page, { text: `Vraag nummer ${n} over het afval` });
    await waitSent(page, before);
    if (await page.locator('#question-form-error').textContent()) refusedAt = n;
  }
  assert.equal(refusedAt, 6, 'five questions are taken, the sixth is not');
  const words = await page.locator('#question-form-error').textContent();
  assert.match(words, /^U heeft net een paar vragen gesteld\. Probeer het over \d+ (minuut|minuten) opnieuw\.$/);
  assert.equal(await page.locator('#question-form-error').getAttribute('role'), 'alert');
  await page.locator('#question-form').scrollIntoViewIfNeeded();
  await screenshot(page, 'questions-room-429');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow} px too wide at 390 px`);
  await page.locator('#question-form').scrollIntoViewIfNeeded();
  await screenshot(page, 'questions-room-phone');
  await page.locator('#public-questions-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'questions-room-phone-list');
  await page.context().close();
});

for (const lang of ['nl', 'en']) {
  test(`axe: the room page with the question form and the chair console with questions, ${lang}`,
    { timeout: 90000 }, async () => {
      const catalog = lang === 'nl' ? nl : en;
      const page = await residentPage({ bypassCSP: true, lang });
      assert.equal(await page.locator('#question-send').textContent(), catalog.questions.ask.send);
      await ask(page, { text: `Toegankelijk ${lang}?`, name: 'Bas' });
      await waitSent(page, 0);
      await page.addScriptTag({ path: axePath });
      let result = await page.evaluate(() => window.axe.run());
      assert.equal(result.violations.length, 0, `room: axe violations:\n${describeAxe(result.violations)}`);
      await page.context().close();

      const chair = await chairPage({ bypassCSP: true, lang });
      await waitFor(chair, () => document.querySelectorAll('#questions-groups .q-card').length > 0, null, { what: 'a question', server });
      assert.equal(await chair.locator('.q-approve').first().textContent(), catalog.questions.chair.approve);
      // With a decline form open too.
      await chair.locator('.q-card[data-status="pending"] .q-decline').first().click();
      await chair.addScriptTag({ path: axePath });
      result = await chair.evaluate(() => window.axe.run());
      await chair.evaluate(() => document.getElementById('questions-panel').scrollIntoView());
      await screenshot(chair, `a11y-questions-chair-${lang}`);
      assert.equal(result.violations.length, 0, `chair: axe violations:\n${describeAxe(result.violations)}`);
      await chair.context().close();
    });
}

test('the chair console fits a 390 px phone with questions', { timeout: 60000 }, async () => {
  const chair = await chairPage({ viewport: { width: 390, height: 844 } });
  await waitFor(chair, () => document.querySelectorAll('#questions-groups .q-card').length > 0, null, { what: 'questions', server });
  const overflow = await chair.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow} px too wide`);
  await chair.evaluate(() => document.getElementById('questions-panel').scrollIntoView());
  await screenshot(chair, 'questions-chair-phone');
  await chair.context().close();
});

test('after the meeting the archive shows the questions, the answer plays, and the log', { timeout: 120000 }, async () => {
  assert.ok(answered, 'the first test answered a question');
  await api('POST', `/api/meetings/${meeting.id}/end`);
  // The recorder finishes its files shortly after the end.
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && !(await api('GET', `/api/meetings/${meeting.id}`)).recording?.hls) await sleep(500);

  // The offset is set against the finished recording: read it again after the end.
  answered = (await questions()).find((x) => x.id === answered.id);
  const page = await newPage(browser);
  page.dialogs = [];
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  await page.goto(`${server.url}/archive/${meeting.id}`);
  await waitFor(page, () => document.body.dataset.questions === 'ready' && document.body.dataset.player === 'ready',
    null, { timeout: 30000, what: 'archive with questions and player', server });
  const card = page.locator(`#question-${answered.id}`);
  assert.equal(await card.locator('.q-text').textContent(), 'Komt er een hek om de zandbak?');
  assert.equal(await card.locator('.q-status').textContent(), nl.questions.outcome.answered);
  await shownLiterally(page, '#questions-list .q-text', 'archive');
  await noInjection(page, 'archive');
  // The declined one says why.
  assert.ok((await page.locator('#questions-list .q-reason').allTextContents())
    .includes(`Reden: ${nl.questions.reasons.not_for_council}`));

  // The moderation log: a row for the approval of the answered question, with who did it.
  const rows = await page.locator('#moderation-log tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.ok(rows.length >= 4, `log rows: ${JSON.stringify(rows)}`);
  assert.ok(rows.some((r) => r[1] === `#${answered.id}` && r[4] === 'voorzitter'), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[3] === nl.questions.reasons.not_for_council), JSON.stringify(rows));

  // "Bekijk het antwoord" plays from the moment the chair marked it answered.
  assert.equal(Number(await card.locator('.q-watch').getAttribute('data-offset')), answered.answered_offset_s);
  await card.locator('.q-watch').click();
  await waitFor(page, (target) => Math.abs(document.getElementById('video').currentTime - target) < 2 &&
    !document.getElementById('video').seeking, answered.answered_offset_s,
  { timeout: 15000, what: 'video at the answer', server });
  await page.locator('#questions-section').scrollIntoViewIfNeeded();
  await screenshot(page, 'questions-archive');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow} px too wide at 390 px`);
  await page.locator('#moderation-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'questions-archive-phone');
  await page.context().close();
});
