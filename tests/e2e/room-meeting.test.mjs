// The room page shows the meeting on air and the agenda item being discussed, and follows
// the chair without a reload (the room's event stream). Without the stream the video still
// plays and the page keeps trying. axe-core on the room page with a meeting on air.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { createMeeting } from './lib/meeting-setup.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const nowText = (page) => page.locator('#meeting-now').textContent();

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'))
    .join('\n');
}

test('the room page follows the meeting: start, current item, next item, end', { timeout: 120000 }, async () => {
  const { api, meeting, items } = await createMeeting(server);
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/demo`);
  await waitFor(page, () => document.body.dataset.meeting === 'none', null, { what: 'no meeting yet', server });
  assert.equal(await page.locator('#meeting').isHidden(), true, 'no meeting block before the meeting');
  // A marker that a reload would wipe out.
  await page.evaluate(() => { window.tribuneTestMarker = 'still here'; });

  await api('POST', `/api/meetings/${meeting.id}/start`);
  await waitFor(page, () => document.body.dataset.meeting === 'live', null, { what: 'meeting live', server });
  assert.equal(await page.locator('#meeting-title').textContent(), 'Vergadering november');
  assert.equal(await nowText(page), 'De vergadering begint zo. Het eerste agendapunt is nog niet begonnen.');

  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/current`);
  await waitFor(page, () => document.getElementById('meeting-now').textContent === 'Nu: 1. Opening en mededelingen',
    null, { what: 'first item current', server });
  await new Promise((resolve) => setTimeout(resolve, 3000));

  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[2].id}/current`);
  await waitFor(page, () => document.getElementById('meeting-now').textContent === 'Nu: 3. Speeltuin Afrikaanderplein',
    null, { what: 'third item current', server });
  assert.equal(await page.evaluate(() => window.tribuneTestMarker), 'still here', 'the page was not reloaded');

  // Screen readers hear the change politely; the agenda is folded away until asked for.
  const now = page.locator('#meeting-now');
  assert.equal(await now.getAttribute('aria-live'), 'polite');
  const details = page.locator('#meeting-details');
  assert.equal(await details.evaluate((d) => d.open), false, 'agenda starts collapsed');
  assert.equal(await page.locator('#meeting-agenda-summary').textContent(), 'Agenda (4 punten)');
  await page.locator('#meeting-agenda-summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await details.evaluate((d) => d.open), true, 'Enter opens the agenda');
  const current = page.locator('#meeting-agenda li[aria-current="true"]');
  assert.equal(await current.count(), 1);
  assert.match(await current.textContent(), /^Speeltuin Afrikaanderplein nu$/);
  assert.equal(await page.locator('#meeting-agenda li').count(), 4);

  // The video plays all the while.
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null, { what: 'playing', server });
  await screenshot(page, 'room-meeting-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'room-meeting-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // English follows the language switch, including the live line.
  await page.getByRole('button', { name: 'English' }).click();
  await waitFor(page, () => document.getElementById('meeting-now').textContent === 'Now: 3. Speeltuin Afrikaanderplein',
    null, { what: 'English now line' });
  await page.getByRole('button', { name: 'Nederlands' }).click();

  await api('POST', `/api/meetings/${meeting.id}/end`);
  await waitFor(page, () => document.getElementById('meeting-now').textContent === 'Deze vergadering is afgelopen.',
    null, { what: 'meeting ended', server });
  assert.equal(await page.locator('#meeting-ended-link').getAttribute('href'), `/archive/${meeting.id}`);
  assert.equal(await page.locator('#meeting-details').isHidden(), true);
  await page.locator('#meeting').scrollIntoViewIfNeeded();
  await screenshot(page, 'room-meeting-ended');
  await page.context().close();
});

test('without the event stream the video plays, and the page tries again later', { timeout: 90000 }, async () => {
  const { api, meeting, items } = await createMeeting(server, {
    admin: 'secretaris2', title: 'Vergadering zonder stroom', startsAt: '2026-11-25T20:00:00+01:00',
  });
  await api('POST', `/api/meetings/${meeting.id}/start`);
  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[1].id}/current`);
  try {
    const page = await newPage(browser);
    let refused = 0;
    // The first two tries get a 404, as from a server without the stream.
    await page.route('**/api/rooms/demo/events', async (route) => {
      if (refused < 2) {
        refused += 1;
        await route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"no such page or resource"}' });
      } else {
        await route.continue();
      }
    });
    await page.goto(`${server.url}/room/demo`);
    await waitFor(page, () => document.body.dataset.playerState === 'playing', null, { what: 'playing without the stream', server });
    assert.equal(await page.locator('#meeting').isHidden(), true, 'nothing shown while the stream is away');
    await waitFor(page, () => document.getElementById('meeting-now').textContent === 'Nu: 2. Inspreken: parkeren Putselaan',
      null, { what: 'current item after the retries', timeout: 30000, server });
    assert.equal(refused, 2);
    await page.context().close();
  } finally {
    await api('POST', `/api/meetings/${meeting.id}/end`);
  }
});

for (const lang of ['nl', 'en']) {
  test(`axe: /room/demo with a meeting on air, in ${lang}`, { timeout: 60000 }, async () => {
    const { api, meeting, items } = await createMeeting(server, {
      admin: `secretaris-axe-${lang}`, title: `Vergadering ${lang}`, startsAt: '2026-11-26T20:00:00+01:00',
    });
    await api('POST', `/api/meetings/${meeting.id}/start`);
    await api('POST', `/api/meetings/${meeting.id}/agenda/${items[2].id}/current`);
    try {
      const page = await newPage(browser, { bypassCSP: true });
      await page.goto(`${server.url}/room/demo?lang=${lang}`);
      await waitFor(page, () => document.body.dataset.playerState === 'playing' &&
        document.body.dataset.meeting === 'live', null, { what: 'playing with meeting', server });
      await page.locator('#meeting-agenda-summary').click();
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run());
      await screenshot(page, `a11y-room-meeting-${lang}`);
      assert.equal(result.violations.length, 0, `axe violations:\n${describe(result.violations)}`);
      await page.context().close();
    } finally {
      await api('POST', `/api/meetings/${meeting.id}/end`);
    }
  });
}
