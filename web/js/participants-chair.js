// participants-chair.js — the "Deelnemers op afstand" panel of the chair console:
// invite a member (the link to send them), who is connected and on the picture, who is
// speaking, mute / unmute, remove / let back in, and the layout of the broadcast.
//
// Live from the staff stream (…/moderation/events, event `participants` with the whole
// list); without it, GET …/participants every 3 s. Names are user text: textContent only.

import { ApiError, request } from './api.js';
import { setText, t } from './i18n.js';

const POLL_MS = 3000;

// els: {panel, form, name, inviteStatus, link, copy, list, empty, layout (fieldset),
//       focus (select), status, error}
export class ParticipantsPanel {
  constructor(meetingId, els) {
    this.meetingId = meetingId;
    this.els = els;
    this.state = { participants: [], layout: { kind: 'focus', focus: null }, active_speaker: '' };
    this.streaming = false;
    this.timer = null;
    this.source = null;
  }

  path(rest = '') {
    return `/api/meetings/${encodeURIComponent(this.meetingId)}${rest}`;
  }

  start() {
    const { els } = this;
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.invite();
    });
    els.copy.addEventListener('click', () => this.copyLink());
    els.layout.addEventListener('change', () => this.setLayout());
    els.focus.addEventListener('change', () => this.setLayout());
    document.addEventListener('tribune:languagechange', () => this.render());
    this.refresh();
    this.timer = setInterval(() => {
      if (!this.streaming && !document.hidden) this.refresh();
    }, POLL_MS);
    if (typeof EventSource !== 'function') return;
    this.source = new EventSource(this.path('/moderation/events'));
    this.source.addEventListener('participants', (event) => {
      try {
        this.take(JSON.parse(event.data));
        this.streaming = true;
      } catch {
        // a malformed event: the next poll or event fixes the view
      }
    });
    this.source.addEventListener('error', () => {
      this.streaming = false;
    });
  }

  stop() {
    clearInterval(this.timer);
    this.source?.close();
  }

  async refresh() {
    try {
      this.take(await request('GET', this.path('/participants')));
      this.els.panel.hidden = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.els.panel.hidden = true;
    }
  }

  take(state) {
    if (!state || !Array.isArray(state.participants)) return;
    this.state = state;
    this.render();
  }

  showError(err) {
    setText(this.els.error, 'participants.error', { message: err?.message || '' });
  }

  async invite() {
    const { els } = this;
    const name = els.name.value.trim();
    setText(els.error, null);
    if (!name) {
      setText(els.error, 'participants.nameNeeded');
      els.name.focus();
      return;
    }
    try {
      const made = await request('POST', this.path('/invites'), { name });
      els.link.value = new URL(made.url, location.href).href;
      els.link.closest('.invite-result').hidden = false;
      setText(els.inviteStatus, 'participants.invited', {
        name: made.name,
        until: new Intl.DateTimeFormat(document.documentElement.lang,
          { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(made.expires_at)),
      });
      els.name.value = '';
      this.refresh();
    } catch (err) {
      this.showError(err);
    }
  }

  async copyLink() {
    try {
      await navigator.clipboard.writeText(this.els.link.value);
      setText(this.els.status, 'participants.copied');
    } catch {
      this.els.link.select(); // the chair copies it by hand
    }
  }

  async act(id, action) {
    setText(this.els.error, null);
    try {
      await request('POST', this.path(`/participants/${id}`), { action });
      await this.refresh();
    } catch (err) {
      this.showError(err);
    }
  }

  async setLayout() {
    const kind = this.els.layout.querySelector('input:checked')?.value || 'focus';
    const focus = this.els.focus.value ? Number(this.els.focus.value) : null;
    setText(this.els.error, null);
    try {
      this.take(await request('PUT', this.path('/layout'), { kind, focus }));
      setText(this.els.status, `participants.layoutSet.${kind}`);
    } catch (err) {
      this.showError(err);
    }
  }

  render() {
    const { els, state } = this;
    const list = state.participants.filter((p) => p.kind === 'member' || p.connected);
    els.empty.hidden = list.length > 0;
    els.list.replaceChildren(...list.map((p) => this.card(p)));
    document.body.dataset.participants = String(state.participants.filter((p) => p.connected).length);

    for (const input of els.layout.querySelectorAll('input')) {
      input.checked = input.value === (state.layout?.kind || 'focus');
    }
    const focus = state.layout?.focus ?? '';
    const auto = document.createElement('option');
    auto.value = '';
    setText(auto, 'participants.focusAuto');
    els.focus.replaceChildren(auto, ...state.participants.filter((p) => !p.removed).map((p) => {
      const option = document.createElement('option');
      option.value = String(p.id);
      option.textContent = p.name;
      return option;
    }));
    els.focus.value = String(focus);
  }

  card(p) {
    const li = document.createElement('li');
    li.className = 'participant';
    li.dataset.id = String(p.id);
    li.dataset.speaking = String(Boolean(p.speaking));
    const name = document.createElement('p');
    name.className = 'participant-name';
    name.textContent = p.name;
    const facts = document.createElement('p');
    facts.className = 'participant-facts';
    const bits = [];
    bits.push(t(p.removed ? 'participants.removed'
      : p.on_picture ? 'participants.onPicture'
        : p.connected ? 'participants.connected' : 'participants.notConnected'));
    if (p.kind === 'resident') bits.push(t('participants.resident'));
    if (p.speaking) bits.push(t('participants.speaking'));
    if (p.muted) bits.push(t('participants.muted'));
    if (p.hand_raised) bits.push(t('participants.hand'));
    facts.textContent = bits.join(' · ');

    const actions = document.createElement('div');
    actions.className = 'participant-actions';
    const button = (key, action, danger = false) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `button${danger ? ' button-danger' : ''}`;
      b.dataset.action = action;
      setText(b, key);
      // One list of many "Dempen" buttons: each says whose it is to a screen reader.
      b.setAttribute('aria-label', `${t(key)}: ${p.name}`);
      b.addEventListener('click', () => this.act(p.id, action));
      return b;
    };
    if (!p.removed) {
      actions.append(p.muted ? button('participants.unmute', 'unmute') : button('participants.mute', 'mute'));
      if (p.hand_raised) actions.append(button('participants.lowerHand', 'lower_hand'));
      actions.append(button('participants.remove', 'remove', true));
    } else {
      actions.append(button('participants.allow', 'allow'));
    }
    li.append(name, facts, actions);
    return li;
  }
}
