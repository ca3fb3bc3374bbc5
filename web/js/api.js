// api.js — the JSON API the pages read (rooms and their live state), and the room id
// from the page address. Everything the pages know about the server comes through here.

export class ApiError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
  }
}

// The server's errors are {"error": "..."}; fall back to the status line when the body is
// not JSON (a proxy's HTML error page, say).
export async function errorFromResponse(response) {
  let message = '';
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    message = response.statusText;
  }
  return new ApiError(response.status, message);
}

// method, path, and an optional body sent as JSON, with the session cookie (staff pages).
// Resolves to the parsed answer (null for 204); throws ApiError (status 0 when the server
// could not be reached).
export async function request(method, path, body) {
  const init = {
    method,
    headers: { Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'same-origin',
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, err?.message || 'network error');
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// The logged-in user {id, username, role}, or null without a (valid) session.
export async function currentUser() {
  try {
    const body = await request('GET', '/api/session');
    return body?.user ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

export async function listRooms() {
  const body = await getJson('/api/rooms');
  return Array.isArray(body.rooms) ? body.rooms : [];
}

export function getRoom(id) {
  return getJson(`/api/rooms/${encodeURIComponent(id)}`);
}

// /room/demo → "demo", /hall/zaal → "zaal". Null when the address has no room part.
export function roomIdFromPath(pathname = location.pathname) {
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length < 2) return null;
  try {
    return decodeURIComponent(parts[1]);
  } catch {
    return null;
  }
}

export function viewerTotal(room) {
  const viewers = room?.viewers || {};
  return (Number(viewers.whep) || 0) + (Number(viewers.hls) || 0);
}
