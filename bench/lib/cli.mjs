// cli.mjs — the command line every benchmark reads the same way: `--name value` options,
// `--smoke` (a short run for CI), and the time stamp its result file is named after.

const args = process.argv.slice(2);

export const smoke = args.includes('--smoke');

// The value after `--name`, or `def` when the option is absent.
export function opt(name, def) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
}

// 20261128T224255Z: the run's time, for bench/results/NAME-STAMP.json.
export const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
