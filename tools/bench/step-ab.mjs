// A/B of two builds of the accelerator's addon on the same harmonized step, alternating runs so a
// shared machine's drift hits both alike (each run: its own process, 2 warm-up steps, median of 9):
//   node tools/bench/step-ab.mjs --a /tmp/old.node --b packages/accelerator/native/build/Release/harmonization_accelerator.node \
//     [--model resnet_small --batch 4 --size 128] [--threads 2] [--rounds 3]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    model: { type: 'string', default: 'vgg_small' },
    batch: { type: 'string', default: '8' },
    size: { type: 'string', default: '64' },
    threads: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '9' },
    child: { type: 'boolean', default: false },
    'stock-bn': { type: 'boolean', default: false },
  },
});

if (o.child) {
  const { createBenchContext } = await import('./step-setup.mjs');
  const ctx = await createBenchContext({ backend: 'cpu', accelerator: true, model: o.model, batch: Number(o.batch), size: Number(o.size), threads: o.threads, stockBatchNorm: o['stock-bn'] });
  ctx.harmonizedStep();
  ctx.harmonizedStep();
  const times = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < Number(o.steps); i++) {
    const t = performance.now();
    ctx.harmonizedStep();
    times.push(performance.now() - t);
  }
  const c = process.cpuUsage(c0);
  times.sort((x, y) => x - y);
  console.log(JSON.stringify({ ms: times[times.length >> 1], cpuMs: (c.user + c.system) / 1000 / times.length }));
} else {
  if (!o.a || !o.b) throw new Error('step-ab: --a and --b must name two addon builds (.node files)');
  const self = fileURLToPath(import.meta.url);
  const run = (binary) => {
    const args = [self, '--child', '--model', o.model, '--batch', o.batch, '--size', o.size, '--threads', o.threads, '--steps', o.steps];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, HARMONIZATION_ACCELERATOR_BINARY: path.resolve(binary) } });
    const line = r.stdout.split('\n').reverse().find((l) => l.startsWith('{'));
    if (r.status !== 0 || !line) throw new Error(`step-ab: run with ${binary} failed: ${r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.status}`);
    return JSON.parse(line);
  };
  const res = { a: [], b: [] };
  for (let i = 0; i < Number(o.rounds); i++) {
    for (const k of ['a', 'b']) {
      const r = run(o[k]);
      res[k].push(r);
      console.log(`round ${i + 1} ${k}: ${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms)`);
    }
  }
  const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const [ma, mb] = [med(res.a.map((r) => r.ms)), med(res.b.map((r) => r.ms))];
  console.log(`${o.model} b${o.batch} ${o.size}px, ${o.threads} thread(s): a ${ma.toFixed(0)} ms, b ${mb.toFixed(0)} ms, b/a ${(mb / ma).toFixed(3)}`);
}
