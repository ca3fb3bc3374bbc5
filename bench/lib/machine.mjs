// machine.mjs — the facts every benchmark result carries: the machine, the versions and
// the commit measured, so figures from different days and machines are not mixed up.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000, ...opts }).trim();
  } catch {
    return null;
  }
}

export function machineFacts({ root, tribuneBin, chromiumBin } = {}) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? null;
  const dpkg = (pkg) => run('dpkg-query', ['-W', '-f=${Version}', pkg]);
  const facts = {
    date: new Date().toISOString(),
    nproc: os.cpus().length,
    cpu_model: model,
    mem_total_mb: Math.round(os.totalmem() / 1048576),
    kernel: os.release(),
    loadavg_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
    versions: {
      tribune: tribuneBin ? run(tribuneBin, ['--version']) : null,
      gstreamer: run('pkg-config', ['--modversion', 'gstreamer-1.0']),
      libsoup: run('pkg-config', ['--modversion', 'libsoup-3.0']),
      libnice: dpkg('libnice10'),
      x264: dpkg('libx264-164'),
      node: process.version,
      chromium: chromiumBin ? run(chromiumBin, ['--version']) : null,
    },
  };
  if (root) {
    try {
      facts.tribune_build = Object.fromEntries(readFileSync(`${root}/build-bench/bench/build-info.txt`, 'utf8')
        .trim().split('\n').map((l) => l.split(' ')));
    } catch { facts.tribune_build = null; }
    facts.git_commit = run('git', ['-C', root, 'rev-parse', 'HEAD']);
    const dirty = run('git', ['-C', root, 'status', '--porcelain', '--', 'server', 'pipelines', 'web']);
    facts.git_dirty_sources = dirty ? dirty.split('\n').length : 0;
    if (tribuneBin && !tribuneBin.startsWith(`${root}/build-bench/`)) facts.tribune_build = { binary: tribuneBin };
  }
  return facts;
}

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
export const stats = (xs, d = 1) => {
  const s = xs.filter((x) => Number.isFinite(x));
  return { n: s.length, median: round(median(s), d), min: round(s.length ? Math.min(...s) : NaN, d), max: round(s.length ? Math.max(...s) : NaN, d) };
};

// A plain text table: rows of arrays, first row the header.
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => String(c ?? '').padStart(widths[i])).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

// Whole-machine CPU ticks from /proc/stat: {busy, total}. busy% of one core between two
// readings = (b.busy - a.busy) / (b.total - a.total) * nproc * 100.
export function cpuTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
  return { busy, total: busy + f[3] + f[4] };
}
export const busyPct = (a, b) => round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * os.cpus().length * 100);

// Other people's work on this machine skews every figure: wait (at most maxWaitS) until
// the machine is below pct % of one core busy, measured over 2 s. Returns the last reading.
export async function waitQuiet({ pct = 25, maxWaitS = 180, log = () => {} } = {}) {
  const end = Date.now() + maxWaitS * 1000;
  for (;;) {
    const a = cpuTicks();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = busyPct(a, cpuTicks());
    if (busy <= pct) return busy;
    if (Date.now() >= end) {
      log(`machine still ${busy}% busy with other work after ${maxWaitS} s; measuring anyway`);
      return busy;
    }
  }
}

// CPU ticks (user+sys, plus reaped children's) of a process and all its descendants.
export function treeTicks(rootPid) {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch { /* gone */ }
  }
  let sum = 0;
  const want = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) if (!want.has(pid) && want.has(p.ppid)) { want.add(pid); grew = true; }
  }
  for (const pid of want) sum += procs.get(pid)?.ticks ?? 0;
  return sum;
}
export const CLK_TCK = 100; // Linux USER_HZ
