// server.mjs — start the tribune under test on loopback for a benchmark, and stop it.
//
// The binary is $TRIBUNE_BIN or build-bench/tribune (a release build: meson setup
// build-bench --buildtype=release && ninja -C build-bench). The config keeps ICE on
// 127.0.0.1 so no media leaves the machine.

import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEMO_CONFIG = `[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1
[room demo]
title = Wijkraad Demo
source = test
ingest_key = demo
width = 1280
height = 720
framerate = 30
video_kbps = 2000
`;

export function binaryPath() {
  return process.env.TRIBUNE_BIN || path.join(repoRoot, 'build-bench', 'tribune');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Returns {url, pid, log(), stop()}; stop() returns {code, signal}.
export async function startServer({ config = DEMO_CONFIG, readyTimeoutMs = 30000 } = {}) {
  const bin = binaryPath();
  await access(bin, constants.X_OK).catch(() => {
    throw new Error(`no tribune at ${bin}: meson setup build-bench --buildtype=release && ninja -C build-bench, or set TRIBUNE_BIN`);
  });
  const workDir = await mkdtemp(path.join(tmpdir(), 'tribune-bench-'));
  const dataDir = path.join(workDir, 'data');
  await mkdir(dataDir);
  const confFile = path.join(workDir, 'tribune.conf');
  await writeFile(confFile, config);
  const child = spawn(bin, ['--config', confFile, '--port', '0', '--data', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const t0 = Date.now();
  const record = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(`[+${((Date.now() - t0) / 1000).toFixed(1)}s ${stream}] ${line}`);
  };
  child.stdout.on('data', record('out'));
  child.stderr.on('data', record('err'));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tribune did not listen in ${readyTimeoutMs} ms\n${lines.join('\n')}`)), readyTimeoutMs);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const m = buffer.match(/tribune: listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`tribune exited (${code ?? signal}) at start\n${lines.join('\n')}`)); });
  });
  let stopped = null;
  const stop = async () => {
    if (!stopped) {
      stopped = (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          const r = await exited;
          clearTimeout(timer);
          await rm(workDir, { recursive: true, force: true });
          return r;
        }
        await rm(workDir, { recursive: true, force: true });
        return { code: child.exitCode, signal: child.signalCode };
      })();
    }
    return stopped;
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, dataDir, log: () => lines.join('\n'), stop, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

// Wait until the room's HLS playlist holds at least `segments` segments (the server has
// been on air long enough that a player joins a full live window).
export async function waitForPlaylist(url, room, segments, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/hls/${room}/index.m3u8`);
      if (r.ok && ((await r.text()).match(/#EXTINF/g) || []).length >= segments) return;
    } catch { /* not yet */ }
    await sleep(250);
  }
  throw new Error(`the HLS playlist did not reach ${segments} segments in ${timeoutMs} ms`);
}

export async function whepViewers(url, room) {
  const r = await fetch(`${url}/api/rooms/${room}`);
  return (await r.json()).viewers.whep;
}
