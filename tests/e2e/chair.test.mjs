// The chair console (/chair/{meeting}): who may use it, starting, choosing the current item
// (aria-current), the live preview and viewer count, keeping in step with changes made
// elsewhere (event stream, or polling without it), ending with a confirmation, and what a
// refusal (409) looks like. Meetings are set up through the API with the secretary's token.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';
import { addUser, api, apiToken, describeAxe, logInWithPage } from './lib/staff.mjs';

const ADMIN = { name: 'secretaris', password: 'een lang wachtwoord 1' };
const CHAIR = { name: 'voorzitter', password: 'een lang wachtwoord 3' };
const MEMBER = { name: 'lid', password: 'een lang wachtwoord 2' };

let server;
let browser;
let nl;
let en;
let token;
let councilId;

before(async () => {
  nl = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/nl.json'), 'utf8'));
  en = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/en.json'), 'utf8'));
  server = await startServer();
  await addUser(server, ADMIN.name, 'admin', ADMIN.password);
  await addUser(server, CHAIR.name, 'chair', CHAIR.password);
  await addUser(server, MEMBER.name, 'member', MEMBER.password);
  token = await apiToken(server, ADMIN.name, ADMIN.password);
  const { body } = await api(server, token, 'POST', '/api/councils', { name: 'Wijkraad Centrum', slug: 'centrum' });
  councilId = body.id;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const TITLES = ['Opening', 'Inspreken over de markt', 'Advies over de bomen', 'Rondvraag'];

async function makeMeeting(title) {
  const { status, body: meeting } = await api(server, token, 'POST', '/api/meetings',
    { council: councilId, title, room: 'demo', starts_at: '2026-12-03T19:30:00+01:00' });
  assert.equal(status, 201);
  const items = [];
  for (const [n, itemTitle] of TITLES.entries()) {
    const kind = ['opening', 'inspreken', 'advice', 'rondvraag'][n];
    items.push((await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda`, { title: itemTitle, kind })).body);
  }
  return { meeting, items };
}

async function endIfLive(meeting) {
  const { body } = await api(server, null, 'GET', `/api/meetings/${meeting.id}`);
  if (body?.status === 'live') await api(server, token, 'POST', `/api/meetings/${meeting.id}/end`);
}

async function chairPage(meeting, { user = CHAIR, lang, ...options } = {}) {
  const page = await newPage(browser, options);
  const target = `/chair/${meeting.id}${lang ? `?lang=${lang}` : ''}`;
  await page.goto(`${server.url}${target}`);
  await page.waitForURL(/\/login\?next=/);
  await logInWithPage(page, server, user.name, user.password);
  await page.waitForURL(`${server.url}${target}`);
  return page;
}

async function ready(page) {
  await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'chair ready', server });
}

const current = async (meeting) => (await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body.current_item;

test('the chair starts, picks items by clicking, and the page marks the current one',
  { timeout: 90000 }, async () => {
    const { meeting, items } = await makeMeeting('Vergadering één');
    const page = await chairPage(meeting);
    await ready(page);
    assert.equal(await page.locator('#meeting-title').textContent(), 'Vergadering één');
    assert.equal(await page.locator('#meeting-status').textContent(), nl.chair.status.planned);
    // Before the start the items can be read but not chosen.
    assert.equal(await page.locator('#chair-agenda button:disabled').count(), TITLES.length);
    assert.equal(await page.locator('#next').isHidden(), true);
    await screenshot(page, 'chair-planned');

    await page.locator('#start').focus();
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.body.dataset.meetingStatus === 'live', null, { what: 'live', server });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'next');
    assert.equal(await page.locator('#meeting-status').textContent(), nl.chair.status.liveNoItem);

    // Click the third item: it becomes current in the API and is marked on the page.
    await page.locator(`[data-item-id="${items[2].id}"] button`).click();
    await waitFor(page, (id) => document.body.dataset.currentItem === String(id), items[2].id, { what: 'item 3', server });
    assert.equal(await current(meeting), items[2].id);
    const marked = page.locator('#chair-agenda [aria-current="step"]');
    assert.equal(await marked.count(), 1);
    assert.match(await marked.textContent(), /Advies over de bomen/);
    assert.equal(await page.locator('#now-title').textContent(), 'Advies over de bomen');
    assert.match(await page.locator('#next').textContent(), /Rondvraag/);

    // Next item to the last; then "Next" is off and says so, and the focus is not lost.
    await page.locator('#next').click();
    await waitFor(page, (id) => document.body.dataset.currentItem === String(id), items[3].id, { what: 'item 4', server });
    assert.equal(await current(meeting), items[3].id);
    assert.equal(await page.locator('#next').isDisabled(), true);
    assert.match(await page.locator('#next').textContent(), new RegExp(nl.chair.lastItem));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'end');

    // The muted preview plays the room, with the viewer count beside it.
    await waitFor(page, () => document.body.dataset.previewState === 'playing', null,
      { timeout: 30000, what: 'preview playing', server });
    assert.equal(await page.locator('#preview').evaluate((v) => v.muted), true);
    await waitFor(page, () => /\d/.test(document.getElementById('viewers').textContent), null, { what: 'viewer count' });
    assert.match(await page.locator('#viewers').textContent(), /^\d+ kijkers?$/);
    await screenshot(page, 'chair-live');
    await page.context().close();
    await endIfLive(meeting);
  });

test('the console follows changes made elsewhere, over the event stream', { timeout: 60000 }, async (t) => {
  const { meeting, items } = await makeMeeting('Vergadering twee');
  // Whatever happens here, the room is free for the next test (one live meeting a room).
  t.after(() => endIfLive(meeting));
  const page = await chairPage(meeting);
  await ready(page);
  await waitFor(page, () => document.body.dataset.sync === 'live', null, { what: 'event stream open', server });
  assert.equal(await page.locator('#sync-status').textContent(), nl.chair.sync.live);
  // A second chair (or the secretary) starts the meeting and moves on.
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/start`);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda/${items[1].id}/current`);
  // Within the 5 s polling interval (and streaming, the page refreshes far less often):
  // this came over the stream. 4.5 s, not less: under the sanitizers, on two cores shared
  // with Chromium decoding the preview, one rehearsal needed more than 3 s.
  await waitFor(page, (id) => document.body.dataset.currentItem === String(id), items[1].id,
    { timeout: 4500, what: 'current item from the stream', server });
  assert.match(await page.locator('#meeting-status').textContent(), /Inspreken over de markt/);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/end`);
  await waitFor(page, () => document.body.dataset.meetingStatus === 'ended', null,
    { timeout: 7000, what: 'ended elsewhere', server });
  assert.equal(await page.locator('#end').isHidden(), true);
  await page.context().close();
});

test('without the event stream the console polls every 5 s', { timeout: 60000 }, async (t) => {
  const { meeting, items } = await makeMeeting('Vergadering drie');
  t.after(() => endIfLive(meeting));
  const page = await newPage(browser);
  // As on a server (or proxy) without /events.
  await page.route('**/api/rooms/*/events', (route) => route.fulfill({
    status: 404, contentType: 'application/json', body: '{"error":"no such page or resource"}',
  }));
  await page.goto(`${server.url}/login?next=/chair/${meeting.id}`);
  await logInWithPage(page, server, CHAIR.name, CHAIR.password);
  await page.waitForURL(`${server.url}/chair/${meeting.id}`);
  await ready(page);
  assert.equal(await page.evaluate(() => document.body.dataset.sync), 'polling');
  assert.equal(await page.locator('#sync-status').textContent(), nl.chair.sync.polling);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/start`);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda/${items[3].id}/current`);
  await waitFor(page, (id) => document.body.dataset.currentItem === String(id), items[3].id,
    { timeout: 8000, what: 'current item by polling', server });
  assert.equal(await page.evaluate(() => document.body.dataset.meetingStatus), 'live');
  await page.context().close();
  await endIfLive(meeting);
});

test('ending asks first: Escape keeps the meeting going, "Yes" ends it', { timeout: 60000 }, async (t) => {
  const { meeting, items } = await makeMeeting('Vergadering vier');
  t.after(() => endIfLive(meeting));
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/start`);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/current`);
  const page = await chairPage(meeting, { user: ADMIN }); // the secretary may run it too
  await ready(page);
  await page.locator('#end').focus();
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.getElementById('confirm-dialog').open, null, { what: 'dialog open' });
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('confirm-cancel')), true);
  assert.match(await page.locator('#confirm-text').textContent(), /Vergadering vier/);
  await screenshot(page, 'chair-confirm-end');
  await page.keyboard.press('Escape');
  await waitFor(page, () => !document.getElementById('confirm-dialog').open, null, { what: 'dialog closed' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'end');
  assert.equal((await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body.status, 'live');

  await page.keyboard.press('Enter');
  await waitFor(page, () => document.getElementById('confirm-dialog').open, null, { what: 'dialog again' });
  await page.locator('#confirm-dialog .confirm-ok').click();
  await waitFor(page, () => document.body.dataset.meetingStatus === 'ended', null, { what: 'ended', server });
  assert.equal((await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body.status, 'ended');
  assert.equal(await page.locator('#meeting-status').textContent(), nl.chair.status.ended);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'meeting-title');
  await page.context().close();
});

