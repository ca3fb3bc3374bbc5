// The room page lists its whole module graph as <link rel="modulepreload">, so the browser
// fetches every script at once instead of one import level after another (four levels,
// ~25–50 ms each on a busy machine, before the video can start). This test keeps those
// lists equal to the static imports, for every page that has one: a module added to the
// graph and not to the page would load late; one left on the page after its import was
// removed would load for nothing. Needs no server or browser.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './lib/server.mjs';

const web = path.join(repoRoot, 'web');
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?from\s+'(\.\/[\w.-]+\.js)'|^\s*import\s+'(\.\/[\w.-]+\.js)'/gm;

// Every module reachable from entry by static imports (dynamic import() is left out:
// those load on demand).
async function graph(entry) {
  const seen = new Set();
  const visit = async (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = await readFile(path.join(web, 'js', name), 'utf8');
    for (const m of text.matchAll(STATIC_IMPORT)) await visit(path.basename(m[1] ?? m[2]));
  };
  await visit(entry);
  return seen;
}

function scriptsOf(html) {
  const entry = html.match(/<script type="module" src="\/static\/js\/([\w.-]+\.js)"><\/script>/)?.[1];
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="\/static\/js\/([\w.-]+\.js)">/g)].map((m) => m[1]);
  return { entry, preloads };
}

test('the room page preloads its whole module graph', async () => {
  const { entry, preloads } = scriptsOf(await readFile(path.join(web, 'room.html'), 'utf8'));
  assert.equal(entry, 'room.js');
  assert.ok(preloads.length > 0, 'room.html has no modulepreload links');
});

test('every modulepreload list equals its page\'s static import graph', async () => {
  const pages = (await readdir(web)).filter((n) => n.endsWith('.html'));
  for (const page of pages) {
    const { entry, preloads } = scriptsOf(await readFile(path.join(web, page), 'utf8'));
    if (!preloads.length) continue;
    const expected = [...await graph(entry)].filter((m) => m !== entry).sort();
    assert.deepEqual([...preloads].sort(), expected, `${page}: modulepreload links differ from the imports of ${entry}`);
    assert.equal(new Set(preloads).size, preloads.length, `${page}: a module is listed twice`);
  }
});
