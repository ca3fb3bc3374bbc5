// (f) The language switch changes the visible text and <html lang>, and is remembered.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { repoRoot, startServer } from './lib/server.mjs';

let server;
let browser;
let nl;
let en;

before(async () => {
  nl = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/nl.json'), 'utf8'));
  en = JSON.parse(await readFile(path.join(repoRoot, 'web/i18n/en.json'), 'utf8'));
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('front page switches from Dutch to English and remembers it', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  await waitFor(page, () => document.body.dataset.roomsLoaded === 'true', null, { what: 'rooms loaded', server });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
  assert.equal(await page.locator('h1').textContent(), nl.index.title);
  assert.equal((await page.locator('.watch-link .link-text').first().textContent()), nl.index.watch);

  await page.getByRole('button', { name: 'English' }).click();
  await waitFor(page, () => document.documentElement.lang === 'en', null, { what: 'lang=en' });
  assert.equal(await page.locator('h1').textContent(), en.index.title);
  assert.equal(await page.locator('.watch-link .link-text').first().textContent(), en.index.watch);
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'index-en');

  // Remembered on the next page.
  await page.goto(`${server.url}/room/demo`);
  await waitFor(page, () => document.documentElement.lang === 'en', null, { what: 'room page in English' });
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null, { what: 'playing', server });
  assert.equal(await page.locator('#play .label').textContent(), en.player.pause);
  assert.equal(await page.locator('#status').textContent(), en.room.status.playing);
  assert.match(await page.locator('#viewers').textContent(), /viewer/);
  await screenshot(page, 'room-en');

  // ?lang= wins over the remembered choice.
  await page.goto(`${server.url}/hall/demo?lang=nl`);
  await waitFor(page, () => document.documentElement.lang === 'nl', null, { what: 'hall page in Dutch' });
  assert.equal(await page.locator('h1').textContent(), nl.hall.title);
  assert.equal(await page.locator('#start').textContent(), nl.hall.start);
  await page.context().close();
});

test('status lines follow a language switch on the room page', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/demo`);
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null, { what: 'playing', server });
  assert.equal(await page.locator('#status').textContent(), nl.room.status.playing);
  await page.getByRole('button', { name: 'English' }).click();
  await waitFor(page, () => document.documentElement.lang === 'en', null, { what: 'lang=en' });
  assert.equal(await page.locator('#status').textContent(), en.room.status.playing);
  assert.equal(await page.locator('#unmute span').textContent(), en.player.soundOn);
  assert.equal(await page.locator('#video').getAttribute('aria-label'), en.player.videoLabel);
  await page.context().close();
});

test('a right-to-left catalog turns the page around; a missing one falls back to Dutch',
  { timeout: 60000 }, async () => {
    const page = await newPage(browser);
    // No Arabic catalog ships yet: serve a small one, as a translator would add it.
    await page.route('**/static/i18n/ar.json', (route) => route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ index: { title: 'شاهد مجلس الحي مباشرة' } }),
    }));
    await page.goto(`${server.url}/?lang=ar`);
    await waitFor(page, () => document.documentElement.lang === 'ar', null, { what: 'lang=ar' });
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.locator('h1').textContent(), 'شاهد مجلس الحي مباشرة');
    // Keys the catalog lacks show in Dutch rather than as raw keys.
    assert.equal(await page.locator('#rooms-title').textContent(), nl.index.roomsTitle);
    assert.equal(await page.locator('#rooms-title').getAttribute('lang'), 'nl',
      'fallback text is marked as Dutch for screen readers');
    await screenshot(page, 'index-rtl');

    await page.goto(`${server.url}/?lang=xx`);
    await waitFor(page, () => document.body.dataset.roomsLoaded === 'true', null, { what: 'rooms loaded' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    assert.equal(await page.locator('h1').textContent(), nl.index.title);
    await page.context().close();
  });
