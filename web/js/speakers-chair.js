// speakers-chair.js — the "Insprekers" panel of the chair console: residents who asked
// to speak, with the agenda item they chose; give one the floor (one at a time), decline,
// add a minute, end; the running turn's time left, counted down on the page.
//
// Live from the staff stream (event `speakers` with the whole list); without it, GET every
// 3 s. Names and topics are residents' text: textContent only.

import { ApiError, request } from './api.js';
import { setText, t } from './i18n.js';

const POLL_MS = 3000;

// els: {panel, list, empty, status, error}
export class SpeakersPanel {
  constructor(meetingId, els) {
    this.meetingId = meetingId;
    this.els = els;
    this.speakers = [];
    this.agenda = [];
    this.streaming = false;
    this.clock = null;
  }

  path(rest = '') {
    return `/api/meetings/${encodeURIComponent(this.meetingId)}/speakers${rest}`;
  }

  setAgenda(agenda) {
    this.agenda = Array.isArray(agenda) ? agenda : [];
    this.render();
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => {
      if (!this.streaming && !document.hidden) this.refresh();
    }, POLL_MS);
    this.clock = setInterval(() => this.tick(), 500);
    document.addEventListener('tribune:languagechange', () => this.render());
    if (typeof EventSource !== 'function') return;
    this.source = new EventSource(`/api/meetings/${encodeURIComponent(this.meetingId)}/moderation/events`);
    this.source.addEventListener('speakers', (event) => {
      try {
        this.take(JSON.parse(event.data));
        this.streaming = true;
      } catch {
        // the next poll or event fixes the view
      }
    });
    this.source.addEventListener('error', () => {
      this.streaming = false;
    });
  }

  stop() {
    clearInterval(this.timer);
    clearInterval(this.clock);
    this.source?.close();
  }

  async refresh() {
    try {
      this.take(await request('GET', this.path()));
      this.els.panel.hidden = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.els.panel.hidden = true;
    }
  }

  take(data) {
    if (!data || !Array.isArray(data.speakers)) return;
    this.speakers = data.speakers;
    this.render();
  }

  async act(id, action) {
    setText(this.els.error, null);
    try {
      await request('POST', this.path(`/${id}`), { action });
      await this.refresh();
    } catch (err) {
      setText(this.els.error, 'participants.error', { message: err?.message || '' });
    }
  }

  tick() {
    for (const el of this.els.list.querySelectorAll('[data-ends-at]')) {
      const left = Math.max(0, Math.round((Date.parse(el.dataset.endsAt) - Date.now()) / 1000));
      setText(el, 'speakers.left', { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` });
    }
  }

  render() {
    const { els } = this;
    // Open requests first (speaking, then waiting in order of asking), then the rest.
    const rank = { admitted: 0, waiting: 1, done: 2, declined: 3 };
    const list = [...this.speakers].sort((a, b) => rank[a.status] - rank[b.status] || a.id - b.id);
    els.empty.hidden = list.length > 0;
    els.list.replaceChildren(...list.map((s) => this.card(s)));
    document.body.dataset.speakers = list.filter((s) => s.status === 'waiting').length.toString();
    this.tick();
  }

  card(s) {
    const li = document.createElement('li');
    li.className = 'participant speaker';
    li.dataset.id = String(s.id);
    li.dataset.status = s.status;
    li.dataset.speaking = String(s.status === 'admitted');
    const name = document.createElement('p');
    name.className = 'participant-name';
    name.textContent = s.name;
    const topic = document.createElement('p');
    topic.className = 'speaker-topic';
    topic.textContent = s.topic;
    const facts = document.createElement('p');
    facts.className = 'participant-facts';
    const item = this.agenda.find((i) => i.id === s.item_id);
    const bits = [t(`speakers.state.${s.status}`)];
    if (item) bits.push(t('speakers.item', { item: `${item.position}. ${item.title}` }));
    facts.textContent = bits.join(' · ');
    li.append(name, topic, facts);
    if (s.status === 'admitted' && s.ends_at) {
      const left = document.createElement('p');
      left.className = 'speaker-left';
      left.dataset.endsAt = s.ends_at;
      left.setAttribute('role', 'timer');
      li.append(left);
    }
    const actions = document.createElement('div');
    actions.className = 'participant-actions';
    const button = (key, action, danger = false) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `button${danger ? ' button-danger' : ''}`;
      b.dataset.action = action;
      setText(b, key);
      b.setAttribute('aria-label', `${t(key)}: ${s.name}`);
      b.addEventListener('click', () => this.act(s.id, action));
      return b;
    };
    if (s.status === 'waiting') actions.append(button('speakers.admit', 'admit'), button('speakers.decline', 'decline'));
    if (s.status === 'admitted') actions.append(button('speakers.extend', 'extend'), button('speakers.end', 'end', true));
    if (actions.childElementCount) li.append(actions);
    return li;
  }
}
