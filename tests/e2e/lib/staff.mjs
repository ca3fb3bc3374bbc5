// staff.mjs — accounts and sessions for the staff pages' tests (login, admin, chair).
// Accounts are made with the real CLI, as a council's technician would:
// `tribune user add NAME --role ROLE --data DIR`, the password on standard input.

import { spawn } from 'node:child_process';
import { binaryPath } from './server.mjs';

export function addUser(server, name, role, password) {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(), ['user', 'add', name, '--role', role, '--data', server.dataDir],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output)
      : reject(new Error(`tribune user add ${name} exited ${code}: ${output}`))));
    child.stdin.end(`${password}\n`);
  });
}

// A Bearer token for API calls the test makes itself (set-up and checks).
export async function apiToken(server, username, password) {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 201) throw new Error(`log in ${username}: HTTP ${response.status}`);
  return (await response.json()).token;
}

export async function api(server, token, method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// Log in through the login page with the keyboard: type, Tab, type, Enter.
export async function logInWithPage(page, server, username, password, next) {
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  if (!page.url().includes('/login')) await page.goto(`${server.url}/login${query}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.locator('#username').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

export function describeAxe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'))
    .join('\n');
}