test('a refused start (another meeting is live in the room) is explained', { timeout: 60000 }, async () => {
  const { meeting: other } = await makeMeeting('Al bezig');
  const { meeting } = await makeMeeting('Wil ook beginnen');
  await api(server, token, 'POST', `/api/meetings/${other.id}/start`);
  const page = await chairPage(meeting);
  await ready(page);
  await page.locator('#start').click();
  await waitFor(page, () => document.getElementById('chair-error').textContent !== '', null, { what: 'refusal', server });
  assert.equal(await page.locator('#chair-error').textContent(), nl.chair.error.startConflict);
  assert.equal(await page.evaluate(() => document.body.dataset.meetingStatus), 'planned');
  await screenshot(page, 'chair-start-refused');
  await page.context().close();
  await endIfLive(other);
});

test('who may use the console: a member gets "no access", an unknown meeting is a 404 page',
  { timeout: 60000 }, async () => {
    const { meeting } = await makeMeeting('Vergadering vijf');
    const page = await chairPage(meeting, { user: MEMBER });
    await waitFor(page, () => document.body.dataset.access === 'denied', null, { what: 'no access', server });
    assert.equal(await page.locator('#no-access').isVisible(), true);
    assert.equal(await page.locator('#content').isHidden(), true);
    assert.equal(await page.locator('#no-access-who').textContent(), nl.login.noAccessWho.replace('{name}', MEMBER.name));
    // The member's attempt through the API is refused too.
    const memberToken = await apiToken(server, MEMBER.name, MEMBER.password);
    assert.equal((await api(server, memberToken, 'POST', `/api/meetings/${meeting.id}/start`)).status, 403);
    await page.context().close();

    const chair = await chairPage(meeting);
    const response = await chair.goto(`${server.url}/chair/424242`);
    assert.equal(response.status(), 404);
    await waitFor(chair, () => document.body.dataset.meeting === 'missing', null, { what: 'not found', server });
    assert.equal(await chair.locator('#not-found h2').textContent(), nl.chair.notFoundTitle);
    await screenshot(chair, 'chair-unknown');
    await chair.context().close();
  });

