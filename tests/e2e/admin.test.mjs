// The secretary's pages: log in, councils, meetings and their agenda, accounts, and on to
// the chair console for a whole meeting. Accounts come from the CLI; everything else is
// done through the pages (the keyboard where a person would use it) and checked in the API.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';
import { addUser, api, apiToken, describeAxe, logInWithPage } from './lib/staff.mjs';

const ADMIN = { name: 'secretaris', password: 'een lang wachtwoord 1' };
const MEMBER = { name: 'lid', password: 'een lang wachtwoord 2' };

let server;
let browser;
let nl;
let en;
let token; // the secretary's, for checks through the API

before(async () => {
  nl = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/nl.json'), 'utf8'));
  en = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/en.json'), 'utf8'));
  server = await startServer();
  await addUser(server, ADMIN.name, 'admin', ADMIN.password);
  await addUser(server, MEMBER.name, 'member', MEMBER.password);
  token = await apiToken(server, ADMIN.name, ADMIN.password);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(options = {}) {
  const page = await newPage(browser, options);
  await page.goto(`${server.url}/admin${options.lang ? `?lang=${options.lang}` : ''}`);
  await page.waitForURL(/\/login\?next=/);
  await logInWithPage(page, server, ADMIN.name, ADMIN.password);
  await page.waitForURL(/\/admin/);
  await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'admin page ready', server });
  return page;
}

function text(page, selector) {
  return page.locator(selector).textContent();
}

test('no session: /admin goes to the login page and back; a wrong password is said plainly',
  { timeout: 60000 }, async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/login\?next=%2Fadmin$/);
    assert.equal(await text(page, 'h1'), nl.login.title);

    await logInWithPage(page, server, ADMIN.name, 'niet het goede');
    await waitFor(page, () => document.getElementById('login-error').textContent !== '', null,
      { what: 'login error', server });
    assert.equal(await text(page, '#login-error'), nl.login.error.wrong);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'login-wrong');

    await page.locator('#password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/admin`);
    await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'admin ready', server });
    assert.equal(await text(page, 'h1'), nl.admin.title);
    assert.match(await text(page, '#session-user'), /secretaris/);
    await page.context().close();
  });

test('?next= only leads to pages on this site', { timeout: 60000 }, async () => {
  for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await logInWithPage(page, server, ADMIN.name, ADMIN.password);
    await page.waitForURL(`${server.url}/admin`); // the admin's own page, not elsewhere
    await page.context().close();
  }
});

