// fanout-report.mjs — turns the raw data of bench/fanout-cpu.sh into a table and JSON.
//
// Usage: node bench/lib/fanout-report.mjs RUN_DIR OUT.json TRIBUNE_BIN
// RUN_DIR holds one n<N>/ directory per viewer count with meta.txt, client<i>.out (JSON
// lines from whep-load: ready, two snapshots, final), tasks0/1.tsv (per-thread ticks),
// metrics0/1.txt, healthz.json and server.log.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts, median, round, stats, table } from './machine.mjs';

const [runDir, outFile, tribuneBin] = process.argv.slice(2);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nproc = (await import('node:os')).cpus().length;

const readMeta = (dir) => Object.fromEntries(readFileSync(path.join(dir, 'meta.txt'), 'utf8')
  .trim().split('\n').map((l) => {
    const [k, ...v] = l.split(' ');
    return [k, v.length > 1 ? v.map(Number) : Number(v[0])];
  }));

const readLines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [])
  .filter((l) => l.startsWith('{')).map((l) => { try { return JSON.parse(l); } catch { return null; } })
  .filter(Boolean);

function metric(file, name, labels) {
  if (!existsSync(file)) return null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith(`${name}{`) && labels.every((l) => line.includes(l))) return Number(line.split(' ').pop());
  }
  return null;
}

// Thread CPU by name, digits folded ("nicesrc12:src" → "nicesrc#:src"), in % of one core.
function threadGroups(dir, seconds, clkTck) {
  const read = (f) => new Map(readFileSync(path.join(dir, f), 'utf8').trim().split('\n')
    .filter(Boolean).map((l) => { const [tid, comm, ticks] = l.split('\t'); return [tid, { comm, ticks: Number(ticks) }]; }));
  const before = read('tasks0.tsv');
  const after = read('tasks1.tsv');
  const groups = new Map();
  for (const [tid, { comm, ticks }] of after) {
    const delta = ticks - (before.get(tid)?.ticks ?? 0);
    const key = comm.replace(/\d+/g, '#');
    const g = groups.get(key) ?? { threads: 0, cpu_pct: 0 };
    g.threads += 1;
    g.cpu_pct += (delta / clkTck / seconds) * 100;
    groups.set(key, g);
  }
  return [...groups.entries()].map(([name, g]) => ({ name, threads: g.threads, cpu_pct: round(g.cpu_pct) }))
    .sort((a, b) => b.cpu_pct - a.cpu_pct);
}

// CPU of the threads that existed before any viewer connected vs. those created since.
function threadSplit(dir, seconds, clkTck) {
  const read = (f) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8').trim().split('\n').filter(Boolean)
    .map((l) => { const [tid, comm, ticks] = l.split('\t'); return { tid, comm, ticks: Number(ticks) }; }) : []);
  const pre = new Set(read('tasks_pre.tsv').map((t) => t.tid));
  const before = new Map(read('tasks0.tsv').map((t) => [t.tid, t.ticks]));
  let program = 0;
  let viewers = 0;
  let viewerThreads = 0;
  for (const t of read('tasks1.tsv')) {
    const pct = ((t.ticks - (before.get(t.tid) ?? 0)) / clkTck / seconds) * 100;
    if (pre.has(t.tid)) program += pct; else { viewers += pct; viewerThreads += 1; }
  }
  return { program_threads_cpu_pct: round(program), viewer_threads_cpu_pct: round(viewers), viewer_threads: viewerThreads };
}

function logFindings(dir) {
  const file = path.join(dir, 'server.log');
  if (!existsSync(file)) return { lines: 0, notable: [] };
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const notable = lines.filter((l) => /CRITICAL|WARN|ERROR|error|fail|assert/i.test(l));
  const distinct = [...new Set(notable.map((l) => l.replace(/^[^:]*: \d\d:\d\d:\d\d\.\d+: /, '')
    .replace(/[0-9a-f]{32}/g, '…').replace(/\d+/g, '#')))];
  return { lines: lines.length, notable_count: notable.length, notable_distinct: distinct.slice(0, 20), first: notable.slice(0, 5) };
}

const levels = readdirSync(runDir).filter((d) => /^n\d+$/.test(d))
  .map((d) => path.join(runDir, d)).map((dir) => ({ dir, meta: readMeta(dir) }))
  .sort((a, b) => a.meta.n - b.meta.n);