test('the console fits a 390 px phone', { timeout: 60000 }, async () => {
  const { meeting, items } = await makeMeeting('Een vergadering met een heel lange naam over de herinrichting van het Rozenplein');
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/start`);
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda/${items[1].id}/current`);
  for (const lang of ['nl', 'en']) {
    const page = await chairPage(meeting, { viewport: { width: 390, height: 844 }, lang });
    await ready(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    await screenshot(page, `chair-phone-${lang}`);
    await page.locator('#chair-agenda').scrollIntoViewIfNeeded();
    await screenshot(page, `chair-phone-${lang}-agenda`);
    await page.context().close();
  }
  await endIfLive(meeting);
});

for (const lang of ['nl', 'en']) {
  test(`axe: /chair/{meeting} in ${lang}, planned and live`, { timeout: 90000 }, async () => {
    const catalog = lang === 'nl' ? nl : en;
    const { meeting, items } = await makeMeeting(`Toegankelijk ${lang}`);
    const page = await chairPage(meeting, { bypassCSP: true, lang });
    await ready(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    assert.equal(await page.locator('#start').textContent(), catalog.chair.start);
    await page.addScriptTag({ path: axePath });
    let result = await page.evaluate(() => window.axe.run());
    assert.equal(result.violations.length, 0, `planned: axe violations:\n${describeAxe(result.violations)}`);

    await page.locator('#start').click();
    await waitFor(page, () => document.body.dataset.meetingStatus === 'live', null, { what: 'live', server });
    await page.locator(`[data-item-id="${items[0].id}"] button`).click();
    await waitFor(page, (id) => document.body.dataset.currentItem === String(id), items[0].id, { what: 'current', server });
    await waitFor(page, () => document.body.dataset.previewState === 'playing', null,
      { timeout: 30000, what: 'preview playing', server });
    result = await page.evaluate(() => window.axe.run());
    await screenshot(page, `a11y-chair-${lang}`);
    assert.equal(result.violations.length, 0, `live: axe violations:\n${describeAxe(result.violations)}`);
    await page.context().close();
    await endIfLive(meeting);
  });
}
