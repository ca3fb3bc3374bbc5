// Hybrid meetings in Chromium: two council members (fake cameras) open their invite
// links, check their camera, press "Deelnemen" and take part; a resident watching the room
// sees them composited into the program; the chair sees them connected and mutes one;
// the page is usable in Dutch and English with no axe violations.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axePath, launchBrowser, newPage, screenshot, waitFor } from './lib/browser.mjs';
import { createMeeting } from './lib/meeting-setup.mjs';
import { startServer } from './lib/server.mjs';
import { addUser, describeAxe, logInWithPage } from './lib/staff.mjs';
import { changedCells, lumaGrid, sleep } from './lib/video.mjs';

let server;
let browser;
let api;
let meeting;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ api, meeting } = await createMeeting(server, { title: 'Hybride vergadering' }));
  await api('POST', `/api/meetings/${meeting.id}/start`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function invite(name) {
  return api('POST', `/api/meetings/${meeting.id}/invites`, { name });
}

async function participants() {
  return api('GET', `/api/meetings/${meeting.id}/participants`);
}

async function openJoin(url, { lang } = {}) {
  const page = await newPage(browser, { media: true, bypassCSP: true });
  await page.goto(`${server.url}${url}${lang ? `&lang=${lang}` : ''}`);
  await waitFor(page, () => document.body.dataset.joinState === 'ready' &&
    document.getElementById('preview').videoWidth > 0, null,
  { timeout: 20000, what: 'join page ready with camera preview', server });
  return page;
}

async function joinMeeting(page) {
  await page.getByRole('button', { name: 'Deelnemen' }).click();
  await waitFor(page, () => document.body.dataset.joinState === 'joined', null,
    { timeout: 30000, what: 'joined', server });
  // The meeting plays on their page: picture size known and time moving.
  await waitFor(page, () => {
    const v = document.getElementById('program');
    return v.videoWidth > 0 && v.currentTime > 0.5;
  }, null, { timeout: 20000, what: 'program playing on the join page', server });
}

test('an invite link that does not work says so in words', { timeout: 60000 }, async () => {
  const page = await newPage(browser, { media: true });
  await page.goto(`${server.url}/join/${meeting.id}?t=not-a-real-token`);
  await waitFor(page, () => document.body.dataset.joinState === 'error', null,
    { what: 'error state', server });
  assert.match(await page.locator('#join-error').textContent(), /Deze link werkt niet/);
  assert.equal(await page.locator('#join').isVisible(), false);
  await page.context().close();
});

test('two members join; the program shows them; the chair sees and mutes them',
  { timeout: 180000 }, async (t) => {
    const viewer = await newPage(browser);
    await viewer.goto(`${server.url}/room/demo?mode=webrtc`);
    await waitFor(viewer, () => document.body.dataset.playerState === 'playing', null,
      { timeout: 30000, what: 'viewer playing', server });
    await sleep(1000);
    const before = await lumaGrid(viewer, { top: 0, bottom: 1 });

    const a = await invite('Fatima Yilmaz');
    const b = await invite('Joost de Vries');
    assert.match(a.url, new RegExp(`^/join/${meeting.id}\\?t=`));
    const pageA = await openJoin(a.url);
    // The token left the address bar.
    assert.equal(new URL(pageA.url()).search, '');
    assert.match(await pageA.locator('#who').textContent(), /Fatima Yilmaz/);
    await screenshot(pageA, 'join-ready');
    await joinMeeting(pageA);
    const pageB = await openJoin(b.url);
    await joinMeeting(pageB);

    // Grid: the hall and two members side by side.
    await api('PUT', `/api/meetings/${meeting.id}/layout`, { kind: 'grid' });
    const deadline = Date.now() + 15000;
    let list;
    do {
      list = (await participants()).participants;
      if (list.every((p) => p.connected && p.on_picture)) break;
      await sleep(250);
    } while (Date.now() < deadline);
    assert.ok(list.every((p) => p.connected && p.on_picture),
      `both connected and on the picture: ${JSON.stringify(list)}`);

    let changed = 0;
    for (let i = 0; i < 20 && changed < 128; i++) {
      await sleep(500);
      changed = changedCells(before, await lumaGrid(viewer, { top: 0, bottom: 1 }), 12);
    }
    t.diagnostic(`program cells changed after two members joined (grid): ${changed} of 256`);
    assert.ok(changed >= 128, `the resident's picture should be recomposed: ${changed} cells changed`);
    await screenshot(viewer, 'hybrid-room-grid');
    await screenshot(pageA, 'join-joined');

    // Member A mutes themselves; the chair sees it. The chair lowers B's raised hand.
    await pageA.getByRole('button', { name: 'Microfoon uitzetten' }).click();
    await waitFor(pageA, () => document.getElementById('mute').getAttribute('aria-pressed') === 'true',
      null, { what: 'mute pressed', server });
    await pageB.getByRole('button', { name: 'Hand opsteken' }).click();
    list = (await participants()).participants;
    assert.equal(list.find((p) => p.name === 'Fatima Yilmaz').muted, true);
    assert.equal(list.find((p) => p.name === 'Joost de Vries').hand_raised, true);

    // The chair mutes B: B's page shows it within a few seconds.
    const idB = list.find((p) => p.name === 'Joost de Vries').id;
    await api('POST', `/api/meetings/${meeting.id}/participants/${idB}`, { action: 'mute' });
    await waitFor(pageB, () => !document.getElementById('self-muted').hidden, null,
      { timeout: 10000, what: 'muted badge on B after the chair muted', server });

    // B leaves: gone from the picture within 2 s (+ the watchdog and the API read).
    await pageB.getByRole('button', { name: 'Verlaten' }).click();
    await waitFor(pageB, () => document.body.dataset.joinState === 'ready', null, { what: 'left' });
    const leftBy = Date.now() + 3000;
    let bNow;
    do {
      bNow = (await participants()).participants.find((p) => p.id === idB);
      if (!bNow.on_picture) break;
      await sleep(200);
    } while (Date.now() < leftBy);
    assert.equal(bNow.on_picture, false, 'B left the picture');
    // The same link brings B back.
    await joinMeeting(pageB);
    const backBy = Date.now() + 10000;
    do {
      bNow = (await participants()).participants.find((p) => p.id === idB);
      if (bNow.on_picture) break;
      await sleep(250);
    } while (Date.now() < backBy);
    assert.equal(bNow.on_picture, true, 'B is back on the picture with the same link');

    // The chair removes A: A's page says so.
    const idA = list.find((p) => p.name === 'Fatima Yilmaz').id;
    await api('POST', `/api/meetings/${meeting.id}/participants/${idA}`, { action: 'remove' });
    await waitFor(pageA, () => document.body.dataset.joinState === 'error', null,
      { timeout: 10000, what: 'A removed', server });
    assert.match(await pageA.locator('#join-error').textContent(), /voorzitter heeft u uit de vergadering/);

    for (const p of [viewer, pageA, pageB]) await p.context().close();
  });

for (const lang of ['nl', 'en']) {
  test(`join page in ${lang}: the button, and no axe violations before and after joining`,
    { timeout: 120000 }, async () => {
      const inv = await invite(`Lid ${lang}`);
      const page = await openJoin(inv.url, { lang });
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const label = lang === 'nl' ? 'Deelnemen' : 'Join';
      assert.equal((await page.locator('#join').textContent()).trim(), label);
      await page.addScriptTag({ path: axePath });
      let result = await page.evaluate(() => window.axe.run());
      assert.equal(result.violations.length, 0, `join (ready) axe:\n${describeAxe(result.violations)}`);
      await page.locator('#join').click();
      await waitFor(page, () => document.body.dataset.joinState === 'joined', null,
        { timeout: 30000, what: 'joined', server });
      result = await page.evaluate(() => window.axe.run());
      await screenshot(page, `a11y-join-${lang}`);
      assert.equal(result.violations.length, 0, `join (joined) axe:\n${describeAxe(result.violations)}`);
      // Keyboard: the switches are buttons reachable with Tab and pressed with Enter.
      await page.locator('#hand').focus();
      await page.keyboard.press('Enter');
      await waitFor(page, () => document.getElementById('hand').getAttribute('aria-pressed') === 'true',
        null, { what: 'hand raised by keyboard' });
      await page.locator('#leave').click();
      await page.context().close();
    });
}

test('the chair invites from the console, sees the member connect, mutes them and picks a layout',
  { timeout: 150000 }, async () => {
    await addUser(server, 'voorzitter', 'chair', 'een lang genoeg wachtwoord');
    const chair = await newPage(browser, { bypassCSP: true });
    const target = `/chair/${meeting.id}`;
    await chair.goto(`${server.url}${target}`);
    await chair.waitForURL(/\/login\?next=/);
    await logInWithPage(chair, server, 'voorzitter', 'een lang genoeg wachtwoord');
    await chair.waitForURL(`${server.url}${target}`);
    await waitFor(chair, () => document.body.dataset.ready === 'true' &&
      !document.getElementById('participants-panel').hidden, null, { what: 'chair ready', server });

    await chair.getByLabel('Naam van het lid').fill('Ahmed <script>x</script>');
    await chair.getByRole('button', { name: 'Uitnodigen' }).click();
    await waitFor(chair, () => document.getElementById('invite-link').value.includes('/join/'), null,
      { what: 'invite link shown', server });
    const link = await chair.locator('#invite-link').inputValue();
    assert.match(await chair.locator('#invite-status').textContent(), /Ahmed <script>x<\/script> is uitgenodigd/);

    const member = await newPage(browser, { media: true });
    await member.goto(link);
    await waitFor(member, () => document.body.dataset.joinState === 'ready', null, { what: 'member ready', server });
    await member.getByRole('button', { name: 'Deelnemen' }).click();
    await waitFor(member, () => document.body.dataset.joinState === 'joined', null, { what: 'member joined', server });

    const card = chair.locator('#participants-list li', { hasText: 'Ahmed <script>x</script>' });
    await waitFor(chair, () => [...document.querySelectorAll('#participants-list li')]
      .some((li) => li.textContent.includes('In beeld')), null, { timeout: 15000, what: 'member on the picture', server });
    await card.getByRole('button', { name: 'Dempen: Ahmed <script>x</script>' }).click();
    await waitFor(member, () => !document.getElementById('self-muted').hidden, null,
      { timeout: 10000, what: 'member sees the chair muted them', server });
    await chair.getByLabel('Alleen de zaal').check();
    await waitFor(chair, () => /alleen de zaal/i.test(document.getElementById('participants-status').textContent),
      null, { what: 'layout set', server });
    const state = await api('GET', `/api/meetings/${meeting.id}/participants`);
    assert.equal(state.layout.kind, 'hall');
    assert.equal(await chair.locator('script', { hasText: 'x' }).count(), 0, 'the name stays text');
    await screenshot(chair, 'chair-participants');
    await chair.addScriptTag({ path: axePath });
    const result = await chair.evaluate(() => window.axe.run());
    assert.equal(result.violations.length, 0, `chair axe:\n${describeAxe(result.violations)}`);
    await member.context().close();
    await chair.context().close();
  });

test('a resident asks to speak, the chair gives the floor, the countdown runs, the turn becomes a chapter',
  { timeout: 180000 }, async () => {
    const resident = await newPage(browser, { media: true });
    await resident.goto(`${server.url}/room/demo`);
    await waitFor(resident, () => !document.getElementById('speak').hidden, null,
      { timeout: 20000, what: 'speak section shown for the live meeting', server });
    await resident.getByLabel('Uw naam', { exact: true }).fill('Anna de Wit');
    await resident.getByLabel('Waar wilt u over praten?').fill('Een hek om de zandbak');
    // The agenda's public-comment item is chosen for them.
    assert.match(await resident.locator('#speak-item option:checked').textContent(), /Inspreken/);
    await resident.getByRole('button', { name: 'Inspreken aanvragen' }).click();
    await waitFor(resident, () => document.body.dataset.speak === 'waiting', null,
      { what: 'request waiting', server });
    assert.match(await resident.locator('#speak-state').textContent(), /U staat op de lijst/);

    const chair = await newPage(browser);
    const target = `/chair/${meeting.id}`;
    await chair.goto(`${server.url}${target}`);
    await chair.waitForURL(/\/login\?next=/);
    await logInWithPage(chair, server, 'voorzitter', 'een lang genoeg wachtwoord');
    await chair.waitForURL(`${server.url}${target}`);
    const card = chair.locator('#speakers-list li', { hasText: 'Anna de Wit' });
    await waitFor(chair, () => document.querySelector('#speakers-list li[data-status="waiting"]') !== null,
      null, { timeout: 15000, what: 'request on the chair page', server });
    assert.match(await card.textContent(), /Een hek om de zandbak/);
    assert.match(await card.textContent(), /Inspreken/);
    await card.getByRole('button', { name: 'Het woord geven: Anna de Wit' }).click();
    await waitFor(chair, () => document.querySelector('#speakers-list li[data-status="admitted"] [data-ends-at]')
      ?.textContent.startsWith('Nog '), null, { what: 'countdown on the chair page', server });

    // The resident's page says it is their turn and takes them to it.
    await waitFor(resident, () => document.body.dataset.speak === 'admitted', null,
      { timeout: 10000, what: 'resident admitted', server });
    await resident.getByRole('link', { name: 'Naar uw spreekbeurt' }).click();
    await waitFor(resident, () => document.body.dataset.joinState === 'ready', null,
      { timeout: 20000, what: 'join page ready for the resident', server });
    assert.match(await resident.locator('#who').textContent(), /U spreekt in als Anna de Wit/);
    const clock = async () => resident.locator('#turn-clock').textContent();
    const first = await clock();
    assert.match(first, /^[23]:\d\d$/, `countdown starts near 3 minutes: ${first}`);
    await resident.getByRole('button', { name: 'Deelnemen' }).click();
    await waitFor(resident, () => document.body.dataset.joinState === 'joined', null,
      { timeout: 30000, what: 'resident on air', server });
    await sleep(2100);
    assert.notEqual(await clock(), first, 'the countdown runs');
    await screenshot(resident, 'speak-resident-on-air');
    await screenshot(chair, 'speak-chair');

    // The chair ends the turn: the resident is thanked, the turn is a chapter.
    await card.getByRole('button', { name: 'Beëindigen: Anna de Wit' }).click();
    await waitFor(resident, () => document.body.dataset.joinState === 'error', null,
      { timeout: 10000, what: 'turn over on the resident page', server });
    assert.match(await resident.locator('#join-error').textContent(), /spreektijd is voorbij/);
    await sleep(2500);
    const vtt = await (await fetch(`${server.url}/vod/${meeting.id}/chapters.vtt`)).text();
    assert.match(vtt, /Inspreker: Anna de Wit – Een hek om de zandbak/);
    for (const p of [resident, chair]) await p.context().close();
  });

test('the hall page plays the remote members (the return feed) when switched on', { timeout: 180000 }, async (t) => {
  const inv = await invite('Lid thuis');
  const member = await openJoin(inv.url);
  await joinMeeting(member);
  // Their upload flows before the hall listens: the server puts their picture on the
  // program (a joined page may still be connecting its upload on a slow machine).
  const deadline = Date.now() + 45000;
  for (;;) {
    const me = (await participants()).participants.find((p) => p.name === 'Lid thuis');
    if (me?.on_picture) break;
    assert.ok(Date.now() < deadline, `the member's upload reaches the server: ${JSON.stringify(me)}`);
    await sleep(250);
  }

  const hall = await newPage(browser, { media: true });
  await hall.goto(`${server.url}/hall/demo`);
  await hall.locator('#key').fill('demo');
  const toggle = hall.getByRole('button', { name: 'Geluid van deelnemers aanzetten' });
  await toggle.click();
  await waitFor(hall, () => /U hoort de deelnemers op afstand/.test(
    document.getElementById('return-status').textContent), null, { timeout: 20000, what: 'return playing', server });
  assert.equal(await hall.locator('#return-toggle').getAttribute('aria-pressed'), 'true');
  // Sound arrives: the member's fake microphone beeps; measure the feed's level.
  const peak = await hall.evaluate(async () => {
    const stream = document.getElementById('return-audio').srcObject;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    // The largest window (0.68 s at 48 kHz) read every 100 ms sees every sample: with the
    // default 2048 samples (43 ms) the short beeps were mostly missed (peak 0.019, once).
    analyser.fftSize = 32768;
    ctx.createMediaStreamSource(stream).connect(analyser);
    await ctx.resume();
    const data = new Float32Array(analyser.fftSize);
    let max = 0;
    // Up to 20 s: the connection may still be settling (ICE, the first key frames, a
    // sanitizer build on two cores), and the fake microphone beeps once a second.
    for (let i = 0; i < 200 && max <= 0.05; i++) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatTimeDomainData(data);
      for (const v of data) max = Math.max(max, Math.abs(v));
    }
    await ctx.close();
    return max;
  });
  t.diagnostic(`return feed peak ${peak.toFixed(3)}`);
  assert.ok(peak > 0.02, `the hall hears the remote member (peak ${peak.toFixed(3)})`);
  await hall.getByRole('button', { name: 'Geluid van deelnemers uitzetten' }).click();
  await waitFor(hall, () => /staat uit/.test(document.getElementById('return-status').textContent), null,
    { what: 'return stopped', server });
  for (const p of [hall, member]) await p.context().close();
});
