#!/usr/bin/env node
// hls-edge.mjs — many Low-Latency HLS players through the nginx edge of
// deploy/nginx-edge.conf, and how little of that reaches the Tribune origin.
//
// One release tribune (the 720p30 demo room), one nginx edge in front of it (the deploy
// file with its origin, port and cache path filled in), and N emulated LL-HLS players in
// this process, each on its own keep-alive connections to the edge: a blocking playlist
// reload for the next part (?_HLS_msn=M&_HLS_part=P), then every part it lists that the
// player has not fetched yet, and again. Over the window:
//   - the players: parts received per second (each should get every part, ~2.7/s),
//     playlist and part requests, errors, and how far behind the live edge they are
//     (the part's age: now − the wall-clock time its segment's EXT-X-PROGRAM-DATE-TIME
//     and the part's offset give);
//   - the edge: requests served, and how many it passed to the origin (from its access
//     log: every request whose $upstream_cache_status is not HIT);
//   - the origin: parts and segments it made, its CPU, and the edge's and the players'
//     CPU (all on the same two cores).
// The point: origin requests per part stay near 2 (one blocking reload, one part) however
// many players there are.
//
// Usage: node bench/hls-edge.mjs [--players "100 1000"] [--seconds 20] [--quiet-pct 25]
//        [--out FILE] [--smoke]
// --smoke: 10 players for 4 s, for CI. Needs nginx and a release build (bench/build.sh).

import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLK_TCK, busyPct, cpuTicks, machineFacts, median, round, table, treeTicks, waitQuiet } from './lib/machine.mjs';
import { startEdge } from './lib/nginx.mjs';
import { DEMO_CONFIG, binaryPath, repoRoot, startServer, waitForPlaylist } from './lib/server.mjs';
import { opt, smoke, stamp } from './lib/cli.mjs';

const playerCounts = opt('players', smoke ? '10' : '100 1000').split(/\s+/).map(Number);
const seconds = Number(opt('seconds', smoke ? '4' : '20'));
const quietPct = Number(opt('quiet-pct', '25'));
const out = opt('out', smoke ? null : path.join(repoRoot, 'bench', 'results', `hls-edge-${stamp}.json`));
const log = (...a) => console.error('hls-edge:', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try { execFileSync('sh', ['-c', 'command -v nginx']); } catch {
  console.error('hls-edge: nginx is missing: apt-get install -y nginx-light');
  process.exit(2);
}

// GET @url; resolves to {status, body, length}. With count: the body is only measured,
// not kept (a part is ~100 KB; at 1,000 players the copies would cost the load client
// more than the edge).
function get(agent, url, { count = false } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks = [];
      let length = 0;
      res.on('data', (c) => { length += c.length; if (!count) chunks.push(c); });
      res.on('end', () => resolve({ status: res.statusCode, body: count ? null : Buffer.concat(chunks), length }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error('timeout')));
  });
}

// What an LL player needs from a playlist: where the live edge is, and the parts with
// the wall-clock time each starts at. Players at the live edge get the same playlist
// text, so each text is read once (the last few are kept).
const parsed = new Map();
function parsePlaylistOnce(text) {
  let p = parsed.get(text);
  if (!p) {
    p = parsePlaylist(text);
    parsed.set(text, p);
    if (parsed.size > 8) parsed.delete(parsed.keys().next().value);
  }
  return p;
}

