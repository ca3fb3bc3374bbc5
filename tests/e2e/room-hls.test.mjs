// (b) Where WebRTC is missing (old browser, blocked by a firewall or policy), the room page
// falls back to HLS by itself; ?mode=hls asks for HLS directly.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { sampleVideo, waitForProgress } from './lib/video.mjs';

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

async function assertPlaysHls(page, name) {
  // HLS needs a few segments on the server first (~1 s each) before the first frame.
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null,
    { timeout: 30000, what: 'playerState=playing over HLS', server });
  assert.equal(await page.evaluate(() => document.body.dataset.playerMode), 'hls');
  const { start, now } = await waitForProgress(page, { by: 1, timeout: 15000 });
  assert.ok(now.currentTime - start.currentTime >= 1,
    `currentTime should advance: ${start.currentTime} → ${now.currentTime}`);
  assert.ok(now.frames > 0, `decoded frames: ${now.frames}`);
  // Right after the server starts, the first second of the program can be black (the
  // mixer runs before the slate's first frame); a viewer sees the picture moments later.
  let sample = null;
  for (let i = 0; i < 20; i++) {
    sample = await sampleVideo(page, { region: 0.8 });
    if (sample && sample.variance > 100) break;
    await page.waitForTimeout(500);
  }
  assert.ok(sample && sample.variance > 100,
    `picture should not be flat/black: ${JSON.stringify(sample)}`);
  assert.match(await page.locator('#mode').textContent(), /HLS/);
  await screenshot(page, name);
}

test('without RTCPeerConnection the room page falls back to HLS', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { disableWebRtc: true });
  await page.goto(`${server.url}/room/demo`);
  await assertPlaysHls(page, 'room-hls-fallback');
  await page.context().close();
});

test('?mode=hls plays HLS', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/demo?mode=hls`);
  await assertPlaysHls(page, 'room-hls');
  // The server counts HLS viewers too (polled every 5 s by the page).
  const room = await (await fetch(`${server.url}/api/rooms/demo`)).json();
  assert.ok(room.viewers && typeof room.viewers.hls === 'number', `viewers: ${JSON.stringify(room.viewers)}`);
  await page.context().close();
});

test('embedded player (?embed=1) shows only the player', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { viewport: { width: 640, height: 400 } });
  await page.goto(`${server.url}/room/demo?embed=1&mode=hls`);
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null,
    { timeout: 30000, what: 'embedded player playing', server });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('#play').isVisible(), true);
  assert.equal(await page.locator('#fullscreen').isVisible(), true);
  await screenshot(page, 'room-embed');
  await page.context().close();
});

test('a refused WHEP offer falls back to HLS and says so', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  // As if the server had no room for more WebRTC viewers.
  await page.route('**/whep/**', (route) => route.fulfill({
    status: 503, contentType: 'application/json', body: '{"error":"too many viewers"}',
  }));
  const statuses = [];
  await page.exposeFunction('reportStatus', (text) => statuses.push(text));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const el = document.getElementById('status');
      if (el) window.reportStatus(el.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${server.url}/room/demo`);
  await assertPlaysHls(page, 'room-hls-refused-whep');
  assert.ok(statuses.includes('Geen verbinding, we proberen HLS…'),
    `the status line said it tries HLS; it said: ${JSON.stringify([...new Set(statuses)])}`);
  await page.context().close();
});

test('without hls.js the page plays native HLS or says clearly that it cannot',
  { timeout: 60000 }, async () => {
    const page = await newPage(browser, { disableWebRtc: true });
    await page.route('**/vendor/hls.min.js', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`${server.url}/room/demo`);
    await waitFor(page, () => ['playing', 'error'].includes(document.body.dataset.playerState), null,
      { timeout: 30000, what: 'playing or a clear error', server });
    const state = await page.evaluate(() => document.body.dataset.playerState);
    if (state === 'error') {
      assert.equal(await page.locator('#status').textContent(),
        'Deze browser kan de uitzending niet afspelen. Probeer een andere browser.');
      assert.equal(await page.locator('#stage-message').isVisible(), true);
    }
    await screenshot(page, 'room-no-hlsjs');
    await page.context().close();
  });

test('an unknown room says so instead of showing a black box', { timeout: 30000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/bestaat-niet`);
  await waitFor(page, () => document.body.dataset.playerState === 'error', null,
    { what: 'playerState=error', server });
  assert.match(await page.locator('#status').textContent(), /bestaat niet/);
  await screenshot(page, 'room-unknown');
  await page.context().close();
});
