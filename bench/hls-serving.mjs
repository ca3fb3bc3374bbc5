#!/usr/bin/env node
// hls-serving.mjs — how many HLS requests per second Tribune serves, against nginx
// serving the same bytes from disk, with 100 and 1,000 concurrent clients (wrk).
//
// One release tribune with the 720p30 demo room (a long live window, so the URLs stay
// valid during the run). Once it is on air, the playlist as it is then, one segment and
// one Low-Latency part are copied into a directory that nginx serves (worker_processes
// auto, sendfile). Then, for each object (playlist, part, segment), each client count and
// each server: `wrk -t2 -c N -d S` on that URL, with the server's CPU (user+sys of its
// processes, from /proc) over the run. wrk runs on the same two cores: both servers pay
// the same tax, and the machine's busy CPU is reported.
//
// Tribune answers HLS on its HTTP threads (server/hls-fast.c): the playlist and parts
// from memory (the room's snapshot), segments from disk with sendfile. nginx serves all
// three from the page cache with sendfile. With hls_threads = 0 in the config below,
// libsoup's main thread serves them instead (the figures before the fast path).
//
// Usage: node bench/hls-serving.mjs [--clients "100 1000"] [--seconds 10]
//        [--objects playlist,part,segment] [--quiet-pct 25] [--out FILE] [--smoke]
// --smoke: 20 clients, 2 s, for CI (the command must keep working; figures not kept).
// Needs: nginx (Debian nginx or nginx-light), wrk, a release build (bench/build.sh).

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLK_TCK, busyPct, cpuTicks, machineFacts, median, round, table, treeTicks, waitQuiet } from './lib/machine.mjs';
import { startFileServer } from './lib/nginx.mjs';
import { DEMO_CONFIG, binaryPath, repoRoot, startServer, waitForPlaylist } from './lib/server.mjs';
import { opt, smoke, stamp } from './lib/cli.mjs';

const clientCounts = (opt('clients', smoke ? '20' : '100 1000')).split(/\s+/).map(Number);
const seconds = Number(opt('seconds', smoke ? '2' : '10'));
const objects = opt('objects', 'playlist,part,segment').split(',');
const quietPct = Number(opt('quiet-pct', '25'));
const out = opt('out', smoke ? null : path.join(repoRoot, 'bench', 'results', `hls-serving-${stamp}.json`));
const log = (...a) => console.error('hls-serving:', ...a);

for (const tool of ['nginx', 'wrk']) {
  try { execFileSync('sh', ['-c', `command -v ${tool}`]); } catch {
    console.error(`hls-serving: ${tool} is missing: apt-get install -y nginx-light wrk`);
    process.exit(2);
  }
}

