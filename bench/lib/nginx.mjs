// nginx.mjs — start Debian's nginx for a benchmark, on loopback, with a generated config
// in its own temporary prefix (no system files touched), and stop it.
//
// Two uses: a plain file server over a directory (the peer Tribune's HLS serving is
// measured against), and the caching edge of deploy/nginx-edge.conf in front of a
// Tribune origin (the same file, with its address, port and cache path filled in).

import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const MAIN = (prefix, body) => `
daemon off;
master_process on;
worker_processes auto;
worker_rlimit_nofile 20000;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 8192; }
http {
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  ${body}
}
`;

async function run(prefix, conf, port) {
  const file = path.join(prefix, 'nginx.conf');
  // Started as root, nginx's workers run as an unprivileged user: they must get into the
  // prefix (and write the cache, made world-writable by startEdge).
  await chmod(prefix, 0o755);
  await writeFile(file, conf);
  const child = spawn('nginx', ['-p', prefix, '-c', file, '-e', path.join(prefix, 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => { err += c; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null) throw new Error(`nginx did not start: ${err}`);
    await sleep(50);
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(prefix, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, prefix, stop };
}

// Serve `root` as static files (the way a web server serves HLS written to disk).
export async function startFileServer(root) {
  const prefix = await mkdtemp(path.join(tmpdir(), 'tribune-nginx-'));
  const port = await freePort();
  const body = `
  access_log off;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { add_header Cache-Control "public, max-age=3600, immutable"; }
  }`;
  return run(prefix, MAIN(prefix, body), port);
}

// The edge of deploy/nginx-edge.conf in front of `origin` (http://127.0.0.1:PORT). Its
// access log records for each request whether the origin was asked
// ($upstream_cache_status), for counting.
export async function startEdge(origin) {
  const prefix = await mkdtemp(path.join(tmpdir(), 'tribune-edge-'));
  const port = await freePort();
  await mkdir(path.join(prefix, 'cache'));
  await chmod(path.join(prefix, 'cache'), 0o777);
  const site = (await readFile(path.join(repoRoot, 'deploy', 'nginx-edge.conf'), 'utf8'))
    .replaceAll('127.0.0.1:8080', origin.replace(/^http:\/\//, ''))
    .replaceAll('/var/cache/nginx/tribune', path.join(prefix, 'cache'))
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`)
    .replace(/access_log [^;]*;/, `access_log ${prefix}/access.log edge;`);
  const body = `
  log_format edge '$uri$is_args$args $status $upstream_cache_status $request_time';
  ${site}`;
  const edge = await run(prefix, MAIN(prefix, body), port);
  edge.accessLog = path.join(prefix, 'access.log');
  return edge;
}
