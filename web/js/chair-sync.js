// chair-sync.js — keeps the chair console in step with the server.
//
// The room's event stream (GET /api/rooms/{room}/events, Server-Sent Events) sends a
// `meeting` event on connect and on every change: {id, title, status, current_item:
// {id, position, title, kind} | null, agenda: [{id, position, title, kind}]}. While the stream
// is open that is all we need. When it is not there (a server without it answers 404), or
// whenever it errors, we ask GET /api/meetings/{id} and its agenda every 5 s instead; the
// browser reconnects the stream by itself, and once it is open again the polling stops.
//
// Either way the page gets onMeeting({meeting, agenda}) with meeting.current_item as an id,
// as GET /api/meetings/{id} has it.

import { request } from './admin-api.js';

export const POLL_MS = 5000;
const STREAMING_REFRESH_TICKS = 6; // every 30 s while the stream is open

export class MeetingSync {
  constructor(meetingId, room, { onMeeting, onMode, onError }) {
    this.meetingId = meetingId;
    this.room = room;
    this.onMeeting = onMeeting;
    this.onMode = onMode ?? (() => {});
    this.onError = onError ?? (() => {});
    this.source = null;
    this.streaming = false;
    this.timer = null;
    this.polling = false;
  }

  start() {
    let ticks = 0;
    this.timer = setInterval(() => {
      ticks += 1;
      if (document.hidden) return;
      // Streaming, the room's events say all about the live meeting; a planned meeting's
      // agenda may still change without an event, so look now and then anyway.
      if (!this.streaming || ticks % STREAMING_REFRESH_TICKS === 0) this.refresh();
    }, POLL_MS);
    this.onMode('polling');
    if (typeof EventSource !== 'function') return;
    const source = new EventSource(`/api/rooms/${encodeURIComponent(this.room)}/events`);
    this.source = source;
    source.addEventListener('open', () => {
      this.streaming = true;
      this.onMode('live');
    });
    source.addEventListener('error', () => {
      // Closed for good (404, wrong type) or reconnecting: poll meanwhile.
      this.streaming = false;
      this.onMode('polling');
    });
    source.addEventListener('meeting', (event) => this.onEvent(event));
  }

  onEvent(event) {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (data && String(data.id) === String(this.meetingId) && Array.isArray(data.agenda)) {
      this.onMeeting({
        meeting: {
          id: data.id,
          title: data.title,
          status: data.status,
          current_item: data.current_item ? data.current_item.id : null,
        },
        agenda: data.agenda,
        partial: true, // no room, time or descriptions in events: keep what we had
      });
    } else {
      // Another meeting (or none) is the room's meeting now: ours may have just ended.
      this.refresh();
    }
  }

  // Ask the server for the meeting and its agenda now.
  async refresh() {
    if (this.polling) return;
    this.polling = true;
    try {
      const id = encodeURIComponent(this.meetingId);
      const [meeting, agenda] = await Promise.all([
        request('GET', `/api/meetings/${id}`),
        request('GET', `/api/meetings/${id}/agenda`),
      ]);
      this.onMeeting({ meeting, agenda: Array.isArray(agenda?.items) ? agenda.items : [] });
    } catch (err) {
      this.onError(err);
    } finally {
      this.polling = false;
    }
  }

  stop() {
    clearInterval(this.timer);
    this.source?.close();
    this.source = null;
    this.streaming = false;
  }
}
