// The public archive: a resident searches a word from an agenda title, narrows by council
// and period, opens the hit and the recording plays from that agenda item; the item's clip
// downloads as an MP4 (H.264 + AAC, checked with ffprobe). Archivists correct a chapter's
// start. A live meeting points to the room; a meeting that does not exist says so.
// axe-core on /archive and /archive/{meeting} in Dutch and English.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { addUser, apiClient, createMeeting, logIn, PASSWORD, sleep } from './lib/meeting-setup.mjs';
import { startServer } from './lib/server.mjs';
import { videoStats } from './lib/video.mjs';

const run = promisify(execFile);

let server;
let browser;
let api;
let november; // the meeting that was held: {meeting, items}
let october;  // a planned meeting of another council

before(async () => {
  server = await startServer();
  browser = await launchBrowser();

  november = await createMeeting(server);
  api = november.api;
  const { meeting, items } = november;
  // Held as a chair would: items current a few seconds apart, then the end.
  await api('POST', `/api/meetings/${meeting.id}/start`);
  for (const [index, pause] of [[0, 3000], [1, 3000], [2, 5000], [3, 2000]]) {
    await api('POST', `/api/meetings/${meeting.id}/agenda/${items[index].id}/current`);
    await sleep(pause);
  }
  await api('POST', `/api/meetings/${meeting.id}/end`);

  october = await createMeeting(server, {
    api,
    council: { slug: 'noord', name: 'Wijkraad Noord' },
    title: 'Vergadering oktober',
    startsAt: '2026-10-13T19:30:00+02:00',
    agenda: [
      { title: 'Speeltuin Noordplein', kind: 'discussion', description: 'Een wip erbij.' },
      { title: 'Afval en containers', kind: 'advice' },
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The meeting as the API gives it once its recording is there (the recorder finishes the
// files shortly after the end).
async function recordedMeeting(id, { timeout = 30000 } = {}) {
  const deadline = Date.now() + timeout;
  let meeting;
  while (Date.now() < deadline) {
    meeting = await api('GET', `/api/meetings/${id}`);
    if (meeting.recording?.hls && meeting.agenda?.some((item) => item.mp4)) return meeting;
    await sleep(500);
  }
  throw new Error(`meeting ${id} has no recording after ${timeout} ms: ${JSON.stringify(meeting)}\n` +
    server.log().split('\n').slice(-30).join('\n'));
}

const resultTitles = (page) => page.locator('#results .result-link').allTextContents();

async function submitSearch(page) {
  await page.locator('#submit').click();
  await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'results', server });
}

test('search finds agenda items; council and period narrow the list', { timeout: 90000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/archive`);
  await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'first list', server });
  // Without a word: the meetings, newest first.
  assert.deepEqual(await resultTitles(page), ['Vergadering november', 'Vergadering oktober']);
  assert.equal(await page.locator('#results-status').textContent(), '2 vergaderingen.');
  assert.equal(await page.locator('#results .result-link').first().getAttribute('href'), `/archive/${november.meeting.id}`);

  // A word from an item title, typed and sent with Enter.
  await page.getByLabel('Zoek op een woord').fill('speeltuin');
  await page.keyboard.press('Enter');
  await waitFor(page, () => document.body.dataset.results === 'ready' &&
    document.querySelectorAll('#results li').length === 2, null, { what: 'two hits', server });
  assert.equal(await page.locator('#results-title').textContent(), 'Zoekresultaten');
  assert.equal(await page.locator('#results-status').textContent(), '2 resultaten voor ‘speeltuin’.');
  assert.deepEqual(await resultTitles(page), ['Speeltuin Afrikaanderplein', 'Speeltuin Noordplein']);
  const hit = page.locator('#results li').first();
  assert.equal(await hit.locator('.result-link').getAttribute('href'),
    `/archive/${november.meeting.id}?item=${november.items[2].id}`);
  assert.match(await hit.textContent(), /In: Vergadering november/);
  assert.match(await hit.textContent(), /Wijkraad Feijenoord/);
  assert.match(await hit.textContent(), /Nieuwe toestellen/);
  // The date in the page language and the browser's zone (UTC here): 20:00+01:00 → 19:00.
  assert.equal(await hit.locator('time').textContent(), '24 november 2026 om 19:00');
  assert.equal(await hit.locator('time').getAttribute('datetime'), '2026-11-24T19:00:00.000Z');
  assert.match(page.url(), /\?q=speeltuin$/);
  await screenshot(page, 'archive-search-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'archive-search-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // One council.
  await page.getByLabel('Wijkraad').selectOption({ label: 'Wijkraad Noord' });
  await submitSearch(page);
  assert.deepEqual(await resultTitles(page), ['Speeltuin Noordplein']);
  assert.match(page.url(), /council=noord/);

  // A period: from 1 November, all councils.
  await page.getByLabel('Wijkraad').selectOption('');
  await page.getByLabel('Vanaf datum').fill('2026-11-01');
  await submitSearch(page);
  assert.deepEqual(await resultTitles(page), ['Speeltuin Afrikaanderplein']);
  // Up to and including 13 October (the day of the October meeting), without a word: meetings.
  await page.getByLabel('Zoek op een woord').fill('');
  await page.getByLabel('Vanaf datum').fill('');
  await page.getByLabel('Tot en met datum').fill('2026-10-13');
  await submitSearch(page);
  assert.equal(await page.locator('#results-title').textContent(), 'Alle vergaderingen');
  assert.deepEqual(await resultTitles(page), ['Vergadering oktober']);

  // "To" before "from": said in plain words, on the field.
  await page.getByLabel('Vanaf datum').fill('2026-11-30');
  await page.locator('#submit').click();
  await waitFor(page, () => document.getElementById('form-error').textContent !== '', null, { what: 'date error' });
  assert.match(await page.locator('#form-error').textContent(), /ligt vóór de datum bij ‘Vanaf’/);
  assert.equal(await page.getByLabel('Tot en met datum').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#form-error').getAttribute('role'), 'alert');

  // Nothing found.
  await page.locator('#clear').click();
  await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'cleared' });
  await page.getByLabel('Zoek op een woord').fill('olifant');
  await submitSearch(page);
  assert.equal(await page.locator('#results li').count(), 0);
  assert.match(await page.locator('#results-status').textContent(), /Niets gevonden voor ‘olifant’/);

  // The back button returns to the earlier list.
  await page.goBack();
  await waitFor(page, () => document.body.dataset.results === 'ready' && !location.search, null, { what: 'back' });
  assert.equal(await page.getByLabel('Zoek op een woord').inputValue(), '');
  assert.deepEqual(await resultTitles(page), ['Vergadering november', 'Vergadering oktober']);

  // English: texts and dates follow the language.
  await page.getByRole('button', { name: 'English' }).click();
  await waitFor(page, () => document.documentElement.lang === 'en', null, { what: 'English' });
  assert.equal(await page.locator('h1').textContent(), 'Watch meetings again');
  assert.equal(await page.locator('#results-status').textContent(), '2 meetings.');
  assert.match(await page.locator('#results time').first().textContent(), /^November 24, 2026 at 7:00\s?PM$/);
  await page.context().close();
});

test('search also finds the councils\' advices, linked to the advice tracker', { timeout: 60000 }, async () => {
  const advice = await api('POST', '/api/advices', {
    council: 'feijenoord', title: 'Een zebrapad bij de Putselaan', summary: 'Veilig naar school.',
    kind: 'unsolicited', theme: 'traffic', addressee: 'Wethouder Buitenruimte',
  });
  await api('PATCH', `/api/advices/${advice.id}`, { status: 'sent', sent_at: '2026-11-02' });
  const page = await newPage(browser);
  await page.goto(`${server.url}/archive?q=zebrapad`);
  await waitFor(page, () => document.body.dataset.results === 'ready' &&
    document.querySelectorAll('#results li').length === 1, null, { what: 'the advice hit', server });
  const hit = page.locator('#results li').first();
  assert.equal(await hit.locator('.result-link').textContent(), 'Een zebrapad bij de Putselaan');
  assert.equal(await hit.locator('.result-link').getAttribute('href'), `/advices/${advice.id}`);
  assert.equal(await hit.locator('.result-kind').textContent(), 'Advies van de wijkraad');
  assert.match(await hit.textContent(), /Veilig naar school\./);
  assert.match(await hit.textContent(), /Wijkraad Feijenoord/);
  assert.equal(await page.locator('#results-status').textContent(), '1 resultaat voor ‘zebrapad’.');
  await page.context().close();
});

test('the front page links to the archive', { timeout: 30000 }, async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: 'Oude vergaderingen terugkijken' }).click();
  await page.waitForURL(`${server.url}/archive`);
  await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'archive list' });
  await page.context().close();
});

test('a search hit opens the meeting at that item, and the recording plays from there', { timeout: 90000 }, async () => {
  const meeting = await recordedMeeting(november.meeting.id);
  const speeltuin = meeting.agenda.find((item) => item.id === november.items[2].id);
  assert.ok(speeltuin.chapter, 'the item has a chapter');
  const offset = speeltuin.chapter.offset_s;

  const page = await newPage(browser);
  await page.goto(`${server.url}/archive?q=speeltuin`);
  await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'hits', server });
  await page.getByRole('link', { name: 'Speeltuin Afrikaanderplein' }).click();
  await page.waitForURL(`${server.url}/archive/${meeting.id}?item=${speeltuin.id}`);
  await waitFor(page, () => document.body.dataset.meeting === 'ready', null, { what: 'meeting page', server });
  assert.equal(await page.locator('h1').textContent(), 'Vergadering november');

  // It starts at the item's chapter and the picture moves.
  await waitFor(page, () => {
    const v = document.getElementById('video');
    return !v.paused && v.readyState >= 2 && v.currentTime > 0;
  }, null, { what: 'playing', timeout: 30000, server });
  const first = await videoStats(page, '#video');
  assert.ok(Math.abs(first.currentTime - offset) < 1.5,
    `starts at the item: currentTime ${first.currentTime}, chapter ${offset}`);
  await sleep(1500);
  const later = await videoStats(page, '#video');
  assert.ok(later.currentTime > first.currentTime + 0.5, `time moves: ${first.currentTime} → ${later.currentTime}`);
  assert.ok(later.frames > first.frames, `frames advance: ${first.frames} → ${later.frames}`);
  assert.ok(later.width > 0 && later.height > 0);

  // The item being played is marked, in words too.
  await waitFor(page, (id) => document.body.dataset.playingItem === String(id), speeltuin.id,
    { what: 'item marked' });
  const row = page.locator(`#item-${speeltuin.id}`);
  assert.equal(await row.getAttribute('aria-current'), 'true');
  assert.equal(await row.locator('.now-marker').isVisible(), true);
  assert.equal(await page.locator('#now-playing').textContent(), 'Nu te zien: 3. Speeltuin Afrikaanderplein');
  // The chapters are a track of the video.
  const track = await page.evaluate(() => {
    const t = document.querySelector('#video track');
    return { kind: t.kind, src: t.getAttribute('src') };
  });
  assert.equal(track.kind, 'chapters');
  assert.ok(track.src.startsWith(meeting.recording.chapters));
  await screenshot(page, 'archive-meeting-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'archive-meeting-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // "Play from here" on the first item seeks back, and the marking follows.
  const opening = meeting.agenda[0];
  await page.locator(`#item-${opening.id} .play-from`).click();
  await waitFor(page, (id) => document.body.dataset.playingItem === String(id), opening.id,
    { what: 'first item marked after seeking' });
  const back = await videoStats(page, '#video');
  assert.ok(back.currentTime < offset, `seeked back: ${back.currentTime}`);
  await page.context().close();
});

test('the clip link downloads an MP4 with H.264 video and AAC audio', { timeout: 90000 }, async () => {
  const meeting = await recordedMeeting(november.meeting.id);
  const item = meeting.agenda.find((i) => i.id === november.items[2].id);
  const page = await newPage(browser);
  await page.goto(`${server.url}/archive/${meeting.id}`);
  await waitFor(page, () => document.body.dataset.meeting === 'ready', null, { what: 'meeting page', server });
  const link = page.locator(`#item-${item.id} .download-link`);
  assert.equal(await link.getAttribute('href'), item.mp4);
  assert.match(await link.textContent(), /Download dit deel \(MP4\) \(Speeltuin Afrikaanderplein\)/);

  const dir = await mkdtemp(path.join(tmpdir(), 'tribune-clip-'));
  try {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(dir, 'clip.mp4');
    await download.saveAs(file);
    assert.ok((await stat(file)).size > 1000, 'the clip is not empty');
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name',
      '-show_entries', 'format=format_name,duration', '-of', 'json', file]);
    const probe = JSON.parse(stdout);
    const codecs = probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`).sort();
    assert.ok(codecs.includes('video:h264'), `video is H.264: ${codecs}`);
    assert.ok(codecs.includes('audio:aac'), `audio is AAC: ${codecs}`);
    assert.match(probe.format.format_name, /mp4/);
    assert.ok(Number(probe.format.duration) > 1, `the clip lasts: ${probe.format.duration}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // And the chapters file, once for the whole meeting.
  assert.equal(await page.locator('#chapters-link').getAttribute('href'), meeting.recording.chapters);
  await page.context().close();
});

test('an archivist sets an item\'s start to the playback position; others may not', { timeout: 90000 }, async () => {
  const meeting = await recordedMeeting(november.meeting.id);
  const item = meeting.agenda.find((i) => i.id === november.items[1].id);
  await addUser(server, 'archivaris', 'archivist');

  // A resident sees no correction buttons.
  const resident = await newPage(browser);
  await resident.goto(`${server.url}/archive/${meeting.id}`);
  await waitFor(resident, () => document.body.dataset.player === 'ready', null, { what: 'player', server });
  assert.equal(await resident.locator('.correct-start:visible').count(), 0);
  await resident.context().close();

  const page = await newPage(browser);
  await page.goto(`${server.url}/archive/${meeting.id}`);
  // Log in as the archivist (the session cookie), then come back.
  const status = await page.evaluate(async (password) => (await fetch('/api/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'archivaris', password }),
  })).status, PASSWORD);
  assert.equal(status, 201);
  await page.reload();
  await waitFor(page, () => document.body.dataset.player === 'ready', null, { what: 'player', server });
  await waitFor(page, () => !document.getElementById('staff-intro').hidden, null, { what: 'staff intro' });
  assert.match(await page.locator('#staff-intro').textContent(), /ingelogd als archivaris/);

  // Play to a moment (4.0 s, inside the second item), pause, and set the start there.
  await page.evaluate(() => document.getElementById('video').pause());
  await page.evaluate(() => { document.getElementById('video').currentTime = 4; });
  await waitFor(page, () => Math.abs(document.getElementById('video').currentTime - 4) < 0.2, null, { what: 'seeked' });
  await page.locator(`#item-${item.id} .correct-start`).click();
  await waitFor(page, () => /begint nu op/.test(document.getElementById('correct-status').textContent), null,
    { what: 'saved', server });
  assert.equal(await page.locator('#correct-status').textContent(), 'Agendapunt 2 begint nu op 0:04.');
  const after = await api('GET', `/api/meetings/${meeting.id}`);
  const corrected = after.agenda.find((i) => i.id === item.id).chapter;
  assert.ok(Math.abs(corrected.offset_s - 4) < 0.6, `stored offset ${corrected.offset_s}`);
  assert.equal(corrected.corrected, true);
  assert.match(await page.locator(`#item-${item.id} .play-from`).textContent(), /Afspelen vanaf 0:04/);
  assert.equal(await page.locator(`#item-${item.id} .agenda-item-note`).textContent(), 'Begintijd aangepast');

  // Logged out meanwhile (another tab): the page says so and offers to log in again.
  await page.evaluate(() => fetch('/api/session', { method: 'DELETE' }));
  await page.locator(`#item-${item.id} .correct-start`).click();
  await waitFor(page, () => document.getElementById('correct-error').textContent !== '', null, { what: '401 shown' });
  assert.equal(await page.locator('#correct-error').textContent(),
    'U bent niet meer ingelogd. Log opnieuw in om begintijden aan te passen.');
  assert.match(await page.locator('#correct-login-link').getAttribute('href'), /^\/login\?next=/);
  await page.context().close();

  // A member's token gets 403 from the API itself (the page shows members no buttons).
  await addUser(server, 'lid', 'member');
  const member = apiClient(server, await logIn(server, 'lid'));
  await member('PATCH', `/api/meetings/${meeting.id}/agenda/${item.id}/chapter`, { offset_s: 1 }, { expect: 403 });
});

test('a live meeting points to the room; a planned one has no recording yet', { timeout: 60000 }, async () => {
  const live = await createMeeting(server, {
    api, title: 'Vergadering december', startsAt: '2026-12-01T20:00:00+01:00',
  });
  await api('POST', `/api/meetings/${live.meeting.id}/start`);
  try {
    const page = await newPage(browser);
    await page.goto(`${server.url}/archive/${live.meeting.id}`);
    await waitFor(page, () => document.body.dataset.meeting === 'ready', null, { what: 'meeting page', server });
    assert.equal(await page.locator('#live-notice').isVisible(), true);
    assert.equal(await page.getByRole('link', { name: 'Kijk live mee' }).getAttribute('href'), '/room/demo');
    await screenshot(page, 'archive-meeting-live');

    await page.goto(`${server.url}/archive/${october.meeting.id}`);
    await waitFor(page, () => document.body.dataset.meeting === 'ready', null, { what: 'planned page', server });
    assert.equal(await page.locator('#live-notice').isVisible(), false);
    assert.match(await page.locator('#no-recording').textContent(), /nog niet begonnen/);
    assert.equal(await page.locator('#player').isVisible(), false);
    assert.equal(await page.locator('#agenda li').count(), 2);
    await page.context().close();
  } finally {
    await api('POST', `/api/meetings/${live.meeting.id}/end`);
  }
});

test('a meeting that does not exist: 404 with a page that says so', { timeout: 30000 }, async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${server.url}/archive/987654`);
  assert.equal(response.status(), 404);
  await waitFor(page, () => document.body.dataset.meeting === 'error', null, { what: 'error shown' });
  assert.equal(await page.locator('#page-error').textContent(),
    'Deze vergadering bestaat niet. Kijk of het adres klopt, of zoek in het archief.');
  assert.equal(await page.getByRole('link', { name: 'Terug naar het archief' }).getAttribute('href'), '/archive');
  await screenshot(page, 'archive-meeting-404');
  await page.context().close();
});

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'))
    .join('\n');
}

for (const lang of ['nl', 'en']) {
  test(`axe: /archive with results, in ${lang}`, { timeout: 60000 }, async () => {
    const page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${server.url}/archive?q=speeltuin&lang=${lang}`);
    await waitFor(page, () => document.body.dataset.results === 'ready', null, { what: 'hits', server });
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run());
    await screenshot(page, `a11y-archive-${lang}`);
    assert.equal(result.violations.length, 0, `axe violations:\n${describe(result.violations)}`);
    await page.context().close();
  });

  test(`axe: /archive/{meeting} with its recording, in ${lang}`, { timeout: 60000 }, async () => {
    await recordedMeeting(november.meeting.id);
    const page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${server.url}/archive/${november.meeting.id}?item=${november.items[2].id}&lang=${lang}`);
    await waitFor(page, () => document.body.dataset.player === 'ready' && document.body.dataset.playingItem,
      null, { what: 'playing', timeout: 30000, server });
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(() => window.axe.run());
    await screenshot(page, `a11y-archive-meeting-${lang}`);
    assert.equal(result.violations.length, 0, `axe violations:\n${describe(result.violations)}`);
    await page.context().close();
  });
}
