// janus-fanout-report.mjs — the tables and JSON of bench/fanout.sh: Tribune and Janus
// with N WebRTC viewers each, and the comparison of their marginal cost per viewer.
//
// Usage: node bench/lib/janus-fanout-report.mjs RUN_DIR OUT.json TRIBUNE_BIN OPTIONS_JSON
// RUN_DIR holds <server>/n<N>/ per server and level: meta.txt (the script's /proc
// readings), client.json (bench/webrtc-load's --json), server.txt, server.log.
// Exit status 1 with --smoke options when a viewer failed to connect or a decoded sample
// had no frames (what tests/bench-smoke.sh checks), else 0.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts, median, round, table } from './machine.mjs';

const [runDir, outFile, tribuneBin, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson ?? '{}');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nproc = os.cpus().length;

const readMeta = (dir) => Object.fromEntries(readFileSync(path.join(dir, 'meta.txt'), 'utf8')
  .trim().split('\n').map((l) => {
    const [k, ...v] = l.split(' ');
    return [k, v.length > 1 ? v.map(Number) : Number.isNaN(Number(v[0])) ? v[0] : Number(v[0])];
  }));
const readJson = (file) => {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; }
};
const readText = (file) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : null);

function logFindings(file) {
  if (!existsSync(file)) return { notable_count: 0, notable_distinct: [] };
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // Janus warns for every session that one of the client's candidates was not taken
  // (the load client's SDP, harmless: the other one is): not worth a line each run.
  const notable = lines.filter((l) => /CRITICAL|\bERR\b|ERROR|error|fail|assert/i.test(l) &&
    !/Failed to add some remote candidates/.test(l));
  const distinct = [...new Set(notable.map((l) => l.replace(/^[^:]*: \d\d:\d\d:\d\d\.\d+: /, '')
    .replace(/[0-9a-f]{32}/g, '…').replace(/\d+/g, '#')))];
  return { notable_count: notable.length, notable_distinct: distinct.slice(0, 10) };
}

function level(server, dir) {
  const meta = readMeta(dir);
  const seconds = (meta.t1_ns - meta.t0_ns) / 1e9;
  const pct = (a, b) => round(((b - a) / meta.clk_tck / seconds) * 100);
  const client = meta.n > 0 ? readJson(path.join(dir, 'client.json')) : null;
  const sessions = client?.sessions ?? [];
  const decoded = client?.decoded ?? [];
  const sample = decoded[0] ?? null;
  const udp = Array.isArray(meta.udp0) && Array.isArray(meta.udp1)
    ? { rcvbuf_errors_per_s: round((meta.udp1[3] - meta.udp0[3]) / seconds, 0),
      out_per_s: round((meta.udp1[2] - meta.udp0[2]) / seconds, 0) }
    : null;
  return {
    server,
    viewers: meta.n,
    window_s: round(seconds, 2),
    server_process: {
      description: readText(path.join(dir, 'server.txt')),
      cpu_pct: pct(meta.server_ticks0, meta.server_ticks1),
      rss_mb: round(meta.rss_kb / 1024),
      rss_peak_mb: round(meta.hwm_kb / 1024),
      threads: meta.threads,
      alive_at_end: meta.alive_at_end === 1,
      exit_code: meta.exit_code,
      viewers_counted: { after_connect: meta.viewers_counted_connect, window_start: meta.viewers_counted_start,
        window_end: meta.viewers_counted_end },
      log: logFindings(path.join(dir, 'server.log')),
    },
    feeder_cpu_pct: server === 'janus' ? pct(meta.feeder_ticks0, meta.feeder_ticks1) : null,
    client: meta.n > 0 ? {
      json_found: client !== null,
      exit_code: meta.client_exit,
      cpu_pct_own: client?.client_cpu_pct ?? null,
      cpu_pct_window: pct(meta.client_ticks0, meta.client_ticks1),
      viewers_requested: client?.viewers_requested ?? meta.n,
      viewers_connected: client?.viewers_connected ?? 0,
      viewers_failed: client ? client.viewers_failed : meta.n,
      viewers_stalled: client?.viewers_stalled ?? null,
      failures: (client?.failures ?? []).slice(0, 10),
      socket_drops: client?.client_socket_drops ?? null,
      connect_ms: client?.connect_ms ?? null,
      duration_s: client?.duration_s ?? null,
      loss_pct: client?.loss_pct ?? null,
      kbps_per_viewer: { median: round(median(sessions.map((s) => s.kbps)), 0),
        min: sessions.length ? round(Math.min(...sessions.map((s) => s.kbps)), 0) : null },
      decoded_sample: sample,
      decoded_sessions: decoded.length,
      connect_wait_ms: meta.connect_wait_ms,
    } : null,
    machine_busy_pct: round(((meta.sys_busy1 - meta.sys_busy0) / Math.max(1, meta.sys_total1 - meta.sys_total0)) * nproc * 100),
    machine_busy_before_pct: meta.busy_before_pct,
    udp,
  };
}

