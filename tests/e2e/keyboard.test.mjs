// (g) Keyboard users reach the player's controls with Tab, see where the focus is, and
// can operate them with Enter and Space.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
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

// The focused element's id and whether its focus indicator can be seen.
function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    return { id: el.id, tag: el.tagName, visible: outline || shadow, focusVisible: el.matches(':focus-visible') };
  });
}

test('Tab reaches play, sound and full screen, with a visible focus ring', { timeout: 60000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/room/demo`);
  await waitFor(page, () => document.body.dataset.playerState === 'playing', null, { what: 'playing', server });

  const wanted = new Set(['play', 'mute', 'fullscreen']);
  const reached = new Map();
  for (let i = 0; i < 30 && reached.size < wanted.size; i++) {
    await page.keyboard.press('Tab');
    const info = await focusInfo(page);
    if (wanted.has(info.id)) {
      reached.set(info.id, info);
      if (info.id === 'play') await screenshot(page, 'keyboard-focus-play');
    }
  }
  for (const id of wanted) {
    assert.ok(reached.has(id), `Tab should reach #${id}; reached: ${[...reached.keys()]}`);
    assert.ok(reached.get(id).visible && reached.get(id).focusVisible, `#${id} shows its focus`);
  }

  // Operate them from the keyboard.
  await page.focus('#play');
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.getElementById('video').paused, null, { what: 'paused by Enter' });
  // The label follows the media event, a moment after the state itself changed.
  await waitFor(page, ([s, t]) => document.querySelector(s)?.textContent === t, ['#play .label', 'Afspelen'],
    { what: '#play .label says Afspelen' });
  await page.keyboard.press('Space');
  await waitFor(page, () => !document.getElementById('video').paused, null, { what: 'playing again by Space' });

  await page.focus('#mute');
  await page.keyboard.press('Enter');
  await waitFor(page, () => !document.getElementById('video').muted, null, { what: 'unmuted by Enter' });
  // The label follows the media event, a moment after the state itself changed.
  await waitFor(page, ([s, t]) => document.querySelector(s)?.textContent === t, ['#mute .label', 'Geluid uit'],
    { what: '#mute .label says Geluid uit' });

  // Full screen shows the player (picture and controls), and the button says how back.
  await page.focus('#fullscreen');
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.fullscreenElement?.id === 'player', null, { what: 'full screen' });
  // The label follows the media event, a moment after the state itself changed.
  await waitFor(page, ([s, t]) => document.querySelector(s)?.textContent === t, ['#fullscreen .label', 'Klein scherm'],
    { what: '#fullscreen .label says Klein scherm' });
  await screenshot(page, 'room-fullscreen');
  await page.keyboard.press('Enter'); // focus stays on the button
  await waitFor(page, () => !document.fullscreenElement, null, { what: 'full screen left' });

  // The volume slider moves with the arrow keys.
  await page.focus('#volume');
  const before = await page.evaluate(() => document.getElementById('video').volume);
  await page.keyboard.press('ArrowLeft');
  const after = await page.evaluate(() => document.getElementById('video').volume);
  assert.ok(after < before, `volume goes down with ArrowLeft: ${before} → ${after}`);
  await page.context().close();
});

test('the hall page form works from the keyboard', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { media: true });
  await page.goto(`${server.url}/hall/demo`);
  await waitFor(page, () => !document.getElementById('camera').disabled, null, { what: 'devices listed', server });
  const order = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const info = await focusInfo(page);
    if (info.id) order.push(info.id);
    if (info.id === 'start') {
      assert.ok(info.visible, 'start button shows its focus');
      break;
    }
  }
  for (const id of ['camera', 'microphone', 'key', 'start']) {
    assert.ok(order.includes(id), `Tab reaches #${id}; order: ${order}`);
  }
  // Enter in the key field starts (here: with an empty key, a clear message).
  await page.focus('#key');
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.body.dataset.hallState === 'error', null, { what: 'empty key refused' });
  assert.match(await page.locator('#hall-error').textContent(), /Vul eerst de sleutel in/);
  await page.context().close();
});
