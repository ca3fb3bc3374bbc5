// server.mjs — start the real Tribune binary for a test file, and stop it afterwards.
//
// The binary comes from $TRIBUNE_BIN (default build/tribune at the top of the repo). It runs
// on a free port (--port 0) with a fresh data directory, and prints
// "tribune: listening on http://127.0.0.1:PORT/" on stdout once it is ready.

import { execFileSync, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const READY_TIMEOUT_MS = 30000;
const STOP_GRACE_MS = 5000;

// The demo room as the embedded default has it, at a lighter size: the tests run the
// sanitizer build on two cores next to Chromium. ICE stays on loopback: no WebRTC
// packet of a test leaves this machine.
export const DEMO_CONFIG = `[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1

[room demo]
title = Wijkraad Demo
source = test
ingest_key = demo
width = 640
height = 360
framerate = 25
video_kbps = 800
`;

// A config for the publishing tests: one room fed only by WHIP.
export const WHIP_ROOM_CONFIG = `[server]
port = 0
bind = 127.0.0.1
ice_addresses = 127.0.0.1

[room zaal]
title = Testzaal
source = whip
ingest_key = testkey
width = 640
height = 360
framerate = 25
`;

export function binaryPath() {
  return process.env.TRIBUNE_BIN || path.join(repoRoot, 'build', 'tribune');
}

// The server's main-loop stall warnings (server/main-loop-watch.h) with the lines around
// them and the main thread's stack (TRIBUNE_STALL_STACKS=1), its addresses in tribune
// resolved with addr2line; null when there were none.
function mainLoopStalls(lines, bin) {
  const out = [];
  lines.forEach((line, i) => {
    if (!line.includes('main loop: no turn')) return;
    out.push('---', ...lines.slice(Math.max(0, i - 6), i + 1));
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      const frame = /\[err\] (\S+?)\(([^)]*)\)\[0x[0-9a-f]+\]/.exec(lines[j]);
      if (lines[j].includes("main thread's stack")) continue;
      if (!frame) break;
      let where = '';
      if (frame[1] === bin && frame[2].startsWith('+')) {
        try {
          where = execFileSync('addr2line', ['-f', '-C', '-p', '-e', bin, frame[2]], { encoding: 'utf8' }).trim();
        } catch { /* no addr2line: the raw line stays */ }
      }
      out.push(`    ${lines[j].slice(6)}${where ? `  ${where}` : ''}`);
    }
  });
  return out.length ? out.join('\n') : null;
}

// Returns {url, port, dataDir, log(), stop()}. config: text of a config file, or omitted for
// DEMO_CONFIG (room "demo" with a test source, like the embedded default).
export async function startServer({ config = DEMO_CONFIG } = {}) {
  const bin = binaryPath();
  try {
    await access(bin, constants.X_OK);
  } catch {
    throw new Error(`Tribune binary not found at ${bin}: build it (meson setup build && ` +
      'ninja -C build) or set TRIBUNE_BIN');
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'tribune-e2e-'));
  const dataDir = path.join(workDir, 'data');
  await mkdir(dataDir);
  const args = ['--port', '0', '--data', dataDir];
  if (config) {
    const file = path.join(workDir, 'tribune.conf');
    await writeFile(file, config);
    args.push('--config', file);
  }

  const child = spawn(bin, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const record = (stream) => (chunk) => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(`[${stream}] ${line}`);
  };
  child.stdout.on('data', record('out'));
  child.stderr.on('data', record('err'));
  let stopping = false;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // A server that dies under a test is the failure to see, not the test's timeout after it:
  // its last words (an ASan report, a GLib critical) go to the test's output at once.
  exited.then(({ code, signal }) => {
    if (!stopping) {
      console.error(`tribune exited during the test (code ${code}, signal ${signal}); ` +
        `last lines of its log:\n${lines.slice(-80).join('\n')}`);
    }
  });

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(
      `server did not say it was listening within ${READY_TIMEOUT_MS} ms:\n${lines.join('\n')}`)),
    READY_TIMEOUT_MS);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const match = buffer.match(/tribune: listening on https?:\/\/[^\s:/]+:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n` +
        lines.join('\n')));
    });
  });

  const stop = async () => {
    stopping = true;
    const reports = lines.filter((line) => /AddressSanitizer|LeakSanitizer|runtime error:|CRITICAL/.test(line));
    if (reports.length > 0) console.error(`tribune's log has reports:\n${reports.join('\n')}`);
    const stalls = mainLoopStalls(lines, bin);
    if (stalls) console.error(`tribune's main loop stalled during this file's tests:\n${stalls}`);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(workDir, { recursive: true, force: true });
  };

  // dataDir: for `tribune user add … --data DIR` (accounts for the staff pages' tests).
  return { url: `http://127.0.0.1:${port}`, port, dataDir, log: () => lines.join('\n'), stop };
}
