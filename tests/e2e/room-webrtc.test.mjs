// (a) A resident opens /room/demo and sees the demo room's moving test picture over
// WebRTC (WHEP); leaving the page ends the WHEP session on the server.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { DEMO_CONFIG, startServer } from './lib/server.mjs';
import { sampleVideo, sleep, videoStats, waitForProgress } from './lib/video.mjs';

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

async function whepViewers() {
  const res = await fetch(`${server.url}/api/rooms/demo`);
  const room = await res.json();
  return room.viewers?.whep;
}

test('room page plays the demo room over WebRTC', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/demo`);
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null,
    { timeout: 20000, what: 'playerState=playing', server });

  assert.equal(await page.evaluate(() => document.body.dataset.playerMode), 'webrtc',
    `expected WebRTC, page log:\n${page.tribuneLog()}`);

  const { start, now } = await waitForProgress(page, { by: 1 });
  assert.ok(now.currentTime - start.currentTime >= 1,
    `currentTime should advance: ${start.currentTime} → ${now.currentTime}`);
  assert.ok(now.frames > 0, `decoded frames: ${now.frames}`);
  assert.ok(now.width > 0 && now.height > 0, `video size ${now.width}x${now.height}`);

  const sample = await sampleVideo(page, { region: 0.8 });
  assert.ok(sample, 'the video can be drawn to a canvas');
  assert.ok(sample.variance > 100,
    `picture should not be flat/black: luminance variance ${sample.variance.toFixed(1)}, mean ${sample.lumMean.toFixed(1)}`);

  // The page shows what it is doing.
  assert.match(await page.locator('#mode').textContent(), /WebRTC/);
  assert.match(await page.locator('#room-title').textContent(), /Wijkraad Demo/);
  assert.equal(await page.locator('#unmute').isVisible(), true, 'muted autoplay offers "Geluid aan"');
  await screenshot(page, 'room-webrtc');

  // The server counts this viewer, and forgets it when the page goes away (DELETE).
  let viewers = await whepViewers();
  assert.ok(viewers >= 1, `viewers.whep while watching: ${viewers}`);
  await page.goto('about:blank');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && (viewers = await whepViewers()) > 0) await sleep(250);
  assert.equal(viewers, 0, 'the WHEP session ends when the resident leaves the page');
  await page.context().close();
});

test('?mode=webrtc plays WebRTC and sound can be switched on', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}/room/demo?mode=webrtc`);
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null,
    { timeout: 20000, what: 'playerState=playing', server });
  assert.equal(await page.evaluate(() => document.body.dataset.playerMode), 'webrtc');
  await page.locator('#unmute').click();
  const stats = await videoStats(page);
  assert.equal(stats.muted, false, 'after "Geluid aan" the video is not muted');
  await page.locator('#unmute').waitFor({ state: 'hidden', timeout: 2000 });
  await screenshot(page, 'room-webrtc-phone');
  await page.context().close();
});

test('a WebRTC connection lost while watching moves on to HLS', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  const changes = await page.evaluate(async () => {
    const { Player } = await import('/static/js/player.js');
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const player = new Player(video, 'demo');
    const seen = [];
    player.addEventListener('change', (e) => seen.push(`${e.detail.mode}:${e.detail.state}:${e.detail.reason}`));
    const reach = (mode) => new Promise((resolve) => {
      player.addEventListener('change', function on(e) {
        if (e.detail.mode !== mode || e.detail.state !== 'playing') return;
        player.removeEventListener('change', on);
        resolve();
      });
    });
    const webrtc = reach('webrtc');
    player.start();
    await webrtc;
    // What the browser reports when the network path is gone for good.
    const hls = reach('hls');
    player.whep.dispatchEvent(new Event('failed'));
    await hls;
    await player.stop();
    return seen;
  });
  assert.equal(changes[0], 'webrtc:connecting:connecting');
  assert.ok(changes.includes('webrtc:playing:playing'), changes.join(', '));
  assert.ok(changes.includes('hls:connecting:fallback'), changes.join(', '));
  assert.equal(changes.at(-1), 'hls:playing:playing');
  await page.context().close();
});

// viewer_sender = webrtcbin: a full-ICE server. The page posts its offer before its ICE
// gathering ends (the lean sender needs no candidates), so here its candidates must
// follow in a PATCH; the picture still comes over WebRTC, not the HLS fallback.
test('a server with viewer_sender = webrtcbin gets the candidates by PATCH and plays', { timeout: 60000 }, async () => {
  const other = await startServer({
    config: DEMO_CONFIG.replace('ice_addresses = 127.0.0.1', 'ice_addresses = 127.0.0.1\nviewer_sender = webrtcbin'),
  });
  try {
    const page = await newPage(browser);
    await page.goto(`${other.url}/room/demo`);
    await waitFor(page, () => document.body.dataset.playerState === 'playing', null,
      { timeout: 20000, what: 'playerState=playing', server: other });
    assert.equal(await page.evaluate(() => document.body.dataset.playerMode), 'webrtc',
      `expected WebRTC, page log:\n${page.tribuneLog()}`);
    const { now } = await waitForProgress(page, { by: 1 });
    assert.ok(now.frames > 0, `decoded frames: ${now.frames}`);
    assert.doesNotMatch(other.log(), /lean sender, ICE-lite/);
    await page.context().close();
  } finally {
    await other.stop();
  }
});