const results = [];
for (const { dir, meta } of levels) {
  const seconds = (meta.t1_ns - meta.t0_ns) / 1e9;
  const cpu = ((meta.server_ticks1 - meta.server_ticks0) / meta.clk_tck / seconds) * 100;
  const clientCpu = ((meta.clients_ticks1 - meta.clients_ticks0) / meta.clk_tck / seconds) * 100;
  const sysBusy = ((meta.sys_busy1 - meta.sys_busy0) / (meta.sys_total1 - meta.sys_total0)) * nproc * 100;

  const viewers = [];
  const clientErrors = [];
  for (let i = 0; i < meta.procs; i++) {
    const events = readLines(path.join(dir, `client${i}.out`));
    const snaps = events.filter((e) => e.event === 'snapshot');
    const last = events.filter((e) => e.event === 'final').pop() ?? snaps[snaps.length - 1];
    if (snaps.length < 2) {
      clientErrors.push(`client ${i}: ${snaps.length} snapshots (process died or hung?)`);
      continue;
    }
    const [a, b] = snaps;
    const dt = (b.t_us - a.t_us) / 1e6;
    b.viewers.forEach((v, k) => {
      const p = a.viewers[k];
      viewers.push({
        process: i,
        index: v.i,
        state: last?.viewers[k]?.state ?? v.state,
        error: last?.viewers[k]?.error ?? v.error ?? null,
        fps: round((v.video_frames - p.video_frames) / dt),
        video_kbps: round(((v.video_bytes - p.video_bytes) * 8) / dt / 1000, 0),
        video_pps: round((v.video_packets - p.video_packets) / dt),
        audio_pps: round((v.audio_packets - p.audio_packets) / dt),
        decoded_fps: v.decode ? round((v.decoded_frames - p.decoded_frames) / dt) : null,
        changed_fps: v.decode ? round(((v.changed_frames ?? 0) - (p.changed_frames ?? 0)) / dt) : null,
        answer_ms: v.answer_ms >= 0 ? round(v.answer_ms, 0) : null,
        first_frame_ms: v.first_frame_ms >= 0 ? round(v.first_frame_ms, 0) : null,
      });
    });
  }
  const fps = viewers.map((v) => v.fps);
  const bytes0 = metric(path.join(dir, 'metrics0.txt'), 'tribune_bytes_out_total', ['protocol="webrtc"']);
  const bytes1 = metric(path.join(dir, 'metrics1.txt'), 'tribune_bytes_out_total', ['protocol="webrtc"']);
  let healthViewers = null;
  try {
    healthViewers = JSON.parse(readFileSync(path.join(dir, 'healthz.json'), 'utf8')).rooms[0].viewers.whep;
  } catch { /* server did not answer */ }
  // UDP, all sockets on the machine: [InDatagrams, InErrors, OutDatagrams, RcvbufErrors, SndbufErrors]
  const udp = Array.isArray(meta.udp0) && Array.isArray(meta.udp1)
    ? Object.fromEntries(['in', 'in_errors', 'out', 'rcvbuf_errors', 'sndbuf_errors']
      .map((k, i) => [`${k}_per_s`, round((meta.udp1[i] - meta.udp0[i]) / seconds, 0)]))
    : null;
  results.push({
    viewers: meta.n,
    client_processes: meta.procs,
    client_nice: meta.client_nice ?? 0,
    window_s: round(seconds, 2),
    connect_all_ms: meta.connect_ms,
    server: {
      cpu_pct: round(cpu),
      rss_mb: round(meta.rss_kb / 1024),
      rss_peak_mb: round(meta.hwm_kb / 1024),
      threads: meta.threads,
      alive_at_end: meta.alive_at_end === 1,
      exit_code: meta.exit_code,
      whep_viewers_reported: healthViewers,
      webrtc_out_kbps: bytes0 !== null && bytes1 !== null ? round(((bytes1 - bytes0) * 8) / seconds / 1000, 0) : null,
      ...threadSplit(dir, seconds, meta.clk_tck),
      threads_by_name: threadGroups(dir, seconds, meta.clk_tck).slice(0, 15),
      log: logFindings(dir),
    },
    clients: {
      cpu_pct: round(clientCpu),
      viewers_measured: viewers.length,
      full_rate: viewers.filter((v) => v.fps >= 29).length,
      degraded: viewers.filter((v) => v.fps > 0 && v.fps < 29).length,
      stalled: viewers.filter((v) => !(v.fps > 0)).length,
      failed: viewers.filter((v) => v.state === 'failed').length,
      fps: stats(fps),
      video_kbps: stats(viewers.map((v) => v.video_kbps)),
      audio_pps: stats(viewers.map((v) => v.audio_pps)),
      decoded_fps: stats(viewers.map((v) => v.decoded_fps).filter((x) => x !== null)),
      changed_fps: stats(viewers.map((v) => v.changed_fps).filter((x) => x !== null)),
      first_frame_ms: stats(viewers.map((v) => v.first_frame_ms)),
      errors: [...clientErrors, ...new Set(viewers.filter((v) => v.error).map((v) => v.error))],
      per_viewer: viewers,
    },
    machine_busy_pct: round(sysBusy),
    udp: udp,
    others_pct: round(sysBusy - cpu - clientCpu),
    loadavg_1m_at_end: meta.loadavg,
    machine_busy_before_pct: meta.busy_before_pct,
  });
}

