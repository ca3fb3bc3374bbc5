// questions.mjs — residents' questions under load, on the 720p30 demo room (release build):
//   1. question → chair latency: 200 resident pages follow the room's public event stream
//      and the chair console follows the staff stream (/api/meetings/{id}/moderation/events);
//      30 residents ask, one at a time; measured from the POST to the `question` event at
//      the chair. Median and p95.
//   2. intake: how many questions per second the server accepts (201) from many residents
//      at once (each its own client: a distinct User-Agent, so the per-client limit of 5 per
//      10 minutes does not apply), 8 in flight, 10 s, with the server's CPU (user+sys from
//      /proc) against the same server idle with the meeting on air.
//   3. the rate limiter: one client asking 20 times → how many 201 and 429.
// Usage: node bench/questions.mjs [--json FILE] [--smoke]. Needs build-bench/tribune (bench/build.sh)
// or $TRIBUNE_BIN. About 1.5 minutes; starts and stops its own server.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { DEMO_CONFIG, binaryPath, repoRoot, startServer, waitForPlaylist } from './lib/server.mjs';
import { machineFacts } from './lib/machine.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
// --smoke: 10 pages, 5 questions, 2 s windows (for CI: the benchmark keeps working).
const smoke = process.argv.includes('--smoke');
const PAGES = smoke ? 10 : 200;
const ASKS = smoke ? 5 : 30;
const WINDOW_MS = smoke ? 2000 : 10000;
const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / hz;
}

// An event-stream reader: calls onEvent(name, data) for each event.
async function follow(url, headers, onEvent) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
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
          const name = block.split('\n').find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (data) onEvent(name, JSON.parse(data), performance.now());
        }
      }
    } catch { /* aborted */ }
  })();
  return () => controller.abort();
}

const bin = binaryPath();
const server = await startServer({ config: DEMO_CONFIG.replace('[server]\n', '[server]\nmax_viewers = 200\n') });
try {
  await waitForPlaylist(server.url, 'demo', 3);
  const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
  const dataDir = cmdline[cmdline.indexOf('--data') + 1];
  const add = spawnSync(bin, ['user', 'add', 'voorzitter', '--role', 'chair', '--data', dataDir], { input: 'bench-wachtwoord\n', encoding: 'utf8' });
  const addAdmin = spawnSync(bin, ['user', 'add', 'secretaris', '--role', 'admin', '--data', dataDir], { input: 'bench-wachtwoord\n', encoding: 'utf8' });
  if (add.status !== 0 || addAdmin.status !== 0) throw new Error('user add failed');
  const login = async (username) => (await (await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-wachtwoord' }) })).json()).token;
  const admin = await login('secretaris');
  const chair = await login('voorzitter');
  const api = async (token, method, p, body, extra = {}) => fetch(`${server.url}${p}`, { method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', ...extra }, body: body ? JSON.stringify(body) : undefined });
  await api(admin, 'POST', '/api/councils', { slug: 'bench', name: 'Wijkraad Bench' });
  const meeting = await (await api(admin, 'POST', '/api/meetings', { council: 'bench', title: 'Benchvergadering', room: 'demo', starts_at: new Date().toISOString() })).json();
  const item = await (await api(admin, 'POST', `/api/meetings/${meeting.id}/agenda`, { title: 'Inspreken' })).json();
  await api(chair, 'POST', `/api/meetings/${meeting.id}/start`);
  await api(chair, 'POST', `/api/meetings/${meeting.id}/agenda/${item.id}/current`);

  // 1. 200 resident pages + the chair.
  const closers = [];
  for (let i = 0; i < PAGES; i++) closers.push(await follow(`${server.url}/api/rooms/demo/events`, {}, () => {}));
  const waiting = new Map();
  closers.push(await follow(`${server.url}/api/meetings/${meeting.id}/moderation/events`, { Authorization: `Bearer ${chair}` },
    (name, q, at) => { if (name === 'question' && waiting.has(q.text)) { waiting.get(q.text)(at); waiting.delete(q.text); } }));
  await sleep(1000);
  const latencies = [];
  for (let i = 0; i < ASKS; i++) {
    const text = `Vraag ${i} over de speeltuin`;
    const seen = new Promise((resolve) => waiting.set(text, resolve));
    const t0 = performance.now();
    const r = await api(null, 'POST', `/api/meetings/${meeting.id}/questions`, { text }, { 'User-Agent': `bench-latency-${i}` });
    if (r.status !== 201) throw new Error(`ask: HTTP ${r.status} ${await r.text()}`);
    latencies.push((await seen) - t0);
    await sleep(100);
  }

  // 2. Intake, against idle.
  let c0 = cpuSeconds(server.pid), t0 = performance.now();
  await sleep(WINDOW_MS);
  const cpuIdle = (cpuSeconds(server.pid) - c0) / ((performance.now() - t0) / 1000) * 100;
  let accepted = 0, other = 0, n = 0;
  const deadline = performance.now() + WINDOW_MS;
  c0 = cpuSeconds(server.pid); t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (performance.now() < deadline) {
      const r = await api(null, 'POST', `/api/meetings/${meeting.id}/questions`, { text: `Vraag ${n} over het verkeer`, name: 'Bewoner' }, { 'User-Agent': `bench-intake-${n++}` });
      await r.arrayBuffer();
      if (r.status === 201) accepted++; else other++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpuIntake = (cpuSeconds(server.pid) - c0) / seconds * 100;

  // 3. One client, 20 questions.
  const statuses = {};
  for (let i = 0; i < 20; i++) {
    const r = await api(null, 'POST', `/api/meetings/${meeting.id}/questions`, { text: `Nog een vraag ${i}` }, { 'User-Agent': 'bench-one-client' });
    statuses[r.status] = (statuses[r.status] || 0) + 1;
  }
  for (const close of closers) close();

  const result = {
    machine: machineFacts({ root: repoRoot, tribuneBin: bin }),
    config: `720p30 demo room, meeting live, ${PAGES} resident pages on the public stream, chair on the staff stream`,
    question_to_chair_ms: { median: median(latencies), p95: p95(latencies), n: latencies.length },
    intake: { accepted_per_s: accepted / seconds, refused: other, cpu_percent: cpuIntake, cpu_percent_idle: cpuIdle },
    one_client_20_questions: statuses,
  };
  console.log('questions benchmark (720p30 demo room, release build)');
  console.log(`  question -> chair (${PAGES} resident pages following): median ${result.question_to_chair_ms.median.toFixed(1)} ms, p95 ${result.question_to_chair_ms.p95.toFixed(1)} ms (n=${latencies.length})`);
  console.log(`  intake, 8 in flight, distinct residents: ${result.intake.accepted_per_s.toFixed(0)} questions/s accepted (${other} refused), server CPU ${cpuIntake.toFixed(0)} % vs ${cpuIdle.toFixed(0)} % on air without questions (ratio ${(cpuIntake / cpuIdle).toFixed(2)})`);
  console.log(`  one client asking 20 times: ${JSON.stringify(statuses)}`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
} finally {
  await server.stop();
}
