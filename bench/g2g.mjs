#!/usr/bin/env node
// g2g.mjs — glass-to-glass latency: from the moment a picture is drawn at the hall to the
// moment a resident's browser shows it, over WebRTC (WHEP), Low-Latency HLS and classic
// HLS.
//
// A Chromium page plays the hall: every 10 ms it draws the wall-clock time (Date.now(),
// low 32 bits, in ms) into a 1280×720 canvas as two rows of 16 black/white blocks (80×64
// px each, a frame around them to find them), and publishes the canvas (captureStream at
// 30 fps) to a WHIP room of a release tribune with Tribune's own WHIP client (H.264
// preferred). Tribune composites it into the program and encodes it as for any hall.
// Viewer pages in the same browser (the same clock) play the room: WHEP with Tribune's
// WHEP client, LL-HLS with hls.js in lowLatencyMode, classic HLS with hls.js without it
// (three target durations behind). On every frame the browser presents
// (requestVideoFrameCallback) the viewer draws it into a canvas, reads the blocks and
// records now − stamp. Over --seconds per mode: median and p95, and how many frames were
// read (a frame whose blocks do not decode, e.g. a scaled slate, is counted as unread).
//
// Everything runs on the same two cores: Chromium encodes the hall (software H.264) and
// decodes the viewer, next to the server's decode and encode. The figure is what a hall
// PC and a resident on one small machine would see; separate machines are faster.
//
// Usage: node bench/g2g.mjs [--modes webrtc,llhls,hls] [--seconds 60] [--quiet-pct 25]
//        [--jitter-ms N] [--out FILE] [--smoke]   (--smoke: 5 s per mode, for CI)
// --jitter-ms: the hall's WHIP jitter buffer for this run (the room's whip_jitter_ms).
// Env: TRIBUNE_BIN (default build-bench/tribune), CHROMIUM_BIN (default /usr/bin/chromium).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { busyPct, cpuTicks, machineFacts, median, round, table, waitQuiet } from './lib/machine.mjs';
import { binaryPath, repoRoot, startServer } from './lib/server.mjs';
import { opt, smoke, stamp } from './lib/cli.mjs';

