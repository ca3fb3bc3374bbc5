#!/usr/bin/env node
// ttff.mjs — time to first frame of the room page, WebRTC (WHEP) and HLS, and the HLS
// live latency, in headless Chromium against a tribune on loopback.
//
// Time to first frame: from navigation start (performance.timeOrigin of the page) to the
// first video frame the browser presents, taken by our own init script: it hooks the
// page's <video> with requestVideoFrameCallback, so the figure does not depend on the
// page's own "playing" heuristics (that moment is recorded too, as page_playing_ms).
// Each load is a fresh browser context (cold cache, no session) and tab, navigated once the
// tab has settled (--tab-settle-ms, see oneLoad), --loads per mode, after --warmup loads
// that are not counted. A WHEP session is DELETEd after each load so
// sessions do not pile up.
//
// HLS latency: --latency-sessions fresh pages in HLS mode (hls.js keeps the delay it joins
// with, so sessions differ); after the first frame and 3 s, sampled every second for
// --latency-seconds:
//   - hls_latency_s: hls.js's own estimate (`hls.latency`): distance from the live edge
//     of the playlist to the playhead; it ignores how old the edge already is;
//   - pdt_latency_ms: wall clock minus `hls.playingDate`, the EXT-X-PROGRAM-DATE-TIME of
//     what is on screen. The server stamps each segment with the wall-clock time of its
//     first frame, and server and browser share this machine's clock, so this is the
//     delay from the program's encode to the picture (glass-to-glass minus the camera).
// The page does not expose its hls.js instance; the init script wraps window.Hls in a
// Proxy as the vendor script sets it and keeps every instance it constructs.
//
// Usage: node bench/ttff.mjs [--loads 10] [--warmup 1] [--latency-seconds 20] [--latency-sessions 3]
//                            [--tab-settle-ms 1500]
//                            [--modes webrtc,hls] [--out bench/results/ttff-….json]
//                            [--quiet-pct 25] [--quiet-wait 180] [--max-minutes 10]
//                            [--chromium-nice 0]
// The table's last column is the CPU of the whole machine, tribune, Chromium (+ this node
// process) and everything else, during each mode: on a 2-core machine Chromium's software
// decoding and page loads compete with the server's encode. --chromium-nice 10 gives the
// server priority, closer to a server and a browser on different machines.
// Before it starts it waits (at most --quiet-wait s) until the machine is less than
// --quiet-pct % of one core busy with other work.
// Env: TRIBUNE_BIN (default build-bench/tribune), CHROMIUM_BIN (default /usr/bin/chromium).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { busyPct, CLK_TCK, cpuTicks, machineFacts, median, round, stats, table, treeTicks, waitQuiet } from './lib/machine.mjs';
import { binaryPath, repoRoot, startServer, waitForPlaylist, whepViewers } from './lib/server.mjs';

const { values: opts } = parseArgs({
  options: {
    loads: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    'latency-seconds': { type: 'string', default: '20' },
    'latency-sessions': { type: 'string', default: '3' },
    modes: { type: 'string', default: 'webrtc,hls' },
    out: { type: 'string' },
    'max-minutes': { type: 'string', default: '10' },
    'quiet-pct': { type: 'string', default: '25' },
    'chromium-nice': { type: 'string', default: '0' },
    'quiet-wait': { type: 'string', default: '180' },
    'tab-settle-ms': { type: 'string', default: '1500' },
  },
});
const LOADS = Number(opts.loads);
const WARMUP = Number(opts.warmup);
const LATENCY_S = Number(opts['latency-seconds']);
const LATENCY_SESSIONS = Number(opts['latency-sessions']);
const MODES = opts.modes.split(',');
const TAB_SETTLE_MS = Number(opts['tab-settle-ms']);
const LOAD_TIMEOUT_MS = 20000;
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const outFile = opts.out || path.join(repoRoot, 'bench', 'results', `ttff-${stamp}.json`);

