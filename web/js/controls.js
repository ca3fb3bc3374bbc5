// controls.js — the player's own controls: play/pause, sound on/off, volume, full screen,
// and the large "sound on" button shown while the video is muted after autoplay.
//
// Native <video controls> differ per browser and show a seek bar that makes no sense for a
// live meeting; these are plain <button>s and an <input type=range>, so they work with a
// keyboard and a screen reader, and their text comes from the translation catalog.

import { setText } from './i18n.js';

function fullscreenElement() {
  return document.fullscreenElement || document.webkitFullscreenElement || null;
}

// els: {video, container, play, mute, volume, fullscreen, unmute}; each button holds a
// <span class="label"> for its text. onResume() is called when playback resumes after a
// pause (the player jumps back to live).
export function bindControls(els, { onResume = () => {} } = {}) {
  const { video, container } = els;
  const label = (button) => button.querySelector('.label');

  const renderPlay = () => {
    const playing = !video.paused;
    setText(label(els.play), playing ? 'player.pause' : 'player.play');
    els.play.dataset.state = playing ? 'playing' : 'paused';
  };

  const renderSound = () => {
    const silent = video.muted || video.volume === 0;
    setText(label(els.mute), silent ? 'player.unmute' : 'player.mute');
    els.mute.dataset.state = silent ? 'muted' : 'sound';
    els.unmute.hidden = !video.muted;
    els.volume.value = String(video.muted ? 0 : video.volume);
    els.volume.setAttribute('aria-valuetext', `${Math.round(Number(els.volume.value) * 100)}%`);
  };

  const renderFullscreen = () => {
    const active = fullscreenElement() === container;
    setText(label(els.fullscreen), active ? 'player.exitFullscreen' : 'player.fullscreen');
    els.fullscreen.dataset.state = active ? 'on' : 'off';
  };

  els.play.addEventListener('click', () => {
    if (video.paused) {
      onResume();
      video.play().catch(() => {});
    } else {
      video.pause();
    }
  });

  const unmute = () => {
    video.muted = false;
    if (video.volume === 0) video.volume = 1;
    if (video.paused) video.play().catch(() => {});
    // volumechange arrives as a later task; show the new state at once, so the button the
    // visitor just pressed is gone when the press is done.
    renderSound();
  };
  els.unmute.addEventListener('click', () => {
    unmute();
    // The big button disappears; keep the keyboard user's place on the mute button.
    els.mute.focus();
  });
  els.mute.addEventListener('click', () => {
    if (video.muted || video.volume === 0) unmute();
    else video.muted = true;
    renderSound();
  });
  els.volume.addEventListener('input', () => {
    const value = Number(els.volume.value);
    video.volume = value;
    video.muted = value === 0;
  });

  const canFullscreen = Boolean(container.requestFullscreen || container.webkitRequestFullscreen ||
    video.webkitEnterFullscreen);
  els.fullscreen.hidden = !canFullscreen;
  els.fullscreen.addEventListener('click', async () => {
    try {
      if (fullscreenElement()) {
        await (document.exitFullscreen || document.webkitExitFullscreen).call(document);
      } else if (container.requestFullscreen) {
        await container.requestFullscreen();
      } else if (container.webkitRequestFullscreen) {
        container.webkitRequestFullscreen();
      } else {
        video.webkitEnterFullscreen(); // iPhone: only the video itself can go full screen
      }
    } catch (err) {
      console.warn('tribune: full screen refused', err);
    }
  });

  video.addEventListener('play', renderPlay);
  video.addEventListener('pause', renderPlay);
  video.addEventListener('volumechange', renderSound);
  document.addEventListener('fullscreenchange', renderFullscreen);
  document.addEventListener('webkitfullscreenchange', renderFullscreen);
  renderPlay();
  renderSound();
  renderFullscreen();
}
