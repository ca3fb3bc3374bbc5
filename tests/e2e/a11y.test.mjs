// (e) axe-core finds no accessibility violations on the three pages, in Dutch and English.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
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

// What "the page has settled" means for each page, so axe sees what a visitor sees.
const PAGES = [
  { path: '/', name: 'index', ready: () => document.body.dataset.roomsLoaded === 'true' },
  { path: '/room/demo', name: 'room', ready: () => document.body.dataset.playerState === 'playing' },
  {
    path: '/hall/demo',
    name: 'hall',
    media: true,
    ready: () => document.getElementById('preview').videoWidth > 0 &&
      !document.getElementById('camera').disabled,
  },
];

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'))
    .join('\n');
}

for (const lang of ['nl', 'en']) {
  for (const spec of PAGES) {
    test(`axe: ${spec.path} in ${lang}`, { timeout: 60000 }, async () => {
      const page = await newPage(browser, { media: Boolean(spec.media), bypassCSP: true });
      await page.goto(`${server.url}${spec.path}?lang=${lang}`);
      await waitFor(page, spec.ready, null, { timeout: 30000, what: `${spec.name} ready`, server });
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run());
      await screenshot(page, `a11y-${spec.name}-${lang}`);
      assert.equal(result.violations.length, 0, `axe violations:\n${describe(result.violations)}`);
      await page.context().close();
    });
  }
}

test('no pulsing or spinning for visitors who ask for less motion', { timeout: 60000 }, async () => {
  const animations = async (reducedMotion) => {
    const page = await newPage(browser, { reducedMotion });
    await page.goto(`${server.url}/room/demo`);
    await waitFor(page, () => document.getElementById('live-badge').classList.contains('badge-live'),
      null, { what: 'LIVE badge', server });
    const name = await page.evaluate(() =>
      getComputedStyle(document.getElementById('live-badge'), '::before').animationName);
    await page.context().close();
    return name;
  };
  assert.equal(await animations('no-preference'), 'pulse');
  assert.equal(await animations('reduce'), 'none');
});