const servers = (options.servers ?? 'tribune janus').split(/\s+/).filter(Boolean);
const results = [];
for (const server of servers) {
  const sdir = path.join(runDir, server);
  if (!existsSync(sdir)) continue;
  const levels = readdirSync(sdir).filter((d) => /^n\d+$/.test(d)).map((d) => path.join(sdir, d))
    .filter((d) => existsSync(path.join(d, 'meta.txt'))).map((d) => level(server, d))
    .sort((a, b) => a.viewers - b.viewers);
  const base = levels.find((l) => l.viewers === 0);
  for (const l of levels) {
    // Per viewer actually served: when some failed, dividing by N would flatter the server.
    const served = l.client ? l.client.viewers_connected : 0;
    l.marginal_pct_per_viewer = base && served > 0
      ? round((l.server_process.cpu_pct - base.server_process.cpu_pct) / served, 3) : null;
    l.marginal_rss_kb_per_viewer = base && l.viewers > 0
      ? round(((l.server_process.rss_mb - base.server_process.rss_mb) * 1024) / l.viewers, 0) : null;
  }
  results.push(...levels);
}

// Least-squares slope of CPU against N (N = 0 included): the cost per viewer over the
// whole range, less sensitive to one level's noise than a single ratio.
function slope(levels) {
  const pts = levels.map((l) => [l.viewers, l.server_process.cpu_pct]).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return null;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx ? round(pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx, 3) : null;
}
// A level "holds" when every viewer connected and the total loss is below 1 % (the
// issue's criterion). Loss does not see a program that falls behind (fewer packets sent,
// none lost), so "full rate" also asks for the decoded sample at ≥ 27 fps and kbit/s per
// viewer ≥ 90 % of the smallest level's.
const holds = (l) => l.client && l.client.viewers_failed === 0 && l.client.viewers_connected === l.viewers &&
  Number.isFinite(l.client.loss_pct?.total) && l.client.loss_pct.total < 1;
const fullRate = (l, ref) => holds(l) && l.client.decoded_sample?.fps >= 27 &&
  (!ref || l.client.kbps_per_viewer.median >= 0.9 * ref);

const summary = {};
for (const server of servers) {
  const levels = results.filter((r) => r.server === server);
  if (!levels.length) continue;
  const ok = levels.filter(holds).map((l) => l.viewers);
  const ref = levels.find((l) => l.client?.kbps_per_viewer.median > 0)?.client.kbps_per_viewer.median;
  const full = levels.filter((l) => fullRate(l, ref)).map((l) => l.viewers);
  summary[server] = {
    largest_n_full_rate: full.length ? Math.max(...full) : null,
    baseline_cpu_pct: levels.find((l) => l.viewers === 0)?.server_process.cpu_pct ?? null,
    // Over N = 0 and the levels at full rate: where viewers failed, or the program fell
    // behind (fewer packets to send), the CPU says little about the cost of a viewer.
    slope_pct_per_viewer: slope(levels.filter((l) => l.viewers === 0 || fullRate(l, ref))),
    largest_n_below_1pct_loss: ok.length ? Math.max(...ok) : null,
  };
}
const comparison = [];
const tribune = results.filter((r) => r.server === 'tribune');
for (const t of tribune) {
  if (!t.viewers) continue;
  const j = results.find((r) => r.server === 'janus' && r.viewers === t.viewers);
  if (!j) continue;
  comparison.push({ viewers: t.viewers, all_connected: holds(t) && holds(j),
    tribune_connected: t.client?.viewers_connected ?? 0, janus_connected: j.client?.viewers_connected ?? 0,
    tribune_pct_per_viewer: t.marginal_pct_per_viewer,
    janus_pct_per_viewer: j.marginal_pct_per_viewer,
    ratio_tribune_over_janus: j.marginal_pct_per_viewer > 0 ? round(t.marginal_pct_per_viewer / j.marginal_pct_per_viewer, 2) : null });
}
if (summary.tribune?.slope_pct_per_viewer && summary.janus?.slope_pct_per_viewer > 0) {
  summary.slope_ratio_tribune_over_janus = round(summary.tribune.slope_pct_per_viewer / summary.janus.slope_pct_per_viewer, 2);
}

const facts = machineFacts({ root, tribuneBin });
try { facts.versions.janus = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'janus'], { encoding: 'utf8' }).trim(); } catch { /* absent */ }
const out = {
  benchmark: 'fanout',
  description: 'server CPU (% of one core, user+sys of the server process) and RSS with N receive-only WebRTC viewers of a ' +
    '1280x720@30 ~2000 kbit/s H.264 + Opus stream: Tribune (WHEP, encodes its own demo program) against Janus (Streaming ' +
    'plugin, forwards an RTP feed made by gst-launch); the viewers are one bench/webrtc-load process on the same machine. ' +
    'Compare the marginal cost per viewer, (CPU(N) - CPU(0)) / N.',
  options,
  machine: facts,
  summary,
  comparison,
  results,
};
writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`\nfan-out: ${facts.nproc} x ${facts.cpu_model}; ${tribune[0]?.server_process.description ?? ''}` +
  `${facts.tribune_build?.commit ? ` built from ${facts.tribune_build.commit.slice(0, 7)}` : ''}; janus ${facts.versions.janus ?? '-'}`);
