// browser.mjs — Debian's Chromium driven by playwright-core, set up like a visitor's browser
// with a fake camera and microphone (for the hall page) and autoplay allowed.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './server.mjs';

export const artifactsDir = path.join(repoRoot, 'tests', 'e2e', 'artifacts');
export const axePath = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

// A page in its own context (own storage), with console output kept for failure reports.
// disableWebRtc removes RTCPeerConnection before any page script runs; media grants the
// fake camera and microphone (the hall page) — viewers get no such permission, as at home.
// bypassCSP lets a test inject a script (axe-core) past the server's script-src 'self'.
export async function newPage(browser, { disableWebRtc = false, viewport, media = false,
  bypassCSP = false, reducedMotion = 'no-preference' } = {}) {
  const context = await browser.newContext({
    viewport: viewport || { width: 1280, height: 800 },
    permissions: media ? ['camera', 'microphone'] : [],
    bypassCSP,
    reducedMotion,
  });
  if (disableWebRtc) {
    await context.addInitScript(() => {
      delete window.RTCPeerConnection;
      delete window.webkitRTCPeerConnection;
    });
  }
  const page = await context.newPage();
  const log = [];
  page.on('console', (msg) => log.push(`[console.${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => log.push(`[pageerror] ${err.message}`));
  page.on('requestfailed', (req) => log.push(`[requestfailed] ${req.method()} ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) log.push(`[http ${res.status()}] ${res.request().method()} ${res.url()}`);
  });
  page.tribuneLog = () => log.join('\n');
  return page;
}

export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Wait for a condition in the page; on timeout say what the page and the server logged.
export async function waitFor(page, fn, arg, { timeout = 20000, what = 'condition', server } = {}) {
  try {
    return await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch (err) {
    const state = await page.evaluate(() => JSON.stringify(document.body.dataset)).catch(() => '?');
    throw new Error(`${what} not reached in ${timeout} ms (body data: ${state})\n` +
      `--- page log ---\n${page.tribuneLog()}\n` +
      (server ? `--- server log (tail) ---\n${server.log().split('\n').slice(-40).join('\n')}\n` : '') +
      err.message);
  }
}