// wrk's summary: requests/s, bytes/s, latency percentiles, errors.
function parseWrk(text) {
  const num = (re) => Number(text.match(re)?.[1] ?? NaN);
  const ms = (v, unit) => ({ us: v / 1000, ms: v, s: v * 1000 }[unit] ?? NaN);
  const pct = (p) => {
    const m = text.match(new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)`, 'm'));
    return m ? round(ms(Number(m[1]), m[2]), 2) : null;
  };
  const transfer = text.match(/Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/);
  const errors = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    requests_per_s: round(num(/Requests\/sec:\s+([\d.]+)/), 0),
    mbytes_per_s: transfer ? round(Number(transfer[1]) / ({ B: 1048576, KB: 1024, MB: 1, GB: 1 / 1024 }[transfer[2]]), 1) : null,
    latency_ms: { p50: pct(50), p90: pct(90), p99: pct(99) },
    non_2xx: num(/Non-2xx or 3xx responses: (\d+)/) || 0,
    socket_errors: errors ? errors.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0,
  };
}

async function measure(pid, url, clients, seconds) {
  const t0 = treeTicks(pid);
  const m0 = cpuTicks();
  const started = Date.now();
  const text = await new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t2', `-c${clients}`, `-d${seconds}s`, '--latency', '--timeout', '10s', url],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    p.stdout.on('data', (c) => { buf += c; });
    p.stderr.on('data', (c) => { buf += c; });
    p.on('exit', (code) => (code === 0 ? resolve(buf) : reject(new Error(`wrk failed (${code}): ${buf}`))));
  });
  const elapsed = (Date.now() - started) / 1000;
  const r = parseWrk(text);
  r.server_cpu_pct = round(((treeTicks(pid) - t0) / CLK_TCK / elapsed) * 100);
  r.machine_busy_pct = busyPct(m0, cpuTicks());
  r.cpu_pct_per_1000_rps = r.requests_per_s ? round((r.server_cpu_pct / r.requests_per_s) * 1000, 2) : null;
  return r;
}

const result = { benchmark: 'hls-serving', machine: machineFacts({ root: repoRoot, tribuneBin: binaryPath() }),
  settings: { clients: clientCounts, seconds, objects, wrk: 'wrk -t2 --latency' }, runs: [] };
if (!smoke) log(`waiting for a quiet machine (≤ ${quietPct}% of a core)`), result.machine.other_load_pct = await waitQuiet({ pct: quietPct, log });

const server = await startServer({ config: DEMO_CONFIG.replace('[server]\n', '[server]\nhls_window = 100\n') });
const root = mkdtempSync(path.join(tmpdir(), 'tribune-hls-copy-'));
let nginx = null;
try {
  await waitForPlaylist(server.url, 'demo', 3);
  const playlist = await (await fetch(`${server.url}/hls/demo/index.m3u8`)).text();
  const segment = playlist.split('\n').filter((l) => l && !l.startsWith('#'))[1];
  const part = playlist.match(/#EXT-X-PART:[^\n]*URI="([^"]+)"/)[1];
  mkdirSync(path.join(root, 'hls', 'demo'), { recursive: true });
  writeFileSync(path.join(root, 'hls', 'demo', 'index.m3u8'), playlist);
  copyFileSync(path.join(server.dataDir, 'hls', 'demo', segment), path.join(root, 'hls', 'demo', segment));
  writeFileSync(path.join(root, 'hls', 'demo', part),
    Buffer.from(await (await fetch(`${server.url}/hls/demo/${part}`)).arrayBuffer()));
  for (const f of ['index.m3u8', segment, part]) chmodSync(path.join(root, 'hls', 'demo', f), 0o644);
  // nginx's workers run as an unprivileged user: let them read the copy.
  for (const d of [root, path.join(root, 'hls'), path.join(root, 'hls', 'demo')]) chmodSync(d, 0o755);
  nginx = await startFileServer(root);
  let paths = { playlist: '/hls/demo/index.m3u8', part: `/hls/demo/${part}`, segment: `/hls/demo/${segment}` };
  result.objects = {
    playlist_bytes: Buffer.byteLength(playlist),
    part_bytes: readFileSync(path.join(root, 'hls', 'demo', part)).length,
    segment_bytes: readFileSync(path.join(root, 'hls', 'demo', segment)).length,
  };
  // A part is kept about 8 s after its segment closes (older ones are not listed): take
  // a fresh one before each part run, and run parts at most 5 s.
  const freshPart = async () => {
    const text = await (await fetch(`${server.url}/hls/demo/index.m3u8`)).text();
    const uri = [...text.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].at(-1)[1];
    const bytes = Buffer.from(await (await fetch(`${server.url}/hls/demo/${uri}`)).arrayBuffer());
    writeFileSync(path.join(root, 'hls', 'demo', uri), bytes);
    chmodSync(path.join(root, 'hls', 'demo', uri), 0o644);
    paths.part = `/hls/demo/${uri}`;
    result.objects.part_bytes = bytes.length;
  };
  const rows = [['object', 'clients', 'server', 'req/s', 'MB/s', 'p50 ms', 'p99 ms', 'CPU %', 'CPU%/1k req/s', 'errors', 'machine %']];
  for (const object of objects) {
    for (const clients of clientCounts) {
      const run = { object, clients };
      if (object === 'part') await freshPart();
      for (const [name, target] of [['tribune', server], ['nginx', nginx]]) {
        const r = await measure(target.pid, `${target.url}${paths[object]}`, clients,
          object === 'part' ? Math.min(seconds, 5) : seconds);
        run[name] = r;
        rows.push([object, clients, name, r.requests_per_s, r.mbytes_per_s, r.latency_ms.p50, r.latency_ms.p99,
          r.server_cpu_pct, r.cpu_pct_per_1000_rps, r.non_2xx + r.socket_errors, r.machine_busy_pct]);
      }
      run.rps_ratio_tribune_to_nginx = round(run.tribune.requests_per_s / run.nginx.requests_per_s, 2);
      result.runs.push(run);
    }
  }
  console.log(table(rows));
  console.log(`\nrequests/s, Tribune ÷ nginx: ${result.runs.map((r) => `${r.object}@${r.clients} ${r.rps_ratio_tribune_to_nginx}`).join(', ')}`);
  result.median_rps_ratio = round(median(result.runs.map((r) => r.rps_ratio_tribune_to_nginx)), 2);
  if (out) {
    writeFileSync(out, JSON.stringify(result, null, 2));
    log(`wrote ${out}`);
  }
  if (server.alive && !server.alive()) throw new Error('tribune died during the run');
} finally {
  await nginx?.stop();
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}
