#!/usr/bin/env node
// Seed sweep of `harmonize demo`: runs the BUILT binary once per seed (each run trains its two
// models in two worker threads), then prints mean ± std per model and whether the harmonized
// model beat the baseline on every seed, on the three measures the issue asks for.
//
//   node tools/demo-sweep/run.mjs [--seeds 0,1,2,3,4] [--jobs 1] [--bin path/to/bin.js] [--out /tmp/harmonize-sweep] [-- <extra demo flags>]
//
// --jobs runs that many seeds at once (each seed's demo already uses three threads).
// --collect only reads the seed folders already in --out (e.g. after runs split over machines).
//
// Writes <out>/sweep.json and <out>/sweep.md (and each seed's report under <out>/seed-N).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const bin = resolve(process.argv.includes('--bin') ? process.argv[process.argv.indexOf('--bin') + 1] : join(root, 'packages/cli/dist/bin.js'));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const extra = dash >= 0 ? argv.slice(dash + 1) : [];
const flag = (name, fallback) => {
  const i = own.indexOf(name);
  return i >= 0 ? own[i + 1] : fallback;
};
const seeds = flag('--seeds', '0,1,2,3,4').split(',').map(Number);
const out = resolve(flag('--out', '/tmp/harmonize-sweep'));
mkdirSync(out, { recursive: true });

const METRICS = [
  ['accuracy', 'accuracy, shortcut-free split', +1],
  ['shortcutAccuracy', 'accuracy, shortcut split', 0],
  ['alignmentScore', 'alignment score', +1],
  ['shortcutSaliencyShare', 'saliency share on the shortcut', -1],
];

const jobs = Number(flag('--jobs', '1'));

function runSeed(seed) {
  const dir = join(out, `seed-${seed}`);
  const t0 = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [bin, 'demo', '--seed', String(seed), '--out', dir, '--quiet', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`seed ${seed}: demo exited with ${code}`));
      const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      const seconds = (Date.now() - t0) / 1000;
      console.log(`seed ${seed} (${seconds.toFixed(0)} s): ` + METRICS.map(([k]) => `${k} ${res.baseline[k].toFixed(3)} → ${res.harmonized[k].toFixed(3)}`).join(', '));
      resolveRun({ seed, seconds, demoSeconds: res.timings.total, baseline: res.baseline, harmonized: res.harmonized });
    });
  });
}

const runs = [];
const collect = own.includes('--collect');
const queue = collect ? [] : [...seeds];
if (collect) {
  for (const seed of seeds) {
    const res = JSON.parse(readFileSync(join(out, `seed-${seed}`, 'results.json'), 'utf8'));
    runs.push({ seed, seconds: res.timings.total, demoSeconds: res.timings.total, baseline: res.baseline, harmonized: res.harmonized });
  }
}
await Promise.all(
  Array.from({ length: Math.max(1, jobs) }, async () => {
    while (queue.length > 0) runs.push(await runSeed(queue.shift()));
  }),
);
runs.sort((a, b) => a.seed - b.seed);

const stat = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(xs.length - 1, 1));
  return { mean: m, std: sd };
};
const summary = {};
for (const [k, , dir] of METRICS) {
  const b = stat(runs.map((r) => r.baseline[k]));
  const h = stat(runs.map((r) => r.harmonized[k]));
  const wins = dir === 0 ? null : runs.filter((r) => (dir > 0 ? r.harmonized[k] > r.baseline[k] : r.harmonized[k] < r.baseline[k])).length;
  summary[k] = { baseline: b, harmonized: h, harmonizedWins: wins, seeds: runs.length };
}
const allThree = runs.filter((r) => r.harmonized.accuracy > r.baseline.accuracy && r.harmonized.alignmentScore > r.baseline.alignmentScore && r.harmonized.shortcutSaliencyShare < r.baseline.shortcutSaliencyShare).length;
const md = [
  `# harmonize demo, ${runs.length} seeds (${seeds.join(', ')})${extra.length ? ` with ${extra.join(' ')}` : ''}`,
  '',
  '| measure | baseline (mean ± std) | harmonized (mean ± std) | harmonized better in |',
  '|---|---|---|---|',
  ...METRICS.map(([k, label]) => {
    const s = summary[k];
    return `| ${label} | ${s.baseline.mean.toFixed(3)} ± ${s.baseline.std.toFixed(3)} | ${s.harmonized.mean.toFixed(3)} ± ${s.harmonized.std.toFixed(3)} | ${s.harmonizedWins === null ? '—' : `${s.harmonizedWins}/${runs.length}`} |`;
  }),
  '',
  `Harmonized better on all three (shortcut-free accuracy, alignment, shortcut saliency share): ${allThree}/${runs.length} seeds.`,
  collect
    ? `Demo wall time per seed (from results.json): ${runs.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')}.`
    : `Wall time per seed: ${runs.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')} (${jobs} at a time).`,
  '',
];
writeFileSync(join(out, 'sweep.json'), `${JSON.stringify({ seeds, extra, runs, summary, allThree }, null, 2)}\n`);
writeFileSync(join(out, 'sweep.md'), md.join('\n'));
console.log(md.join('\n'));
process.exitCode = allThree === runs.length ? 0 : 3;
