// Shared set-up for the step benchmarks: backend (+ optional native accelerator), model, batch,
// and the two steps (harmonized = double backprop, plain = cross-entropy) with SGD.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { MODELS } from './step-models.mjs';
import { localHarmonizedGradients, localPlainGradients, registerBenchMaxPoolGradGradient } from './step-local-loss.mjs';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Imports workspace modules from their TypeScript sources, bundled by esbuild into a temp folder
 * (tfjs kept external so the engine is shared; `@harmonization/*` imports resolved to sources, and
 * modules shared between entries land in one chunk): the bench always measures the current code,
 * built or not. `entries` are paths under packages/, without `.ts` (e.g. 'core-loss/src/index').
 */
export async function importWorkspaceSources(entries) {
  const { build } = await import('esbuild');
  // Inside node_modules so the bundle resolves @tensorflow/* from the repository.
  const cache = path.join(repoRoot, 'node_modules', '.cache', 'harmonization-bench');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(path.join(cache, 'bundle-'));
  const alias = Object.fromEntries(['core-loss', 'datasets', 'zoo', 'metrics', 'accelerator'].map((p) => [`@harmonization/${p}`, path.join(repoRoot, 'packages', p, 'src', 'index.ts')]));
  const result = await build({
    entryPoints: entries.map((e) => path.join(repoRoot, 'packages', `${e}.ts`)),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    outbase: path.join(repoRoot, 'packages'),
    alias,
    external: ['@tensorflow/*'],
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(result.errors[0].text);
  const mods = [];
  for (const e of entries) mods.push(await import(pathToFileURL(path.join(outdir, `${e}.js`)).href));
  return mods;
}

export let coreLossNote = '';
/** @harmonization/zoo's BatchNormalization factory (fused training batch norm), when its sources load. */
let zooBatchNormalization = null;
async function loadCoreLoss() {
  if (process.env.BENCH_LOCAL_LOSS) {
    coreLossNote = 'BENCH_LOCAL_LOSS set';
    return null;
  }
  try {
    let coreLoss;
    try {
      let zooBatchNorm;
      [coreLoss, zooBatchNorm] = await importWorkspaceSources(['core-loss/src/index', 'zoo/src/layers/batch-normalization']);
      zooBatchNormalization = zooBatchNorm.batchNormalization;
    } catch (e) {
      coreLossNote = `zoo BatchNormalization not usable (${String(e.message).split('\n')[0].slice(0, 160)})`;
      [coreLoss] = await importWorkspaceSources(['core-loss/src/index']);
    }
    if (typeof coreLoss.harmonizedGradients !== 'function') throw new Error('no harmonizedGradients export');
    if (typeof coreLoss.registerHarmonizationGradients === 'function') coreLoss.registerHarmonizationGradients();
    return coreLoss;
  } catch (e) {
    coreLossNote = `core-loss sources not usable yet (${String(e.message).split('\n')[0].slice(0, 160)})`;
    return null;
  }
}

/** The accelerator module once loaded (for acceleratorStatus() during a run). */
export let acceleratorModule = null;

/** Loads the accelerator from its sources and enables it; returns its status or why it is off. */
export async function loadAccelerator() {
  try {
    process.env.HARMONIZATION_ACCELERATOR_BINARY ??= path.join(repoRoot,
      'packages/accelerator/native/build/Release/harmonization_accelerator.node');
    const [acc] = await importWorkspaceSources(['accelerator/src/index']);
    acceleratorModule = acc;
    return acc.enableCpuAccelerator();
  } catch (e) {
    return { enabled: false, reason: `@harmonization/accelerator not loadable (${e.message.split('\n')[0]})`, threads: 0 };
  }
}

export async function createBenchContext({ backend, accelerator = false, model: modelName, batch: n, size, threads, stockBatchNorm = false }) {
  if (threads) process.env.HARMONIZATION_THREADS = String(threads);
  if (backend === 'wasm') {
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  }
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(backend))) throw new Error(`bench: backend ${backend} failed to initialise`);
  await tf.ready();
  const coreLoss = await loadCoreLoss();
  if (!coreLoss) registerBenchMaxPoolGradGradient();
  let accStatus = null;
  if (accelerator) {
    accStatus = await loadAccelerator();
    if (!accStatus.enabled) throw new Error(`bench: accelerator unavailable: ${accStatus.reason}`);
  }
  const build = MODELS[modelName];
  if (!build) throw new Error(`bench: unknown model ${modelName}; one of ${Object.keys(MODELS).join(', ')}`);
  tf.setBackend(backend);
  // The zoo's BatchNormalization (batch statistics inside one op) unless asked for tfjs-layers' own.
  const batchNormalization = !stockBatchNorm && zooBatchNormalization ? zooBatchNormalization : (args) => tfl.layers.batchNormalization(args);
  const model = build(size, { batchNormalization });
  const batch = tf.tidy(() => ({
    images: tf.randomNormal([n, size, size, 3], 0, 1, 'float32', 1),
    labels: tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 37) % 1000), 'int32'), 1000), 'float32'),
    heatmaps: tf.randomUniform([n, size, size], 0, 1, 'float32', 2),
    tokens: tf.ones([n]),
  }));
  const optimizer = tf.train.sgd(0.01);
  const vars = model.trainableWeights.map((w) => w.read());
  const apply = (grads) => {
    optimizer.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]])));
    tf.dispose(grads);
  };
  const harmonizedGradients = coreLoss
    ? (m, b) => {
        const out = coreLoss.harmonizedGradients(m, b);
        return Array.isArray(out) ? out : out.grads;
      }
    : localHarmonizedGradients;
  return {
    tf,
    tfl,
    model,
    batch,
    accStatus,
    lossSource: coreLoss ? '@harmonization/core-loss' : `bench-local (${coreLossNote})`,
    backendLabel: accelerator ? `${backend}+accelerator(${accStatus.threads}t)` : backend,
    batchNorm: batchNormalization === zooBatchNormalization ? '@harmonization/zoo BatchNormalization' : 'tfjs-layers BatchNormalization',
    harmonizedStep: () => apply(harmonizedGradients(model, batch)),
    plainStep: () => apply(localPlainGradients(model, batch)),
    saliency: (images, labels) =>
      tf.tidy(() => tf.max(tf.abs(tf.grad((x) => tf.sum(tf.mul(model.apply(x), labels)))(images)), -1)),
  };
}
