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
