// hall-return.js — on the hall page: the remote participants' voices for the hall's
// speakers (POST /whep/{room}/hall with the room's ingest key). The feed has everyone
// taking part from home and not the hall itself, so playing it in the hall gives no echo.
//
// Off until the secretary switches it on (a browser plays sound only after a click, and
// a hall without remote members needs nothing). It reconnects by itself when dropped.

import { setText } from './i18n.js';
import { WhepClient } from './whep.js';

const RETRY_MS = 3000;

// els: {button, audio, status}
export function createHallReturn(roomId, els, getKey) {
  let client = null;
  let on = false;
  let retry = null;

  const show = (statusKey) => {
    setText(els.button, on ? 'hall.return.off' : 'hall.return.on');
    els.button.setAttribute('aria-pressed', String(on));
    setText(els.status, statusKey);
  };

  const stop = async () => {
    clearTimeout(retry);
    const c = client;
    client = null;
    els.audio.srcObject = null;
    await c?.stop();
  };

  const start = async () => {
    const key = getKey();
    if (!key) {
      on = false;
      show('hall.return.needKey');
      return;
    }
    const c = new WhepClient(`/whep/${encodeURIComponent(roomId)}/hall`, { key });
    client = c;
    els.audio.srcObject = c.stream;
    c.addEventListener('track', () => els.audio.play().catch(() => {}));
    c.addEventListener('failed', () => {
      if (client !== c || !on) return;
      show('hall.return.reconnecting');
      stop().then(() => {
        retry = setTimeout(() => on && start(), RETRY_MS);
      });
    });
    try {
      await c.start();
      if (client === c) show('hall.return.playing');
    } catch (err) {
      if (client !== c) return;
      on = false;
      await stop();
      show(err?.status === 401 ? 'hall.error.key' : 'hall.return.failed');
    }
  };

  els.button.addEventListener('click', async () => {
    on = !on;
    show(on ? 'hall.return.connecting' : 'hall.return.stopped');
    if (on) await start();
    else await stop();
  });
  show(null);
  return { stop };
}