test('the secretary adds a council, a meeting and its agenda, then runs it from the chair console',
  { timeout: 120000 }, async () => {
    const page = await adminPage();

    // A council: the short name follows the name until the secretary types one.
    await page.locator('#council-name').focus();
    await page.keyboard.type('Wijkraad Noord-Oost');
    assert.equal(await page.locator('#council-slug').inputValue(), 'wijkraad-noord-oost');
    await page.locator('#council-slug').fill('noord-oost');
    // The answer term for advices: 42 days unless the council agreed another.
    assert.equal(await page.locator('#council-term').inputValue(), '42');
    await page.locator('#council-term').fill('0');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.getElementById('council-error').textContent !== '', null,
      { what: 'term refused', server });
    assert.equal(await text(page, '#council-error'), nl.admin.councils.error.term);
    await page.locator('#council-term').fill('30');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.getElementById('council-status').textContent !== '', null,
      { what: 'council added', server });
    assert.match(await text(page, '#council-list'), /antwoord binnen 30 dagen/);
    assert.equal(await text(page, '#council-status'), nl.admin.councils.added.replace('{name}', 'Wijkraad Noord-Oost'));
    const councils = (await api(server, null, 'GET', '/api/councils')).body.councils;
    assert.deepEqual(councils.map((c) => [c.slug, c.name, c.advice_term_days]), [['noord-oost', 'Wijkraad Noord-Oost', 30]]);

    // The same short name again: refused, in words.
    await page.locator('#council-name').fill('Nog een');
    await page.locator('#council-slug').fill('noord-oost');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.getElementById('council-error').textContent !== '', null,
      { what: 'duplicate council refused', server });
    assert.equal(await text(page, '#council-error'), nl.admin.councils.error.exists);

    // A meeting in room demo, 1 December 2026 at 20:00 in the browser's zone.
    const meetingTitle = 'Wijkraadsvergadering <december> & "zo"';
    await page.locator('#meeting-title').focus();
    await page.keyboard.type(meetingTitle);
    await page.locator('#meeting-room').selectOption('demo');
    await page.locator('#meeting-date').fill('2026-12-01');
    await page.locator('#meeting-time').fill('20:00');
    await page.locator('#meeting-time').press('Enter');
    await waitFor(page, () => document.querySelectorAll('#meeting-list li').length === 1, null,
      { what: 'meeting listed', server });
    const [meeting] = (await api(server, null, 'GET', '/api/meetings')).body.meetings;
    assert.equal(meeting.title, meetingTitle);
    assert.equal(meeting.room, 'demo');
    assert.equal(meeting.council_slug, 'noord-oost');
    const expectedUtc = await page.evaluate(() => new Date(2026, 11, 1, 20, 0).toISOString().replace('.000Z', 'Z'));
    assert.equal(meeting.starts_at, expectedUtc);
    // User text stays text.
    const card = page.locator(`[data-meeting-id="${meeting.id}"]`);
    assert.equal(await card.locator('.card-title').textContent(), meetingTitle);
    assert.equal(await card.locator('.chair-link').getAttribute('href'), `/chair/${meeting.id}`);
    assert.equal(await card.locator('.room-link').getAttribute('href'), '/room/demo');
    assert.equal(await card.locator('.badge').textContent(), nl.admin.status.planned);

    // Filter by council.
    await page.locator('#meeting-filter').selectOption('noord-oost');
    await waitFor(page, () => document.querySelectorAll('#meeting-list li').length === 1, null, { what: 'filtered' });

    // The agenda: three items, typed and submitted with Enter.
    await card.locator('.agenda-button').click();
    await waitFor(page, () => !document.getElementById('agenda').hidden, null, { what: 'agenda shown' });
    // Focus moves once the items are loaded (a request): wait for it rather than race it.
    await waitFor(page, () => document.activeElement.id === 'agenda', null,
      { timeout: 5000, what: 'focus on the agenda section' });
    const items = [
      ['Opening en vaststellen agenda', 'opening'],
      ['Speeltuin Rozenplein', 'discussion'],
      ['Rondvraag', 'rondvraag'],
    ];
    for (const [title, kind] of items) {
      await page.locator('#item-title').focus();
      await page.keyboard.type(title);
      await page.locator('#item-kind').selectOption(kind);
      await page.locator('#item-title').press('Enter');
      await waitFor(page, (n) => document.querySelectorAll('#agenda-list li').length === n,
        items.findIndex((i) => i[0] === title) + 1, { what: `item ${title}`, server });
      // Focus is back in the title field, ready for the next item.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'item-title');
    }
    const agendaPath = `/api/meetings/${meeting.id}/agenda`;
    let agenda = (await api(server, null, 'GET', agendaPath)).body.items;
    assert.deepEqual(agenda.map((i) => [i.position, i.title, i.kind]),
      items.map(([title, kind], n) => [n + 1, title, kind]));

    // Move the third item up: the API has the new order, the focus stays on the item.
    const third = page.locator(`[data-item-id="${agenda[2].id}"]`);
    await third.locator('.up-button').focus();
    await page.keyboard.press('Enter');
    await waitFor(page, (id) => document.querySelector('#agenda-list li:nth-child(2)')?.dataset.itemId === String(id),
      agenda[2].id, { what: 'item moved', server });
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.itemId), String(agenda[2].id));
    agenda = (await api(server, null, 'GET', agendaPath)).body.items;
    assert.deepEqual(agenda.map((i) => i.title), [items[0][0], items[2][0], items[1][0]]);
    // ... and back down.
    await page.locator(`[data-item-id="${agenda[1].id}"] .down-button`).focus();
    await page.keyboard.press('Enter');
    await waitFor(page, (id) => document.querySelector('#agenda-list li:nth-child(3)')?.dataset.itemId === String(id),
      agenda[1].id, { what: 'item moved back', server });
    agenda = (await api(server, null, 'GET', agendaPath)).body.items;
    assert.deepEqual(agenda.map((i) => i.title), items.map((i) => i[0]));

    // Change an item; add one and delete it again (with the confirmation).
    await page.locator(`[data-item-id="${agenda[1].id}"] .edit-button`).click();
    assert.equal(await page.locator('#item-title').inputValue(), items[1][0]);
    await page.locator('#item-description').fill('Wat doen we met de oude schommels?');
    await page.locator('#item-submit').click();
    await waitFor(page, () => document.getElementById('item-status').textContent !== '', null, { what: 'item saved' });
    agenda = (await api(server, null, 'GET', agendaPath)).body.items;
    assert.equal(agenda[1].description, 'Wat doen we met de oude schommels?');
    assert.equal(await page.locator(`[data-item-id="${agenda[1].id}"] .agenda-description`).textContent(),
      'Wat doen we met de oude schommels?');

    await page.locator('#item-title').fill('Weg ermee');
    await page.locator('#item-title').press('Enter');
    await waitFor(page, () => document.querySelectorAll('#agenda-list li').length === 4, null, { what: '4 items' });
    await page.locator('#agenda-list li:nth-child(4) .delete-button').click();
    await waitFor(page, () => document.getElementById('confirm-dialog').open, null, { what: 'confirm dialog' });
    await screenshot(page, 'admin-confirm');
    await page.locator('#confirm-dialog .confirm-ok').click();
    await waitFor(page, () => document.querySelectorAll('#agenda-list li').length === 3, null, { what: 'deleted', server });
    assert.equal((await api(server, null, 'GET', agendaPath)).body.items.length, 3);
    await page.locator('#agenda').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-agenda');

    // Edit the meeting's time: the form fills in, saves, and the API has the new time.
    await card.locator('.edit-button').click();
    assert.equal(await page.locator('#meeting-time').inputValue(), '20:00');
    await page.locator('#meeting-time').fill('19:30');
    await page.locator('#meeting-submit').click();
    await waitFor(page, () => document.getElementById('meeting-status').textContent !== '', null, { what: 'meeting saved' });
    const saved = (await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body;
    assert.equal(saved.starts_at, await page.evaluate(() => new Date(2026, 11, 1, 19, 30).toISOString().replace('.000Z', 'Z')));

    // On to the chair console through the card's link.
    await page.locator(`[data-meeting-id="${meeting.id}"] .chair-link`).click();
    await page.waitForURL(`${server.url}/chair/${meeting.id}`);
    await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'chair ready', server });
    assert.equal(await text(page, '#meeting-title'), meetingTitle);
    await page.locator('#start').click();
    await waitFor(page, () => document.body.dataset.meetingStatus === 'live', null, { what: 'live', server });
    // The focus moved to the "Next item" button; press it twice with the keyboard.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'next');
    await page.keyboard.press('Enter');
    await waitFor(page, (id) => document.body.dataset.currentItem === String(id), agenda[0].id, { what: 'item 1', server });
    await page.keyboard.press('Enter');
    await waitFor(page, (id) => document.body.dataset.currentItem === String(id), agenda[1].id, { what: 'item 2', server });
    const live = (await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body;
    assert.equal(live.status, 'live');
    assert.equal(live.current_item, agenda[1].id);
    assert.equal(await page.locator('[aria-current="step"]').count(), 1);
    assert.match(await page.locator('[aria-current="step"]').textContent(), /Speeltuin Rozenplein/);
    assert.equal(await text(page, '#meeting-status'), nl.chair.status.current
      .replace('{position}', '2').replace('{total}', '3').replace('{title}', items[1][0]));

    // End, with the confirmation.
    await page.locator('#end').click();
    await waitFor(page, () => document.getElementById('confirm-dialog').open, null, { what: 'end dialog' });
    await page.locator('#confirm-dialog .confirm-ok').click();
    await waitFor(page, () => document.body.dataset.meetingStatus === 'ended', null, { what: 'ended', server });
    assert.equal((await api(server, null, 'GET', `/api/meetings/${meeting.id}`)).body.status, 'ended');

    // Back on the admin page the agenda is closed for changes; the API's 409 shows in words.
    await page.goto(`${server.url}/admin`);
    await waitFor(page, () => document.body.dataset.ready === 'true', null, { what: 'admin again' });
    const endedCard = page.locator(`[data-meeting-id="${meeting.id}"]`);
    assert.equal(await endedCard.locator('.badge').textContent(), nl.admin.status.ended);
    assert.equal(await endedCard.locator('.edit-button').isHidden(), true);
    await endedCard.locator('.agenda-button').click();
    await waitFor(page, () => !document.getElementById('agenda-ended').hidden, null, { what: 'ended notice' });
    assert.equal(await page.locator('#agenda-form').isHidden(), true);
    await page.context().close();
  });

