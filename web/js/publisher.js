// publisher.js — one broadcast from the hall: a WHIP session that is started, stopped, and
// brought back by itself when the network drops it, so a meeting does not silently go off
// the air because a switch in the hall blinked.
//
// Events: 'change' with detail {state, reason, error}: state 'connecting' (reason
// 'connecting' or 'reconnecting'), 'live', 'idle', or 'error' (reason 'refused' with the
// server's ApiError, 'connection', or 'lost' when reconnecting gave up).

import { ApiError } from './api.js';
import { WhipClient } from './whip.js';

// ICE and DTLS on a LAN take well under a second; past this the network blocks us.
const CONNECT_TIMEOUT_MS = 15000;
const RECONNECT_ATTEMPTS = 5;
const RECONNECT_STEP_MS = 2000; // wait 2 s, 4 s, … between attempts

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function waitConnected(client) {
  return new Promise((resolve, reject) => {
    const finish = (fn, value) => {
      clearTimeout(timer);
      client.removeEventListener('statechange', onState);
      fn(value);
    };
    const onState = (event) => {
      if (event.detail === 'connected') finish(resolve);
      else if (event.detail === 'failed' || event.detail === 'closed') finish(reject, new Error(event.detail));
    };
    const timer = setTimeout(() => finish(reject, new Error('ICE timeout')), CONNECT_TIMEOUT_MS);
    client.addEventListener('statechange', onState);
  });
}

// The server said no for a reason that trying again will not fix.
function isFinal(err) {
  return err instanceof ApiError && [400, 401, 403, 404, 406, 413].includes(err.status);
}

export class Publisher extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.client = null;
    this.run = 0; // bumped by start() and stop(): older async work sees it is stale
  }

  emit(state, reason, error = null) {
    this.dispatchEvent(new CustomEvent('change', { detail: { state, reason, error } }));
  }

  // One WHIP session, connected; throws if the server refuses or ICE does not connect.
  async connect(run, stream, key) {
    const client = new WhipClient(this.url, { key, stream });
    this.client = client;
    const connected = waitConnected(client);
    connected.catch(() => {}); // awaited below; a POST error may come first
    try {
      await client.start();
      await connected;
    } catch (err) {
      if (this.client === client) this.client = null;
      await client.stop();
      throw err;
    }
    if (this.run !== run) {
      await client.stop();
      return;
    }
    client.addEventListener('failed', () => this.recover(run, client, stream, key));
    this.emit('live', 'live');
  }

  async start(stream, key) {
    const run = ++this.run;
    this.emit('connecting', 'connecting');
    try {
      await this.connect(run, stream, key);
    } catch (err) {
      if (this.run !== run) return;
      if (err instanceof ApiError) this.emit('error', 'refused', err);
      else this.emit('error', 'connection', err);
    }
  }

  async recover(run, lost, stream, key) {
    if (this.run !== run || this.client !== lost) return;
    this.client = null;
    await lost.stop(); // frees the room on the server, or a new attempt gets 409
    for (let attempt = 1; attempt <= RECONNECT_ATTEMPTS; attempt++) {
      this.emit('connecting', 'reconnecting');
      await sleep(RECONNECT_STEP_MS * attempt);
      if (this.run !== run) return;
      try {
        await this.connect(run, stream, key);
        return;
      } catch (err) {
        if (this.run !== run) return;
        if (isFinal(err)) {
          this.emit('error', 'refused', err);
          return;
        }
        console.warn(`tribune: reconnect attempt ${attempt} failed`, err);
      }
    }
    if (this.run === run) this.emit('error', 'lost');
  }

  // Switch camera or microphone while live.
  async replaceTrack(track) {
    if (this.client) await this.client.replaceTrack(track);
  }

  get active() {
    return this.client !== null;
  }

  async stop() {
    this.run += 1;
    const client = this.client;
    this.client = null;
    if (client) await client.stop();
    this.emit('idle', 'stopped');
  }
}