const base = results.find((r) => r.viewers === 0);
for (const r of results) {
  r.server.marginal_pct_per_viewer = base && r.viewers > 0 ? round((r.server.cpu_pct - base.server.cpu_pct) / r.viewers, 2) : null;
  r.server.viewer_threads_pct_per_viewer = r.viewers > 0 ? round(r.server.viewer_threads_cpu_pct / r.viewers, 2) : null;
  r.server.marginal_rss_mb_per_viewer = base && r.viewers > 0 ? round((r.server.rss_mb - base.server.rss_mb) / r.viewers, 2) : null;
}

const facts = machineFacts({ root, tribuneBin });
const out = {
  benchmark: 'fanout-cpu',
  description: 'tribune CPU (% of one core, user+sys) and RSS with N receive-only WHEP viewers of a 1280x720@30 2000 kbit/s room; clients are bench/whep-load processes on the same machine',
  machine: facts,
  results,
};
writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);

const rows = [['viewers', 'srv CPU%', '/viewer', 'prog/viewer thr%', 'RSS MB', 'thr', 'fps med (min-max)', 'full/deg/stall/fail',
  'kbit/s med', 'dec/changed fps', '1st frame ms med/max', 'client CPU%', 'machine%', 'others%', 'UDP drops/s', 'log!']];
for (const r of results) {
  const c = r.clients;
  rows.push([r.viewers, r.server.cpu_pct, r.server.marginal_pct_per_viewer ?? '-',
    `${r.server.program_threads_cpu_pct}/${r.server.viewer_threads_cpu_pct}`, r.server.rss_mb, r.server.threads,
    r.viewers ? `${c.fps.median} (${c.fps.min}-${c.fps.max})` : '-',
    r.viewers ? `${c.full_rate}/${c.degraded}/${c.stalled}/${c.failed}` : '-',
    c.video_kbps.median ?? '-', c.decoded_fps.n ? `${c.decoded_fps.median}/${c.changed_fps.median}` : '-',
    r.viewers ? `${c.first_frame_ms.median}/${c.first_frame_ms.max}` : '-',
    r.clients.cpu_pct, r.machine_busy_pct, r.others_pct, r.udp ? r.udp.rcvbuf_errors_per_s : '-', r.server.log.notable_count ?? 0]);
}
console.log(`\nfan-out, ${facts.nproc} x ${facts.cpu_model}, ${facts.versions.tribune} built from ${facts.tribune_build?.commit?.slice(0, 7) ?? facts.tribune_build?.binary ?? '?'}`);
console.log('CPU in % of one core over the window; /viewer = (CPU(N) - CPU(0)) / N; prog/viewer thr% = CPU of the threads that\n' +
  'existed before the viewers / of the threads created for them; fps = video frames/s per viewer (RTP marker bits);\n' +
  'dec/changed fps = decoded frames/s and frames/s whose picture changed, of the one decoding viewer;\n' +
  'UDP drops/s = receive-buffer overflows of all UDP sockets (a receiver, usually a load client, did not read in time)');
console.log(table(rows));
for (const r of results) {
  const top = r.server.threads_by_name.slice(0, 6).map((t) => `${t.name}×${t.threads} ${t.cpu_pct}%`).join(', ');
  console.log(`N=${r.viewers}: server threads by CPU: ${top}`);
  if (r.server.log.notable_count) console.log(`N=${r.viewers}: server log: ${r.server.log.notable_count} notable lines, e.g. ${r.server.log.notable_distinct.slice(0, 3).join(' | ')}`);
  if (r.clients.errors.length) console.log(`N=${r.viewers}: client errors: ${r.clients.errors.slice(0, 5).join(' | ')}`);
  if (!r.server.alive_at_end || r.server.exit_code !== 0) console.log(`N=${r.viewers}: tribune alive at end: ${r.server.alive_at_end}, exit code ${r.server.exit_code}`);
}
console.log(`\nJSON: ${outFile}`);