// Runs in every page before its scripts. Times are performance.now(): ms since navigation start.
const INIT = () => {
  const b = { t: {}, frame: null, hls: [], whepLocation: null };
  Object.defineProperty(window, '__bench', { value: b });
  const mark = (k) => { if (!(k in b.t)) b.t[k] = performance.now(); };

  // Keep every hls.js instance the page makes (the vendor script sets window.Hls).
  let hlsClass;
  Object.defineProperty(window, 'Hls', {
    configurable: true,
    get: () => hlsClass,
    set: (v) => {
      mark('hlsjs_loaded');
      hlsClass = typeof v === 'function' ? new Proxy(v, {
        construct(target, args, newTarget) {
          const inst = Reflect.construct(target, args, newTarget);
          b.hls.push(inst);
          mark('hls_created');
          return inst;
        },
      }) : v;
    },
  });

  // The WebRTC join, step by step (event listeners only: nothing polls).
  const PC = window.RTCPeerConnection;
  if (typeof PC === 'function') {
    window.RTCPeerConnection = new Proxy(PC, {
      construct(target, args, newTarget) {
        const pc = Reflect.construct(target, args, newTarget);
        mark('pc_created');
        const wrap = (name, key) => {
          const f = pc[name].bind(pc);
          pc[name] = (...a) => f(...a).then((v) => { mark(key); return v; });
        };
        wrap('createOffer', 'pc_offer_created');
        wrap('setLocalDescription', 'pc_local_set');
        wrap('setRemoteDescription', 'pc_remote_set');
        pc.addEventListener('iceconnectionstatechange', () => mark(`ice_${pc.iceConnectionState}`));
        pc.addEventListener('connectionstatechange', () => mark(`pc_${pc.connectionState}`));
        pc.addEventListener('track', (e) => {
          if (e.track.kind !== 'video') return;
          // unmute: the first RTP packet of the track arrived (after ICE and DTLS).
          e.track.addEventListener('unmute', () => mark('video_first_rtp'), { once: true });
        });
        return pc;
      },
    });
  }

  const hookVideo = (video) => {
    if (video.__benchHooked || typeof video.requestVideoFrameCallback !== 'function') return;
    video.__benchHooked = true;
    video.requestVideoFrameCallback((now, meta) => {
      if (b.frame) return;
      b.frame = {
        callback_ms: now,
        presentation_ms: meta.presentationTime,
        expected_display_ms: meta.expectedDisplayTime,
        width: meta.width,
        height: meta.height,
        presented_frames: meta.presentedFrames,
      };
      mark('first_frame');
    });
  };
  for (const ev of ['loadstart', 'loadedmetadata', 'loadeddata', 'playing']) {
    document.addEventListener(ev, (e) => {
      if (e.target instanceof HTMLVideoElement) {
        mark(`video_${ev}`);
        hookVideo(e.target);
      }
    }, true);
  }
  document.addEventListener('DOMContentLoaded', () => {
    mark('dom_content_loaded');
    const v = document.querySelector('video');
    if (v) hookVideo(v);
    new MutationObserver(() => {
      if (document.body.dataset.playerState === 'playing') mark('page_playing');
      if (document.body.dataset.playerState === 'error') mark('page_error');
    }).observe(document.body, { attributes: true, attributeFilter: ['data-player-state'] });
  });
};

// Lower Chromium's priority (all our descendants but tribune's tree): on a small machine the
// browser and the server compete; a niced browser leaves the server the CPU it would have
// on its own machine. New renderers inherit the niceness from the zygote.
function reniceChromium(serverPid, nice) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const isUnder = (pid, root) => { for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === root) return true; return false; };
  const pids = [...parent.keys()].filter((p) => p !== process.pid && isUnder(p, process.pid) && !isUnder(p, serverPid));
  if (pids.length) execFileSync('renice', ['-n', String(nice), '-p', ...pids.map(String)], { stdio: 'ignore' });
  return pids.length;
}

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
}

