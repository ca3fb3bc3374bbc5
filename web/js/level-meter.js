// level-meter.js — how loud the microphone is, shown in a <meter>, so the secretary sees
// at a glance, before and during the broadcast, that the hall's microphone picks up sound.

const UPDATE_MS = 100;
const FLOOR_DB = -60; // quieter than this shows as empty; 0 dBFS is full

export class LevelMeter {
  constructor(meter) {
    this.meter = meter;
    this.context = null;
    this.source = null;
    this.analyser = null;
    this.samples = null;
    this.timer = null;
  }

  // Measure this audio track (null: nothing to measure).
  setTrack(track) {
    this.source?.disconnect();
    this.source = null;
    if (!track || typeof AudioContext !== 'function') {
      this.meter.value = 0;
      return;
    }
    if (!this.context) {
      this.context = new AudioContext();
      this.analyser = this.context.createAnalyser();
      this.analyser.fftSize = 1024;
      this.samples = new Float32Array(this.analyser.fftSize);
    }
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    this.source.connect(this.analyser); // not to the speakers: that would echo in the hall
    this.timer ??= setInterval(() => this.update(), UPDATE_MS);
    this.resume();
  }

  // Browsers may start audio suspended until the page is clicked; call from a click too.
  resume() {
    if (this.context?.state === 'suspended') this.context.resume().catch(() => {});
  }

  update() {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const s of this.samples) sum += s * s;
    const rms = Math.sqrt(sum / this.samples.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : FLOOR_DB;
    this.meter.value = Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));
  }
}