test('an agenda change after the end is refused with a plain message (409)', { timeout: 60000 }, async () => {
  const { body: council } = await api(server, token, 'POST', '/api/councils', { name: 'Wijkraad Zuid', slug: 'zuid' });
  const { body: meeting } = await api(server, token, 'POST', '/api/meetings',
    { council: council.id, title: 'Korte vergadering', room: 'demo', starts_at: '2026-12-02T20:00:00+01:00' });
  await api(server, token, 'POST', `/api/meetings/${meeting.id}/agenda`, { title: 'Enig punt' });
  const page = await adminPage();
  await page.locator(`[data-meeting-id="${meeting.id}"] .agenda-button`).click();
  await waitFor(page, () => document.querySelectorAll('#agenda-list li').length === 1, null, { what: 'agenda' });
  // The chair ends the meeting while the secretary has the agenda open.
  assert.equal((await api(server, token, 'POST', `/api/meetings/${meeting.id}/start`)).status, 200);
  assert.equal((await api(server, token, 'POST', `/api/meetings/${meeting.id}/end`)).status, 200);
  await page.locator('#item-title').fill('Te laat');
  await page.locator('#item-title').press('Enter');
  await waitFor(page, () => document.getElementById('item-error').textContent !== '', null, { what: '409 shown', server });
  assert.equal(await text(page, '#item-error'), nl.admin.agenda.error.ended);
  await waitFor(page, () => !document.getElementById('agenda-ended').hidden, null, { what: 'ended notice' });
  assert.equal((await api(server, null, 'GET', `/api/meetings/${meeting.id}/agenda`)).body.items.length, 1);
  await page.context().close();
});