// What the page fetched, relative to navigation start.
const RESOURCES = () => performance.getEntriesByType('resource').map((r) => ({
  name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, type: r.initiatorType,
}));

async function oneLoad(browser, server, mode) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const consoleLines = [];
  let whepLocation = null;
  try {
    await context.addInitScript(INIT);
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(m.text()); });
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && new URL(res.url()).pathname.startsWith('/whep/')) {
        const loc = res.headers().location;
        if (loc) whepLocation = new URL(loc, server.url).href;
      }
    });
    // A new tab's renderer works for ~0.7 s after it is created, before any page (from
    // /proc: 110–150 % of a core, with nothing loaded). A visitor's browser has that done
    // before the click (Chromium keeps a spare renderer ready); here, on two cores shared
    // with the server, it would compete with the page. --tab-settle-ms 0 measures a cold tab.
    await new Promise((r) => setTimeout(r, TAB_SETTLE_MS));
    const tGoto = Date.now();
    await page.goto(`${server.url}/room/demo?mode=${mode}`, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    let ok = true;
    try {
      await page.waitForFunction(() => window.__bench?.frame !== null || 'page_error' in (window.__bench?.t ?? {}),
        null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
    } catch {
      ok = false;
    }
    // A little longer so the page's own "playing" is recorded too (it follows the frame).
    await page.waitForFunction(() => 'page_playing' in window.__bench.t, null, { timeout: 3000, polling: 50 }).catch(() => {});
    const r = await page.evaluate(({ resourcesFn }) => {
      const b = window.__bench;
      // eslint-disable-next-line no-new-func
      const resources = new Function(`return (${resourcesFn})()`)();
      const nav = performance.getEntriesByType('navigation')[0];
      return { t: b.t, frame: b.frame, timeOrigin: performance.timeOrigin, resources,
        nav: nav ? { response_end: nav.responseEnd, dcl_end: nav.domContentLoadedEventEnd } : null,
        state: document.body.dataset.playerState, playerMode: document.body.dataset.playerMode };
    }, { resourcesFn: RESOURCES.toString() });
    const first = (re) => r.resources.filter((x) => re.test(x.name)).sort((a, b) => a.start - b.start)[0];
    const post = first(/^\/whep\//);
    const playlist = first(/\.m3u8$/);
    const segment = first(/\.ts$/);
    const ff = r.frame ? r.t.first_frame : null;
    return {
      ok: ok && r.frame !== null,
      mode,
      player_mode: r.playerMode ?? null,
      player_state: r.state ?? null,
      ttff_ms: round(ff),
      ttff_from_goto_ms: ff !== null ? round(r.timeOrigin + ff - tGoto) : null,
      frame_presentation_ms: round(r.frame?.presentation_ms),
      frame_size: r.frame ? `${r.frame.width}x${r.frame.height}` : null,
      page_playing_ms: round(r.t.page_playing),
      html_response_end_ms: round(r.nav?.response_end),
      dom_content_loaded_ms: round(r.t.dom_content_loaded),
      whep_post_start_ms: round(post?.start),
      whep_post_end_ms: round(post?.end),
      hlsjs_loaded_ms: round(r.t.hlsjs_loaded),
      playlist_start_ms: round(playlist?.start),
      playlist_end_ms: round(playlist?.end),
      first_segment_end_ms: round(segment?.end),
      video_loadeddata_ms: round(r.t.video_loadeddata),
      webrtc_ms: mode === 'webrtc' ? Object.fromEntries(['pc_created', 'pc_offer_created', 'pc_local_set',
        'pc_remote_set', 'ice_checking', 'ice_connected', 'pc_connected', 'video_first_rtp']
        .map((k) => [k, round(r.t[k])])) : null,
      console: consoleLines.slice(0, 5),
    };
  } finally {
    await context.close().catch(() => {});
    if (whepLocation) await fetch(whepLocation, { method: 'DELETE' }).catch(() => {});
  }
}

async function hlsLatency(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(INIT);
    const page = await context.newPage();
    await page.goto(`${server.url}/room/demo?mode=hls`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.frame !== null, null, { timeout: LOAD_TIMEOUT_MS, polling: 100 });
    await page.waitForTimeout(3000);
    const samples = [];
    for (let i = 0; i < LATENCY_S; i++) {
      samples.push(await page.evaluate(() => {
        const hls = window.__bench.hls[window.__bench.hls.length - 1];
        const v = document.querySelector('video');
        const buffered = v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0;
        const pd = hls?.playingDate;
        return {
          t: Date.now(),
          hls_found: Boolean(hls),
          hls_latency_s: hls ? hls.latency : null,
          hls_target_latency_s: hls ? hls.targetLatency : null,
          hls_drift: hls ? hls.drift : null,
          pdt_latency_ms: pd ? Date.now() - pd.getTime() : null,
          buffer_ahead_s: buffered,
          current_time_s: v.currentTime,
          playback_rate: v.playbackRate,
          paused: v.paused,
          dropped_frames: v.getVideoPlaybackQuality().droppedVideoFrames,
          total_frames: v.getVideoPlaybackQuality().totalVideoFrames,
        };
      }));
      await page.waitForTimeout(1000);
    }
    const col = (k) => samples.map((s) => s[k]).filter((x) => x !== null && Number.isFinite(x));
    const first = samples[0];
    const last = samples[samples.length - 1];
    return {
      samples: samples.length,
      hls_instance_found: samples.every((s) => s.hls_found),
      pdt_latency_ms: stats(col('pdt_latency_ms')),
      hls_latency_s: stats(col('hls_latency_s'), 2),
      hls_target_latency_s: round(median(col('hls_target_latency_s')), 2),
      buffer_ahead_s: round(median(col('buffer_ahead_s')), 2),
      playback_advanced_s: round(last.current_time_s - first.current_time_s, 2),
      wall_elapsed_s: round((last.t - first.t) / 1000, 2),
      frames_presented: last.total_frames - first.total_frames,
      dropped_frames: last.dropped_frames - first.dropped_frames,
      raw: samples,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

function summarise(loads) {
  const ok = loads.filter((l) => l.ok);
  const col = (k) => ok.map((l) => l[k]).filter((x) => x !== null);
  const med = (k) => round(median(col(k)));
  return {
    loads: loads.length,
    ok: ok.length,
    failed: loads.length - ok.length,
    ttff_ms: stats(col('ttff_ms')),
    ttff_from_goto_ms: stats(col('ttff_from_goto_ms')),
    page_playing_ms: stats(col('page_playing_ms')),
    median_breakdown_ms: {
      html_response_end: med('html_response_end_ms'),
      dom_content_loaded: med('dom_content_loaded_ms'),
      whep_post_start: med('whep_post_start_ms'),
      whep_post_end: med('whep_post_end_ms'),
      hlsjs_loaded: med('hlsjs_loaded_ms'),
      playlist_start: med('playlist_start_ms'),
      first_segment_end: med('first_segment_end_ms'),
      video_loadeddata: med('video_loadeddata_ms'),
      first_frame: med('ttff_ms'),
    },
    median_webrtc_steps_ms: ok[0]?.webrtc_ms ? Object.fromEntries(Object.keys(ok[0].webrtc_ms)
      .map((k) => [k, round(median(ok.map((l) => l.webrtc_ms[k]).filter((x) => x !== null)))])) : null,
  };
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`ttff: over ${opts['max-minutes']} min, giving up`);
    process.exitCode = 1;
    cleanup().finally(() => process.exit(1));
  }, Number(opts['max-minutes']) * 60000);
  watchdog.unref();
  let server = null;
  let browser = null;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    return server?.stop();
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => cleanup().finally(() => process.exit(130)));

  try {
    execFileSync(path.join(repoRoot, 'bench', 'build.sh'), { stdio: ['ignore', 'ignore', 'inherit'] });
    const quiet = await waitQuiet({ pct: Number(opts['quiet-pct']), maxWaitS: Number(opts['quiet-wait']),
      log: (m) => console.error(`ttff: ${m}`) });
    server = await startServer();
    console.error(`ttff: tribune pid ${server.pid} on ${server.url}; waiting for a full HLS window`);
    await waitForPlaylist(server.url, 'demo', 6);
    browser = await launch();
    if (Number(opts['chromium-nice'])) {
      console.error(`ttff: reniced ${reniceChromium(server.pid, Number(opts['chromium-nice']))} Chromium processes to ${opts['chromium-nice']}`);
    }
    const result = { benchmark: 'ttff', machine: machineFacts({ root: repoRoot, tribuneBin: binaryPath(), chromiumBin: CHROMIUM }),
      settings: { loads: LOADS, warmup: WARMUP, tab_settle_ms: TAB_SETTLE_MS, chromium_nice: Number(opts['chromium-nice']), latency_seconds: LATENCY_S, latency_sessions: LATENCY_SESSIONS, room: '1280x720@30, 2000 kbit/s, test source',
        chromium_args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'] },
      machine_busy_before_pct: quiet, modes: {} };
    for (const mode of MODES) {
      const loads = [];
      const warmups = [];
      const ticks0 = cpuTicks();
      const t0 = Date.now();
      // Chromium is a child of this node process, as tribune is: chromium+node = our tree − tribune's.
      const own0 = { tribune: treeTicks(server.pid), all: treeTicks(process.pid) };
      for (let i = 0; i < WARMUP + LOADS; i++) {
        const l = await oneLoad(browser, server, mode);
        if (mode === 'webrtc') {
          l.whep_sessions_after = await whepViewers(server.url, 'demo').catch(() => null);
        }
        console.error(`ttff: ${mode} ${i < WARMUP ? 'warm-up' : `#${i - WARMUP + 1}`}: ` +
          `${l.ok ? `${l.ttff_ms} ms (page playing ${l.page_playing_ms} ms)` : `FAILED (state ${l.player_state}, mode ${l.player_mode}) ${l.console.join(' | ')}`}`);
        (i >= WARMUP ? loads : warmups).push(l);
      }
      // Everything on the machine (tribune + Chromium + others): high values mean contention.
      const machineBusy = busyPct(ticks0, cpuTicks());
      const secs = (Date.now() - t0) / 1000;
      const tribunePct = round(((treeTicks(server.pid) - own0.tribune) / CLK_TCK / secs) * 100);
      const chromiumPct = round(((treeTicks(process.pid) - own0.all) / CLK_TCK / secs) * 100 - tribunePct);
      result.modes[mode] = { summary: { ...summarise(loads), seconds: round(secs), machine_busy_pct: machineBusy,
        tribune_cpu_pct: tribunePct, chromium_and_node_cpu_pct: chromiumPct, others_cpu_pct: round(machineBusy - tribunePct - chromiumPct) },
      loads, warmup_loads: warmups };
    }
    if (MODES.includes('hls') && LATENCY_S > 0) {
      // hls.js keeps the delay it starts with (playback rate 1), and that depends on the
      // moment it joins: several sessions show the spread.
      const sessions = [];
      for (let i = 0; i < LATENCY_SESSIONS; i++) {
        console.error(`ttff: HLS latency, session ${i + 1}/${LATENCY_SESSIONS}, sampling ${LATENCY_S} s`);
        sessions.push(await hlsLatency(browser, server));
      }
      const all = (k) => sessions.flatMap((x) => x.raw.map((r) => r[k])).filter((v) => v !== null && Number.isFinite(v));
      result.hls_latency = {
        sessions: sessions.length,
        seconds_each: LATENCY_S,
        pdt_latency_ms: stats(all('pdt_latency_ms'), 0),
        hls_latency_s: stats(all('hls_latency_s'), 2),
        per_session_median_pdt_latency_ms: sessions.map((x) => x.pdt_latency_ms.median),
        per_session_median_hls_latency_s: sessions.map((x) => x.hls_latency_s.median),
        hls_target_latency_s: sessions[0]?.hls_target_latency_s ?? null,
        buffer_ahead_s: round(median(sessions.map((x) => x.buffer_ahead_s)), 2),
        frames_presented: sessions.reduce((a, x) => a + x.frames_presented, 0),
        dropped_frames: sessions.reduce((a, x) => a + x.dropped_frames, 0),
        hls_instance_found: sessions.every((x) => x.hls_instance_found),
        session_details: sessions,
      };
    }
    await browser.close();
    browser = null;
    const exit = await server.stop();
    const notable = server.log().split('\n').filter((l) => /CRITICAL|WARN|ERROR|error|fail|assert/i.test(l));
    result.server = { exit, notable_log_lines: notable.slice(0, 30), notable_count: notable.length };
    server = null;

    await mkdir(path.dirname(outFile), { recursive: true });
    await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);

    const m = result.machine;
    console.log(`\ntime to first frame, ${m.nproc} x ${m.cpu_model}, ${m.versions.tribune} built from ${m.tribune_build?.commit?.slice(0, 7) ?? m.tribune_build?.binary ?? '?'}, ${m.versions.chromium}`);
    console.log(`ms from navigation start to the first presented frame; ${LOADS} fresh page loads per mode (+${WARMUP} warm-up not counted), each in a new tab settled for ${TAB_SETTLE_MS} ms`);
    const rows = [['mode', 'ok/loads', 'median', 'min', 'max', 'page "playing" med', 'from goto() med', 'DCL med', 'signalling/playlist med', 'loadeddata med', 'machine/tribune/chromium/others CPU%']];
    for (const [mode, { summary: s }] of Object.entries(result.modes)) {
      const b = s.median_breakdown_ms;
      rows.push([mode, `${s.ok}/${s.loads}`, s.ttff_ms.median, s.ttff_ms.min, s.ttff_ms.max, s.page_playing_ms.median,
        s.ttff_from_goto_ms.median, b.dom_content_loaded,
        mode === 'webrtc' ? `POST ${b.whep_post_start}→${b.whep_post_end}` : `m3u8 ${b.playlist_start}, 1st .ts done ${b.first_segment_end}`,
        b.video_loadeddata, `${s.machine_busy_pct}/${s.tribune_cpu_pct}/${s.chromium_and_node_cpu_pct}/${s.others_cpu_pct}`]);
    }
    console.log(table(rows));
    const steps = result.modes.webrtc?.summary.median_webrtc_steps_ms;
    if (steps) console.log(`WebRTC join, medians (ms from navigation start): ${Object.entries(steps).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (result.hls_latency) {
      const h = result.hls_latency;
      console.log(`\nHLS latency, ${h.sessions} sessions x ${h.seconds_each} samples (1/s): wall clock - EXT-X-PROGRAM-DATE-TIME of the playhead: ` +
        `median ${h.pdt_latency_ms.median} ms (min ${h.pdt_latency_ms.min}, max ${h.pdt_latency_ms.max}; per session ${h.per_session_median_pdt_latency_ms.join(', ')}); ` +
        `hls.latency median ${h.hls_latency_s.median} s (per session ${h.per_session_median_hls_latency_s.join(', ')}; target ${h.hls_target_latency_s} s); ` +
        `buffer ahead ${h.buffer_ahead_s} s; dropped ${h.dropped_frames}/${h.frames_presented} frames; ` +
        `hls.js instance ${h.hls_instance_found ? 'found' : 'NOT found'}`);
    }
    if (result.server.notable_count) console.log(`server log: ${result.server.notable_count} notable lines, e.g.\n  ${notable.slice(0, 5).join('\n  ')}`);
    console.log(`tribune exit: ${JSON.stringify(exit)}\nJSON: ${outFile}`);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
