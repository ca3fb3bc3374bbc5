// meeting-setup.mjs — meetings for the room-meeting and archive tests, set up the way the
// secretary and the chair would, through the real CLI and API: an admin account made with
// `tribune user add NAME --role admin --data DIR` (password on standard input), a Bearer
// token from POST /api/session, then councils, meetings and agenda items.

import { addUser as addUserWith, apiToken } from './staff.mjs';

export const PASSWORD = 'een lang genoeg wachtwoord';

export function addUser(server, name, role, password = PASSWORD) {
  return addUserWith(server, name, role, password);
}

export function logIn(server, username, password = PASSWORD) {
  return apiToken(server, username, password);
}

// A client for the JSON API with one account's token; every call must succeed (2xx) unless
// {expect} says otherwise, and returns the parsed body.
export function apiClient(server, token) {
  return async (method, path, body, { expect } = {}) => {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${server.url}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const ok = expect ? response.status === expect : response.ok;
    if (!ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

// An admin and a meeting in room demo with the given agenda titles (the "Speeltuin" item
// is what the tests search for). Returns {api, meeting, items}.
export async function createMeeting(server, {
  admin = 'secretaris',
  council = { slug: 'feijenoord', name: 'Wijkraad Feijenoord' },
  title = 'Vergadering november',
  room = 'demo',
  startsAt = '2026-11-24T20:00:00+01:00',
  agenda = [
    { title: 'Opening en mededelingen', kind: 'opening' },
    { title: 'Inspreken: parkeren Putselaan', kind: 'inspreken', description: 'Bewoners vertellen over parkeren.' },
    { title: 'Speeltuin Afrikaanderplein', kind: 'discussion', description: 'Nieuwe toestellen en een hek om de zandbak.' },
    { title: 'Rondvraag', kind: 'rondvraag' },
  ],
  api: existingApi,
} = {}) {
  let api = existingApi;
  if (!api) {
    await addUser(server, admin, 'admin');
    api = apiClient(server, await logIn(server, admin));
  }
  const councils = (await api('GET', '/api/councils')).councils;
  if (!councils.some((c) => c.slug === council.slug)) await api('POST', '/api/councils', council);
  const meeting = await api('POST', '/api/meetings', { council: council.slug, title, room, starts_at: startsAt });
  const items = [];
  for (const item of agenda) items.push(await api('POST', `/api/meetings/${meeting.id}/agenda`, item));
  return { api, meeting, items };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
