// The demo: synthetic shortcut data → two models at equal budget (in two worker threads when
// available) → evaluation → report folder (results.json, summary.md, gallery.png, plot.png).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { svgToPng, composeGallery, type Tile } from '../report/png';
import { renderPlotSvg } from '../report/plot-svg';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write';
import { CliError } from '../util/cli-error';
import type { Progress } from '../util/progress';
import { makeDemoData } from './demo-data';
import type { DemoConfig, DemoData, DemoMode, DemoModelResult } from './demo-config';
import { renderSummary } from './summary';

export interface DemoRunOptions {
  out: string;
  backend: string;
  parallel: boolean;
  progress: Progress;
}

export interface DemoRunResult {
  baseline: DemoModelResult;
  harmonized: DemoModelResult;
  seconds: { data: number; training: number; total: number; cpuSeconds: number };
  parallel: boolean;
}

/** The built worker script (dist/demo-worker.js), or null when running from sources. */
function workerScript(): string | null {
  for (const rel of ['./demo-worker.js', './demo/demo-worker.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return null;
}

const liveWorkers = new Set<Worker>();

/** Copies the arrays into SharedArrayBuffers: the three threads read one copy. */
function shared<T extends Float32Array | Int32Array | Uint8Array>(a: T): T {
  const ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

function shareData(data: DemoData): DemoData {
  const one = (s: DemoData['train']) => ({ ...s, images: shared(s.images), heatmaps: shared(s.heatmaps), labels: shared(s.labels), shortcutMasks: shared(s.shortcutMasks) });
  return { train: one(data.train), test: one(data.test), shortcutTest: one(data.shortcutTest) };
}

function startWorker(script: string, role: DemoMode | 'helper', config: DemoConfig, backend: string, data: DemoData, port?: MessagePort): Worker {
  const worker = new Worker(script, { workerData: { role, config, backend, data, port }, transferList: port ? [port] : [] });
  liveWorkers.add(worker);
  worker.on('exit', () => liveWorkers.delete(worker));
  return worker;
}

function trainInWorker(worker: Worker, mode: DemoMode, onStep: (step: number) => void): Promise<DemoModelResult> {
  return new Promise((resolve, reject) => {
    worker.on('message', (msg: { type: string; step?: number; result?: DemoModelResult; message?: string }) => {
      if (msg.type === 'progress') onStep(msg.step!);
      else if (msg.type === 'result') resolve(msg.result!);
      else if (msg.type === 'error') reject(new CliError(`Training the ${mode} model failed: ${msg.message}`));
    });
    worker.on('error', (e) => reject(new CliError(`Training the ${mode} model failed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) reject(new CliError(`The ${mode} training thread exited with code ${code}.`));
    });
  });
}

export async function runDemo(config: DemoConfig, options: DemoRunOptions): Promise<DemoRunResult> {
  const { progress } = options;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage(); // all threads of this process
  progress.info(`generating ${config.trainSize} training and 2×${config.testSize} test images (${config.imageSize}×${config.imageSize}, ${config.classes} shapes, colour-patch shortcut)…`);
  const data = await makeDemoData(config, join(options.out, 'data'));
  const t1 = performance.now();

  const script = options.parallel ? workerScript() : null;
  const task = progress.task('training baseline + harmonized', 2 * config.steps);
  const done: Record<DemoMode, number> = { baseline: 0, harmonized: 0 };
  const tick = (mode: DemoMode) => (step: number) => {
    done[mode] = step;
    task.update(done.baseline + done.harmonized, `baseline ${done.baseline}/${config.steps}, harmonized ${done.harmonized}/${config.steps}`);
  };
  let baseline: DemoModelResult;
  let harmonized: DemoModelResult;
  if (script) {
    try {
      const sharedData = shareData(data);
      const channel = new MessageChannel();
      const helper = startWorker(script, 'helper', config, options.backend, sharedData, channel.port2);
      helper.on('error', () => undefined); // its failure surfaces through the harmonized worker
      [baseline, harmonized] = await Promise.all([
        trainInWorker(startWorker(script, 'baseline', config, options.backend, sharedData), 'baseline', tick('baseline')),
        trainInWorker(startWorker(script, 'harmonized', config, options.backend, sharedData, channel.port1), 'harmonized', tick('harmonized')),
      ]);
    } catch (error) {
      // One model failed: stop the other instead of waiting for it.
      await Promise.all([...liveWorkers].map((w) => w.terminate()));
      task.stop('failed');
      throw error;
    }
  } else {
    const { runDemoModel } = await import('./train-demo-model');
    baseline = await runDemoModel('baseline', config, data, tick('baseline'));
    harmonized = await runDemoModel('harmonized', config, data, tick('harmonized'));
  }
  task.stop();
  const t2 = performance.now();

  // Report.
  const px = config.imageSize * config.imageSize;
  const rows: Tile[][] = [];
  const g = Math.min(config.galleryRows, data.test.count);
  for (let i = 0; i < g; i++) {
    const img = data.test.images.subarray(i * px * 3, (i + 1) * px * 3);
    rows.push([
      { kind: 'rgb', data: Float32Array.from(img, (v) => v / 255), height: config.imageSize, width: config.imageSize },
      { kind: 'map', data: data.test.heatmaps.slice(i * px, (i + 1) * px), height: config.imageSize, width: config.imageSize },
      { kind: 'map', data: baseline.galleryMaps.slice(i * px, (i + 1) * px), height: config.imageSize, width: config.imageSize },
      { kind: 'map', data: harmonized.galleryMaps.slice(i * px, (i + 1) * px), height: config.imageSize, width: config.imageSize },
    ]);
  }
  const scale = Math.max(2, Math.round(128 / config.imageSize));
  writeFileAtomic(join(options.out, 'gallery.png'), await composeGallery(rows, { scale, titles: ['image', 'human map', 'baseline', 'harmonized'] }));
  const svg = renderPlotSvg(
    [
      { label: 'baseline', group: 'baseline', alignment: baseline.alignmentScore, accuracy: baseline.accuracy },
      { label: 'harmonized', group: 'harmonized', alignment: harmonized.alignmentScore, accuracy: harmonized.accuracy },
    ],
    { title: `Demo, seed ${config.seed}: accuracy without the shortcut vs alignment`, yLabel: 'accuracy on the shortcut-free test split' },
  );
  writeFileAtomic(join(options.out, 'plot.svg'), svg);
  writeFileAtomic(join(options.out, 'plot.png'), await svgToPng(svg));
  const t3 = performance.now();
  const strip = ({ galleryMaps: _g, ...rest }: DemoModelResult) => rest;
  const cpu = process.cpuUsage(cpu0);
  // cpuSeconds: CPU time of every thread; on a busy machine it tells what the run costs.
  const seconds = { data: (t1 - t0) / 1000, training: (t2 - t1) / 1000, total: (t3 - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  writeJsonAtomic(join(options.out, 'results.json'), {
    baseline: strip(baseline),
    harmonized: strip(harmonized),
    config,
    timings: { ...seconds, parallel: Boolean(script) },
  });
  writeFileAtomic(join(options.out, 'summary.md'), renderSummary(config, baseline, harmonized, seconds.total, seconds.cpuSeconds));
  return { baseline, harmonized, seconds, parallel: Boolean(script) };
}
