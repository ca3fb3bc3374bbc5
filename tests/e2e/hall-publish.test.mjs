// (c) The secretary publishes the (fake) hall camera from /hall/zaal and a resident on
// /room/zaal sees the picture change from the slate to the camera.
// (d) A wrong key is refused with a clear message; a second publisher gets "busy".

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { startServer, WHIP_ROOM_CONFIG } from './lib/server.mjs';
import { looksLikeFakeCamera, looksLikeSlate, sampleVideo, sleep } from './lib/video.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ config: WHIP_ROOM_CONFIG });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function getRoom() {
  return (await fetch(`${server.url}/api/rooms/zaal`)).json();
}

// Average colour of the middle of the viewer's picture, sampled until pred() holds
// (HLS viewers see a change a few seconds late).
async function waitForColour(page, pred, { timeout = 20000 } = {}) {
  const deadline = Date.now() + timeout;
  let sample = null;
  while (Date.now() < deadline) {
    sample = await sampleVideo(page, { region: 0.3 });
    if (sample && pred(sample.mean)) return sample;
    await sleep(250);
  }
  return sample;
}

async function openHall(key) {
  const page = await newPage(browser, { media: true });
  await page.goto(`${server.url}/hall/zaal`);
  // Ready: the fake camera shows in the preview and the form can be used.
  await waitFor(page, () => {
    const v = document.getElementById('preview');
    return v.videoWidth > 0 && !document.getElementById('start').disabled;
  }, null, { timeout: 20000, what: 'hall page ready with camera preview', server });
  if (key !== undefined) await page.locator('#key').fill(key);
  return page;
}

test('wrong ingest key: clear error, hallState=error', { timeout: 60000 }, async () => {
  const hall = await openHall('wrongkey');
  await hall.locator('#start').click();
  await waitFor(hall, () => document.body.dataset.hallState === 'error', null,
    { timeout: 20000, what: 'hallState=error', server });
  const error = await hall.locator('#hall-error').textContent();
  assert.match(error, /De sleutel klopt niet/, `error shown: ${error}`);
  assert.equal(await hall.locator('#start').isEnabled(), true, 'the secretary can try again');
  await screenshot(hall, 'hall-wrong-key');
  const room = await getRoom();
  assert.equal(room.live, false, 'a refused publisher does not make the room live');
  await hall.context().close();
});

test('hall page publishes the camera; the room page shows it', { timeout: 120000 }, async () => {
  const viewer = await newPage(browser);
  await viewer.goto(`${server.url}/room/zaal`);
  await waitFor(viewer, () => document.body.dataset.playerState === 'playing', null,
    { timeout: 30000, what: 'viewer playing the slate', server });
  const before = await waitForColour(viewer, looksLikeSlate);
  assert.ok(before && looksLikeSlate(before.mean),
    `before publishing the viewer sees the slate: ${JSON.stringify(before?.mean)}`);
  await screenshot(viewer, 'room-zaal-slate');

  const hall = await openHall('testkey');
  await hall.locator('#start').click();
  await waitFor(hall, () => document.body.dataset.hallState === 'live', null,
    { timeout: 30000, what: 'hallState=live', server });
  await screenshot(hall, 'hall-live');

  const after = await waitForColour(viewer, looksLikeFakeCamera, { timeout: 20000 });
  assert.ok(after && looksLikeFakeCamera(after.mean),
    `the viewer's picture changes from the slate to the camera: slate ${JSON.stringify(before.mean)}, ` +
    `now ${JSON.stringify(after?.mean)}\n--- server log ---\n${server.log().split('\n').slice(-30).join('\n')}`);
  await screenshot(viewer, 'room-zaal-camera');

  let room = await getRoom();
  assert.equal(room.live, true, `room is live while publishing: ${JSON.stringify(room)}`);
  assert.equal(room.input, 'whip');

  // The key is remembered for this browser session only.
  assert.equal(await hall.evaluate(() => sessionStorage.getItem('tribune.ingestKey.zaal')), 'testkey');

  // A second publisher with the right key is told someone else is on air.
  const second = await openHall('testkey');
  await second.locator('#start').click();
  await waitFor(second, () => document.body.dataset.hallState === 'error', null,
    { timeout: 20000, what: 'second publisher refused', server });
  assert.match(await second.locator('#hall-error').textContent(), /Iemand anders zendt al uit/);
  await screenshot(second, 'hall-busy');
  await second.context().close();

  // Stopping brings the slate back.
  await hall.locator('#stop').click();
  await waitFor(hall, () => document.body.dataset.hallState === 'idle', null,
    { timeout: 10000, what: 'hallState=idle after stop' });
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && (room = await getRoom()).live) await sleep(250);
  assert.equal(room.live, false, 'room is no longer live after "Uitzending stoppen"');
  const slateAgain = await waitForColour(viewer, looksLikeSlate);
  assert.ok(slateAgain && looksLikeSlate(slateAgain.mean),
    `after stopping the viewer sees the slate again: ${JSON.stringify(slateAgain?.mean)}`);
  await hall.context().close();
  await viewer.context().close();
});

test('a dropped broadcast comes back by itself', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { media: true });
  await page.goto(`${server.url}/`);
  const states = await page.evaluate(async () => {
    const { Publisher } = await import('/static/js/publisher.js');
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const publisher = new Publisher('/whip/zaal');
    const seen = [];
    const reach = (state) => new Promise((resolve) => {
      publisher.addEventListener('change', function on(event) {
        if (event.detail.state !== state) return;
        publisher.removeEventListener('change', on);
        resolve();
      });
    });
    publisher.addEventListener('change', (e) => seen.push(`${e.detail.state}:${e.detail.reason}`));
    let live = reach('live');
    publisher.start(stream, 'testkey');
    await live;
    // What the browser reports when the network between hall and server is gone for good.
    live = reach('live');
    publisher.client.dispatchEvent(new Event('failed'));
    await live;
    window.tribunePublisher = publisher;
    return seen;
  });
  assert.deepEqual(states, ['connecting:connecting', 'live:live', 'connecting:reconnecting', 'live:live']);
  // The server puts the new session on air once its first frames arrive.
  let room = await getRoom();
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && !(room = await getRoom()).live) await sleep(250);
  assert.equal(room.live, true, `the room is live again after reconnecting: ${JSON.stringify(room)}`);
  await page.evaluate(() => window.tribunePublisher.stop());
  await page.context().close();
});