test('accounts: make one with a generated password (shown once), log in with it, delete it',
  { timeout: 60000 }, async () => {
    const page = await adminPage();
    await waitFor(page, () => document.querySelectorAll('#user-list li').length >= 2, null, { what: 'users listed', server });
    await page.locator('#user-name').fill('voorzitter');
    await page.locator('#user-role').selectOption('chair');
    await page.locator('#user-name').press('Enter');
    await waitFor(page, () => !document.getElementById('new-password').hidden, null, { what: 'password shown', server });
    const password = await text(page, '#new-password-value');
    assert.ok(password.length >= 12, `generated password "${password}"`);
    const { body: session } = await api(server, null, 'POST', '/api/session', { username: 'voorzitter', password });
    assert.equal(session.user.role, 'chair');
    const users = (await api(server, token, 'GET', '/api/users')).body.users;
    const chair = users.find((u) => u.username === 'voorzitter');
    assert.equal(chair.role, 'chair');
    await page.locator('#accounts').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-accounts');

    // The own account has no delete button.
    const self = users.find((u) => u.username === ADMIN.name);
    assert.equal(await page.locator(`[data-user-id="${self.id}"] button`).count(), 0);

    await page.locator(`[data-user-id="${chair.id}"] button`).click();
    await page.locator('#confirm-dialog .confirm-ok').click();
    await waitFor(page, (id) => !document.querySelector(`[data-user-id="${id}"]`), chair.id, { what: 'user gone', server });
    assert.ok(!(await api(server, token, 'GET', '/api/users')).body.users.some((u) => u.username === 'voorzitter'));
    await page.context().close();
  });

