// Every string a page shows comes from the catalogs: each key used in the HTML or the
// scripts exists in Dutch and English, both catalogs have the same keys, and no script
// builds markup from text (innerHTML), so server or user text can never become HTML.
// Needs no server or browser.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './lib/server.mjs';

const web = path.join(repoRoot, 'web');

function leafKeys(node, prefix = '') {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'object' ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

async function load(lang) {
  return JSON.parse(await readFile(path.join(web, 'i18n', `${lang}.json`), 'utf8'));
}

async function files(dir, ext) {
  const names = await readdir(path.join(web, dir));
  return Promise.all(names.filter((n) => n.endsWith(ext)).map(async (n) =>
    ({ name: `${dir}/${n}`, text: await readFile(path.join(web, dir, n), 'utf8') })));
}

test('nl and en catalogs have the same keys and no empty texts', async () => {
  const nl = leafKeys(await load('nl')).sort();
  const en = leafKeys(await load('en')).sort();
  assert.deepEqual(en, nl);
  for (const lang of ['nl', 'en']) {
    const catalog = await load(lang);
    for (const key of nl) {
      const text = key.split('.').reduce((n, k) => n[k], catalog);
      assert.ok(typeof text === 'string' && text.trim(), `${lang}: ${key} is empty`);
    }
  }
});

test('every key used by the pages and scripts exists', async () => {
  const keys = new Set(leafKeys(await load('nl')));
  // A key with plural forms (room.viewers.one/.other) is used by its stem.
  const stems = new Set([...keys].map((k) => k.replace(/\.(zero|one|two|few|many|other)$/, '')));
  const used = [];
  for (const { name, text } of await files('.', '.html')) {
    for (const m of text.matchAll(/data-i18n(?:-aria-label|-placeholder|-title)?="([^"]+)"/g)) {
      used.push([name, m[1]]);
    }
  }
  for (const { name, text } of await files('js', '.js')) {
    for (const m of text.matchAll(/'((?:common|index|room|player|hall|archive|meeting|login|admin|chair|questions)\.[\w.]+)'/g)) used.push([name, m[1]]);
  }
  assert.ok(used.length > 50, `found only ${used.length} uses`);
  for (const [file, key] of used) assert.ok(keys.has(key) || stems.has(key), `${file}: unknown key ${key}`);

  // Status keys built from a reason: every reason the player and room page emit.
  const player = (await files('js', '.js')).find((f) => f.name === 'js/player.js').text;
  for (const m of player.matchAll(/setState\('\w+', '(\w+)'\)/g)) {
    assert.ok(keys.has(`room.status.${m[1]}`), `room.status.${m[1]} missing`);
  }
});

test('scripts never insert text as HTML', async () => {
  for (const { name, text } of await files('js', '.js')) {
    assert.doesNotMatch(text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/, name);
  }
});
