// meeting.mjs — what running a meeting costs and how fast it reaches people, on a 720p30
// demo room (release build):
//   1. event latency: the chair's POST …/agenda/{item}/current → the `meeting` event on
//      the room's event stream (what the room page and the chair console react to),
//      median and p95 of 30 changes, with 50 pages following the room;
//   2. the server's CPU (user+sys from /proc) with no meeting, and with a meeting on air
//      (lower third drawn, recorder keeping every segment), 30 s each;
//   3. the MP4 clip of a 60 s agenda item: the first request (remux) and a cached one.
// Usage: node bench/meeting.mjs [--json FILE] [--smoke]. Needs build-bench/tribune
// (bench/build.sh) or $TRIBUNE_BIN. Runs about 3 minutes; starts and stops its own server.
// --smoke: 5 pages, 5 changes, 3 s windows (for CI: the benchmark keeps working).

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { DEMO_CONFIG, binaryPath, repoRoot, startServer, waitForPlaylist } from './lib/server.mjs';
import { machineFacts } from './lib/machine.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
const smoke = process.argv.includes('--smoke');
const PAGES = smoke ? 5 : 50;
const CHANGES = smoke ? 5 : 30;
const CPU_S = smoke ? 3 : 30;

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);   // utime + stime
}

async function cpuPercent(pid, seconds) {
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  const a = cpuTicks(pid), t0 = Date.now();
  await sleep(seconds * 1000);
  return ((cpuTicks(pid) - a) / hz) / ((Date.now() - t0) / 1000) * 100;
}

// A page following the room: resolves `next(predicate)` when an event matching it comes.
async function follow(url) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/rooms/demo/events`, { signal: controller.signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const waiters = [];
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          const event = JSON.parse(data);
          const at = performance.now();
          for (const w of waiters.splice(0)) (w.test(event) ? w.resolve(at) : waiters.push(w));
        }
      }
    } catch { /* aborted */ }
  })();
  return {
    next: (test) => new Promise((resolve) => waiters.push({ test, resolve })),
    close: () => controller.abort(),
  };
}

const bin = binaryPath();
const server = await startServer({ config: DEMO_CONFIG.replace('[server]\n', '[server]\nmax_viewers = 100\n') });
try {
  await waitForPlaylist(server.url, 'demo', 3);
  // An admin from the CLI, then a token.
  const add = spawnSync(bin, ['user', 'add', 'bench', '--role', 'admin', '--data', dataDirOf(server)],
    { input: 'bench-wachtwoord\n', encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`user add: ${add.stderr}`);
  const token = (await (await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-wachtwoord' }) })).json()).token;
  const api = async (method, p, body) => {
    const r = await fetch(`${server.url}${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };

  const cpuIdle = await cpuPercent(server.pid, CPU_S);

  await api('POST', '/api/councils', { slug: 'bench', name: 'Wijkraad Bench' });
  const meeting = await api('POST', '/api/meetings', { council: 'bench', title: 'Benchvergadering', room: 'demo', starts_at: new Date().toISOString() });
  const items = [];
  for (let i = 1; i <= 4; i++) items.push(await api('POST', `/api/meetings/${meeting.id}/agenda`, { title: `Punt ${i}` }));
  await api('POST', `/api/meetings/${meeting.id}/start`);
  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[0].id}/current`);

  // 50 pages follow; one of them measures.
  const pages = [];
  for (let i = 0; i < PAGES; i++) pages.push(await follow(server.url));
  await sleep(1000);
  const latencies = [];
  for (let i = 0; i < CHANGES; i++) {
    const item = items[1 + (i % 2)];
    const seen = pages[i % pages.length].next((e) => e && e.current_item && e.current_item.id === item.id);
    const t0 = performance.now();
    await api('POST', `/api/meetings/${meeting.id}/agenda/${item.id}/current`);
    latencies.push((await seen) - t0);
    await sleep(200);
  }
  for (const p of pages) p.close();

  // Item 4 runs 60 s: CPU with the meeting on air meanwhile, then its clip.
  await api('POST', `/api/meetings/${meeting.id}/agenda/${items[3].id}/current`);
  const cpuMeeting = await cpuPercent(server.pid, CPU_S);
  await sleep((CPU_S + 1) * 1000);
  await api('POST', `/api/meetings/${meeting.id}/end`);
  await sleep(1000);
  const clipUrl = `${server.url}/vod/${meeting.id}/items/${items[3].id}.mp4`;
  let t0 = performance.now();
  const first = await fetch(clipUrl);
  const bytes = (await first.arrayBuffer()).byteLength;
  const clipFirstMs = performance.now() - t0;
  t0 = performance.now();
  await (await fetch(clipUrl)).arrayBuffer();
  const clipCachedMs = performance.now() - t0;
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clipUrl], { encoding: 'utf8' });
  const clipDuration = Number(probe.stdout.trim());

  const result = {
    machine: machineFacts({ root: repoRoot, tribuneBin: bin }),
    config: `720p30, 2000 kbit/s, test source, ${PAGES} pages following the room`,
    event_latency_ms: { median: median(latencies), p95: p95(latencies), n: latencies.length },
    cpu_percent: { no_meeting: cpuIdle, meeting_on_air: cpuMeeting },
    clip: { item_seconds: clipDuration, bytes, first_ms: clipFirstMs, cached_ms: clipCachedMs, status: first.status },
  };
  console.log('meeting benchmark (720p30 demo room, release build)');
  console.log(`  event latency (POST current item -> event on the stream, ${PAGES} pages): median ${result.event_latency_ms.median.toFixed(1)} ms, p95 ${result.event_latency_ms.p95.toFixed(1)} ms (n=${latencies.length})`);
  console.log(`  server CPU: no meeting ${cpuIdle.toFixed(1)} %, meeting on air (lower third + recording) ${cpuMeeting.toFixed(1)} %  (ratio ${(cpuMeeting / cpuIdle).toFixed(3)})`);
  console.log(`  MP4 clip of a ${clipDuration.toFixed(1)} s item (${(bytes / 1048576).toFixed(1)} MiB): first ${clipFirstMs.toFixed(0)} ms, cached ${clipCachedMs.toFixed(0)} ms (ratio ${(clipFirstMs / clipCachedMs).toFixed(1)})`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
} finally {
  await server.stop();
}

// The server's --data dir (bench/lib/server.mjs makes a fresh one per run).
function dataDirOf(s) {
  const cmdline = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
  return cmdline[cmdline.indexOf('--data') + 1];
}