test('a member account gets "no access"; logging out ends the session', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/admin`);
  await page.waitForURL(/\/login/);
  await logInWithPage(page, server, MEMBER.name, MEMBER.password);
  await page.waitForURL(`${server.url}/admin`);
  await waitFor(page, () => document.body.dataset.access === 'denied', null, { what: 'no access', server });
  assert.equal(await text(page, '#no-access-title'), nl.login.noAccessTitle);
  assert.equal(await page.locator('#content').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'no-access-title');
  await screenshot(page, 'admin-no-access');

  await page.locator('#logout').click();
  await page.waitForURL(`${server.url}/login`);
  assert.equal((await page.evaluate(async () => (await fetch('/api/session')).status)), 401);
  await page.goto(`${server.url}/admin`);
  await page.waitForURL(/\/login\?next=/);
  await page.context().close();
});

test('the pages fit a 390 px phone', { timeout: 60000 }, async () => {
  for (const [name, lang] of [['admin-phone', 'nl'], ['admin-phone-en', 'en']]) {
    const page = await adminPage({ viewport: { width: 390, height: 844 }, lang });
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: ${overflow} px too wide`);
    await screenshot(page, name);
    await page.locator('#meetings').scrollIntoViewIfNeeded();
    await screenshot(page, `${name}-meetings`);
    await page.context().close();
  }
  const login = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await login.goto(`${server.url}/login`);
  await waitFor(login, () => document.body.dataset.ready === 'true', null, { what: 'login ready' });
  assert.ok(await login.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await screenshot(login, 'login-phone');
  await login.context().close();
});

for (const lang of ['nl', 'en']) {
  test(`axe: /login and /admin in ${lang}`, { timeout: 60000 }, async () => {
    const catalog = lang === 'nl' ? nl : en;
    const login = await newPage(browser, { bypassCSP: true });
    await login.goto(`${server.url}/login?lang=${lang}`);
    await waitFor(login, () => document.body.dataset.ready === 'true', null, { what: 'login ready' });
    assert.equal(await text(login, 'h1'), catalog.login.title);
    await login.addScriptTag({ path: axePath });
    let result = await login.evaluate(() => window.axe.run());
    await screenshot(login, `a11y-login-${lang}`);
    assert.equal(result.violations.length, 0, `login: axe violations:\n${describeAxe(result.violations)}`);
    await login.context().close();

    const page = await adminPage({ bypassCSP: true, lang });
    assert.equal(await text(page, 'h1'), catalog.admin.title);
    // With the agenda open and a status line showing, as the secretary works.
    await page.locator('#meeting-list .agenda-button').first().click();
    await waitFor(page, () => !document.getElementById('agenda').hidden, null, { what: 'agenda open' });
    await page.addScriptTag({ path: axePath });
    result = await page.evaluate(() => window.axe.run());
    await screenshot(page, `a11y-admin-${lang}`);
    assert.equal(result.violations.length, 0, `admin: axe violations:\n${describeAxe(result.violations)}`);
    await page.context().close();
  });
}