const modes = opt('modes', 'webrtc,llhls,hls').split(',');
const seconds = Number(opt('seconds', smoke ? '5' : '60'));
const quietPct = Number(opt('quiet-pct', '25'));
// The hall's WHIP jitter buffer (the room's whip_jitter_ms; empty: the server's default).
const jitterMs = opt('jitter-ms', '');
const out = opt('out', smoke ? null : path.join(repoRoot, 'bench', 'results', `g2g-${stamp}.json`));
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const log = (...a) => console.error('g2g:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const CONFIG = `[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1
[room zaal]
title = Zaal
source = whip
ingest_key = g2g
width = 1280
height = 720
framerate = 30
video_kbps = 2000
${jitterMs ? `whip_jitter_ms = ${jitterMs}\n` : ''}`;

// The layout of the stamp, shared by the drawing and the reading side.
const LAYOUT = { x0: 0, y0: 0, w: 80, h: 64, perRow: 16, rows: 2 };

// Runs in the hall page: draw the clock, publish the canvas.
async function publish({ layout }) {
  const { WhipClient } = await import('/static/js/whip.js');
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  document.body.append(canvas);
  const g = canvas.getContext('2d');
  const draw = () => {
    const now = Date.now() >>> 0;
    g.fillStyle = '#808080';
    g.fillRect(0, 0, 1280, 720);
    for (let bit = 0; bit < 32; bit++) {
      const row = Math.floor(bit / layout.perRow);
      const col = bit % layout.perRow;
      g.fillStyle = (now >>> (31 - bit)) & 1 ? '#ffffff' : '#000000';
      g.fillRect(layout.x0 + col * layout.w, layout.y0 + row * layout.h, layout.w, layout.h);
    }
  };
  draw();
  setInterval(draw, 10);
  const stream = canvas.captureStream(30);
  const client = new WhipClient('/whip/zaal', { key: 'g2g', stream });
  await client.start();
  window.g2gPublisher = client;
}

// Runs in a viewer page: play the room by `mode`, and read the stamp of every frame.
async function view({ mode, layout }) {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  if (mode === 'webrtc') {
    const { WhepClient } = await import('/static/js/whep.js');
    const client = new WhepClient('/whep/zaal');
    video.srcObject = client.stream;
    await client.start();
  } else {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/hls.min.js';
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    });
    // eslint-disable-next-line no-undef
    const hls = new Hls({ lowLatencyMode: mode === 'llhls' });
    hls.loadSource('/hls/zaal/index.m3u8');
    hls.attachMedia(video);
  }
  await video.play().catch(() => {});
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true });
  window.g2g = { samples: [], unread: 0, frames: 0 };
  const read = () => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    if (canvas.width !== w) { canvas.width = w; canvas.height = h; }
    g.drawImage(video, 0, 0, w, h);
    const sx = w / 1280;
    const sy = h / 720;
    const img = g.getImageData(0, 0, Math.ceil(layout.w * layout.perRow * sx), Math.ceil(layout.h * layout.rows * sy));
    let value = 0;
    for (let bit = 0; bit < 32; bit++) {
      const row = Math.floor(bit / layout.perRow);
      const col = bit % layout.perRow;
      // The middle half of the block: away from the edges the encoder blurs.
      let sum = 0;
      let n = 0;
      for (let y = Math.floor((row + 0.25) * layout.h * sy); y < (row + 0.75) * layout.h * sy; y += 2) {
        for (let x = Math.floor((col + 0.25) * layout.w * sx); x < (col + 0.75) * layout.w * sx; x += 2) {
          const i = (y * img.width + x) * 4;
          sum += img.data[i] + img.data[i + 1] + img.data[i + 2];
          n++;
        }
      }
      const luma = sum / n / 3;
      if (luma > 90 && luma < 166) return null;   // grey: not a stamp
      value = (value << 1) | (luma >= 128 ? 1 : 0);
    }
    return value >>> 0;
  };
  const onFrame = () => {
    const now = Date.now();
    window.g2g.frames++;
    const v = read();
    // The stamp is the low 32 bits of the hall's Date.now(): put the high bits back.
    if (v !== null) {
      const high = Math.floor(now / 2 ** 32) * 2 ** 32;
      let t = high + v;
      if (t > now + 1000) t -= 2 ** 32;
      const age = now - t;
      if (age >= 0 && age < 60000) window.g2g.samples.push(age);
      else window.g2g.unread++;
    } else {
      window.g2g.unread++;
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : null;
};

const result = { benchmark: 'g2g', machine: machineFacts({ root: repoRoot, tribuneBin: binaryPath(), chromiumBin: CHROMIUM }),
  settings: { modes, seconds, layout: LAYOUT, whip_jitter_ms: jitterMs ? Number(jitterMs) : 'default' }, modes: {} };
if (!smoke) log(`waiting for a quiet machine (≤ ${quietPct}% of a core)`), result.machine.other_load_pct = await waitQuiet({ pct: quietPct, log });

const server = await startServer({ config: CONFIG });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required', '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
});
try {
  const hall = await (await browser.newContext()).newPage();
  await hall.goto(`${server.url}/hall/zaal`);
  await hall.evaluate(publish, { layout: LAYOUT });
  log('hall publishing; waiting for the program to show it');
  await sleep(smoke ? 3000 : 6000);
  const rows = [['mode', 'frames read', 'unread', 'median ms', 'p95 ms', 'min ms', 'max ms', 'machine %']];
  for (const mode of modes) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/hall/zaal`);
    await page.evaluate(view, { mode, layout: LAYOUT });
    // Joining settles first (a player catches up with the live edge): not counted.
    await sleep(smoke ? 3000 : 8000);
    await page.evaluate(() => { window.g2g.samples = []; window.g2g.unread = 0; window.g2g.frames = 0; });
    const m0 = cpuTicks();
    await sleep(seconds * 1000);
    const g = await page.evaluate(() => window.g2g);
    const r = {
      frames: g.frames, read: g.samples.length, unread: g.unread,
      median_ms: round(median(g.samples), 0), p95_ms: p95(g.samples),
      min_ms: g.samples.length ? Math.min(...g.samples) : null, max_ms: g.samples.length ? Math.max(...g.samples) : null,
      machine_busy_pct: busyPct(m0, cpuTicks()),
    };
    result.modes[mode] = r;
    rows.push([mode, r.read, r.unread, r.median_ms, r.p95_ms, r.min_ms, r.max_ms, r.machine_busy_pct]);
    await page.context().close();
  }
  console.log('\nglass to glass: hall canvas drawn → viewer frame presented (same browser, same clock)');
  console.log(table(rows));
  if (out) {
    writeFileSync(out, JSON.stringify(result, null, 2));
    log(`wrote ${out}`);
  }
  if (!server.alive()) throw new Error('tribune died during the run');
} finally {
  await browser.close();
  await server.stop();
}