function parsePlaylist(text) {
  const lines = text.split('\n');
  let msn = Number(text.match(/#EXT-X-MEDIA-SEQUENCE:(\d+)/)?.[1] ?? 0);
  let date = null;
  let offset = 0;
  let openParts = 0;
  const parts = [];
  for (const l of lines) {
    if (l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) { date = Date.parse(l.slice(25)); offset = 0; }
    else if (l.startsWith('#EXT-X-PART:')) {
      const d = Number(l.match(/DURATION=([\d.]+)/)[1]);
      parts.push({ uri: l.match(/URI="([^"]+)"/)[1], start: date !== null ? date + offset * 1000 : null });
      offset += d;
      openParts++;
    } else if (l && !l.startsWith('#')) { msn++; openParts = 0; }
  }
  return { nextMsn: msn, nextPart: openParts, parts };
}

async function player(base, stats, until) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const seen = new Set();
  let query = '';
  let first = true;
  while (Date.now() < until) {
    let r;
    try {
      r = await get(agent, `${base}/hls/demo/index.m3u8${query}`);
      stats.playlistRequests++;
    } catch { stats.errors++; await sleep(200); continue; }
    if (r.status !== 200) { stats.errors++; await sleep(200); continue; }
    const p = parsePlaylistOnce(r.body.toString());
    query = `?_HLS_msn=${p.nextMsn}&_HLS_part=${p.nextPart}`;
    // A joining player starts three parts behind the edge (PART-HOLD-BACK).
    const wanted = first ? p.parts.slice(-3) : p.parts.filter((x) => !seen.has(x.uri));
    first = false;
    for (const part of wanted) {
      seen.add(part.uri);
      try {
        const pr = await get(agent, `${base}/hls/demo/${part.uri}`, { count: true });
        stats.partRequests++;
        if (pr.status === 200 && Date.now() < until) {
          stats.parts++;
          stats.bytes += pr.length;
          if (part.start !== null) stats.ages.push(Date.now() - part.start);
        } else if (pr.status !== 200) stats.errors++;
      } catch { stats.errors++; }
    }
    if (seen.size > 200) for (const u of [...seen].slice(0, 100)) seen.delete(u);
  }
  agent.destroy();
}

function countOrigin(accessLog, fromLine) {
  const lines = readFileSync(accessLog, 'utf8').split('\n').filter(Boolean).slice(fromLine);
  let origin = 0;
  let originParts = 0;
  let originPlaylists = 0;
  for (const l of lines) {
    const [uri, , cache] = l.split(' ');
    if (cache !== 'HIT') {
      origin++;
      if (uri.includes('.m3u8')) originPlaylists++;
      else originParts++;
    }
  }
  return { edge_requests: lines.length, origin_requests: origin, origin_playlist_requests: originPlaylists,
    origin_media_requests: originParts };
}

const result = { benchmark: 'hls-edge', machine: machineFacts({ root: repoRoot, tribuneBin: binaryPath() }),
  settings: { players: playerCounts, seconds }, runs: [] };
if (!smoke) log(`waiting for a quiet machine (≤ ${quietPct}% of a core)`), result.machine.other_load_pct = await waitQuiet({ pct: quietPct, log });

const server = await startServer({ config: DEMO_CONFIG });
let edge = null;
try {
  await waitForPlaylist(server.url, 'demo', 2);
  edge = await startEdge(server.url);
  const rows = [['players', 'parts/s each', 'behind live ms (median)', 'edge req/s', 'origin req/s', 'origin req per part',
    'tribune CPU %', 'edge CPU %', 'players CPU %', 'errors', 'machine %']];
  for (const n of playerCounts) {
    const stats = { playlistRequests: 0, partRequests: 0, parts: 0, bytes: 0, errors: 0, ages: [] };
    const logLines = readFileSync(edge.accessLog, 'utf8').split('\n').filter(Boolean).length;
    const before = parsePlaylist(await (await fetch(`${server.url}/hls/demo/index.m3u8`)).text());
    const t0 = { tribune: treeTicks(server.pid), edge: treeTicks(edge.pid), self: process.cpuUsage(), machine: cpuTicks() };
    const started = Date.now();
    const until = started + seconds * 1000;
    // Players join over the first second, as a crowd does when a meeting starts.
    await Promise.all(Array.from({ length: n }, (_, i) => sleep((i / n) * 1000).then(() => player(edge.url, stats, until))));
    const elapsed = (Date.now() - started) / 1000;
    const after = parsePlaylist(await (await fetch(`${server.url}/hls/demo/index.m3u8`)).text());
    const producedParts = after.parts.length && before.parts.length
      ? Number(after.parts.at(-1).uri.match(/p(\d+)\.ts$/)[1]) - Number(before.parts.at(-1).uri.match(/p(\d+)\.ts$/)[1])
      : null;
    const self = process.cpuUsage(t0.self);
    const counts = countOrigin(edge.accessLog, logLines);
    const run = {
      players: n, seconds: round(elapsed, 1), parts_made: producedParts,
      parts_per_s_per_player: round(stats.parts / n / elapsed, 2),
      behind_live_ms: { median: round(median(stats.ages), 0), p95: round(stats.ages.sort((a, b) => a - b)[Math.floor(stats.ages.length * 0.95)] ?? NaN, 0) },
      player_requests: stats.playlistRequests + stats.partRequests, errors: stats.errors,
      mbytes_per_s: round(stats.bytes / 1048576 / elapsed, 1),
      ...counts,
      edge_requests_per_s: round(counts.edge_requests / elapsed, 0),
      origin_requests_per_s: round(counts.origin_requests / elapsed, 1),
      origin_requests_per_part: producedParts ? round(counts.origin_requests / producedParts, 2) : null,
      tribune_cpu_pct: round(((treeTicks(server.pid) - t0.tribune) / CLK_TCK / elapsed) * 100),
      edge_cpu_pct: round(((treeTicks(edge.pid) - t0.edge) / CLK_TCK / elapsed) * 100),
      players_cpu_pct: round(((self.user + self.system) / 1e6 / elapsed) * 100),
      machine_busy_pct: busyPct(t0.machine, cpuTicks()),
    };
    result.runs.push(run);
    rows.push([n, run.parts_per_s_per_player, run.behind_live_ms.median, run.edge_requests_per_s, run.origin_requests_per_s,
      run.origin_requests_per_part, run.tribune_cpu_pct, run.edge_cpu_pct, run.players_cpu_pct, run.errors, run.machine_busy_pct]);
    await sleep(2000);
  }
  console.log(table(rows));
  if (out) {
    writeFileSync(out, JSON.stringify(result, null, 2));
    log(`wrote ${out}`);
  }
  if (!server.alive()) throw new Error('tribune died during the run');
} finally {
  await edge?.stop();
  await server.stop();
}
