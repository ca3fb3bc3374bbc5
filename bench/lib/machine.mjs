// machine.mjs — the facts every benchmark result carries: the machine, the versions and
// the commit measured, so figures from different days and machines are not mixed up.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    facts.git_commit = run('git', ['-C', root, 'rev-parse', 'HEAD']);
    const dirty = run('git', ['-C', root, 'status', '--porcelain', '--', 'server', 'pipelines', 'web']);
    facts.git_dirty_sources = dirty ? dirty.split('\n').length : 0;
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
