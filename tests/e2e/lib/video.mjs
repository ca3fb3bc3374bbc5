// video.mjs — what a viewer would see: is the picture moving, is it more than black, and
// what colour is it. Everything runs inside the page on the page's <video>.

// {currentTime, frames, width, height, paused, muted}
export function videoStats(page, selector = 'video') {
  return page.evaluate((sel) => {
    const v = document.querySelector(sel);
    const q = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality() : { totalVideoFrames: 0 };
    return {
      currentTime: v.currentTime,
      frames: q.totalVideoFrames,
      width: v.videoWidth,
      height: v.videoHeight,
      paused: v.paused,
      muted: v.muted,
    };
  }, selector);
}

// Draw the current frame to a canvas; return the mean colour [r, g, b] and the luminance
// variance of a centred region (fraction of width/height), e.g. 0.5 = the middle half.
export function sampleVideo(page, { selector = 'video', region = 0.5 } = {}) {
  return page.evaluate(({ sel, region: r }) => {
    const v = document.querySelector(sel);
    const w = v.videoWidth;
    const h = v.videoHeight;
    if (!w || !h) return null;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(v, 0, 0, w, h);
    const x0 = Math.floor(w * (1 - r) / 2);
    const y0 = Math.floor(h * (1 - r) / 2);
    const data = ctx.getImageData(x0, y0, Math.max(1, Math.floor(w * r)), Math.max(1, Math.floor(h * r))).data;
    let n = 0;
    const sum = [0, 0, 0];
    let lumSum = 0;
    let lumSq = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [R, G, B] = [data[i], data[i + 1], data[i + 2]];
      sum[0] += R; sum[1] += G; sum[2] += B;
      const lum = 0.2126 * R + 0.7152 * G + 0.0722 * B;
      lumSum += lum;
      lumSq += lum * lum;
      n += 1;
    }
    const mean = sum.map((s) => s / n);
    const lumMean = lumSum / n;
    return { mean, lumMean, variance: lumSq / n - lumMean * lumMean, width: w, height: h };
  }, { sel: selector, region });
}

export function colourDistance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// The server's slate: solid 0x1d3557 with white text, so its centre (with the text)
// averages to a lighter blue; what stays is that blue clearly leads.
export const SLATE_RGB = [0x1d, 0x35, 0x57];
export function looksLikeSlate([r, g, b]) {
  return b > r + 20 && b > g + 10;
}

// Chromium's fake camera: a green frame with a lighter green pacman and a timer.
export function looksLikeFakeCamera([r, g, b]) {
  return g > r + 30 && g > b + 30;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Assert-friendly: wait until currentTime has moved on by at least `by` seconds.
export async function waitForProgress(page, { by = 0.5, timeout = 10000, selector = 'video' } = {}) {
  const start = await videoStats(page, selector);
  const deadline = Date.now() + timeout;
  let now = start;
  while (Date.now() < deadline) {
    await sleep(250);
    now = await videoStats(page, selector);
    if (now.currentTime - start.currentTime >= by) return { start, now };
  }
  return { start, now };
}

// The current frame's luminance as a grid of cell means over a band of the picture
// (fractions of the height, top to bottom), e.g. {top: 0.6, bottom: 1} = the lowest 40 %.
// Comparing two grids tells whether that band changed between two moments.
export function lumaGrid(page, { selector = 'video', top = 0, bottom = 1, cols = 32, rows = 8 } = {}) {
  return page.evaluate(({ sel, top: t, bottom: b, cols: c, rows: r }) => {
    const v = document.querySelector(sel);
    const w = v.videoWidth;
    const h = v.videoHeight;
    if (!w || !h) return null;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(v, 0, 0, w, h);
    const y0 = Math.floor(h * t);
    const bandHeight = Math.max(1, Math.floor(h * b) - y0);
    const data = ctx.getImageData(0, y0, w, bandHeight).data;
    const sums = new Array(c * r).fill(0);
    const counts = new Array(c * r).fill(0);
    for (let y = 0; y < bandHeight; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        const cell = Math.min(r - 1, Math.floor(y * r / bandHeight)) * c + Math.min(c - 1, Math.floor(x * c / w));
        sums[cell] += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
        counts[cell] += 1;
      }
    }
    return sums.map((s, i) => s / Math.max(1, counts[i]));
  }, { sel: selector, top, bottom, cols, rows });
}

// How many cells of two grids from lumaGrid differ by more than `threshold` in mean
// luminance (0–255). Text that changes moves a few cells a lot; encoder noise on a still
// picture moves every cell a little, so counting cells tells the two apart.
export function changedCells(a, b, threshold = 6) {
  return a.filter((value, i) => Math.abs(value - b[i]) > threshold).length;
}