console.log('CPU in % of one core over the window (user+sys of the server process only);\n' +
  '/viewer = (CPU(N) - CPU(0)) / connected viewers;\n' +
  'Tribune encodes its own program (its N = 0 includes x264, Opus, AAC and the HLS writer), Janus only forwards the feed\n' +
  '(the feeder, gst-launch with x264, is a separate process: feed%). loss = % of packets missing per session\n' +
  '(median/max over sessions, total over all); kbit/s = median per viewer; decoded = the sample session.');
for (const server of servers) {
  const levels = results.filter((r) => r.server === server);
  if (!levels.length) continue;
  const rows = [['N', 'conn/fail', 'CPU%', '/viewer', 'RSS MB', 'thr', 'loss med/max/total', 'kbit/s', 'decoded',
    'connect ms med/p95', 'client%', server === 'janus' ? 'feed%' : '', 'machine%']];
  for (const l of levels) {
    const c = l.client;
    const s = c?.decoded_sample;
    rows.push([l.viewers, c ? `${c.viewers_connected}/${c.viewers_failed}` : '-', f(l.server_process.cpu_pct),
      f(l.marginal_pct_per_viewer, 3), f(l.server_process.rss_mb), l.server_process.threads,
      c?.loss_pct ? `${f(c.loss_pct.median, 2)}/${f(c.loss_pct.max, 2)}/${f(c.loss_pct.total, 2)}` : '-',
      c ? f(c.kbps_per_viewer.median, 0) : '-',
      s ? `${s.width}x${s.height} ${f(s.fps)} fps` : '-',
      c?.connect_ms ? `${f(c.connect_ms.median, 0)}/${f(c.connect_ms.p95, 0)}` : '-',
      c ? f(c.cpu_pct_own ?? c.cpu_pct_window) : '-', server === 'janus' ? f(l.feeder_cpu_pct) : '', f(l.machine_busy_pct)]);
  }
  console.log(`\n${server}${summary[server].slope_pct_per_viewer !== null ? ` (slope over N = 0 and the full-rate levels: ${f(summary[server].slope_pct_per_viewer, 3)} % per viewer)` : ''}`);
  console.log(table(rows));
}
if (comparison.length) {
  console.log('\nmarginal CPU per connected viewer (% of one core), Tribune / Janus (* = some viewers failed or lost ≥ 1 %)');
  console.log(table([['N', 'Tribune', 'Janus', 'ratio T/J', 'connected T/J'],
    ...comparison.map((c) => [`${c.viewers}${c.all_connected ? '' : '*'}`, f(c.tribune_pct_per_viewer, 3), f(c.janus_pct_per_viewer, 3),
      f(c.ratio_tribune_over_janus, 2), `${c.tribune_connected}/${c.janus_connected}`])]));
}
for (const server of servers) {
  if (!summary[server]) continue;
  console.log(`${server}: largest N with every viewer connected and < 1 % total loss: ${summary[server].largest_n_below_1pct_loss ?? 'none'}; ` +
    `also at full rate (sample ≥ 27 fps, kbit/s ≥ 90 % of the first level's): ${summary[server].largest_n_full_rate ?? 'none'}`);
}

// Problems worth a line each.
const problems = [];
for (const l of results) {
  const tag = `${l.server} N=${l.viewers}`;
  if (!l.server_process.alive_at_end) problems.push(`${tag}: the server died`);
  if (l.client && !l.client.json_found) problems.push(`${tag}: no client JSON (client exit ${l.client.exit_code})`);
  if (l.client?.viewers_failed) problems.push(`${tag}: ${l.client.viewers_failed} viewers failed${l.client.failures.length ? ': ' : ''}${l.client.failures.slice(0, 3).map((x) => x.reason ?? JSON.stringify(x)).join(' | ')}`);
  if (l.client?.viewers_stalled) problems.push(`${tag}: ${l.client.viewers_stalled} viewers stalled (connected, no media in the window)`);
  if (l.client?.socket_drops) problems.push(`${tag}: the client's sockets dropped ${l.client.socket_drops} datagrams (receive queue full: the client, not the server)`);
  if (l.client && l.viewers > 0 && options.decode > 0 && !(l.client.decoded_sample?.frames > 0)) problems.push(`${tag}: the decoded sample has no frames`);
  if (l.server_process.log.notable_count) problems.push(`${tag}: server log: ${l.server_process.log.notable_count} notable lines, e.g. ${l.server_process.log.notable_distinct.slice(0, 2).join(' | ')}`);
}
for (const p of problems) console.log(`! ${p}`);
console.log(`\nJSON: ${outFile}`);

if (options.smoke) {
  const bad = results.filter((l) => l.viewers > 0 && (!l.client?.json_found || l.client.viewers_failed > 0 ||
    l.client.viewers_connected < l.viewers || !(l.client.decoded_sample?.frames > 0)));
  if (bad.length || !results.length) {
    console.log(`fan-out smoke: FAILED (${bad.map((l) => `${l.server} N=${l.viewers}`).join(', ') || 'no results'})`);
    process.exit(1);
  }
  console.log('fan-out smoke: every viewer connected, every decoded sample has frames');
}
