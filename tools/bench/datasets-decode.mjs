#!/usr/bin/env node
// Decode throughput of @harmonization/datasets on ClickMe-schema shards with 256×256 JPEGs
// (generated here: the real ImageNet/Oxford-Pets photos of ../shared/fixtures/real/images
// resized to 256×256 JPEG q90 with smooth grey maps, as ClickMe records are; and, heavier, the
// noisy synthetic shortcut images at 256 from generateShortcutClickMe): the full SPEC §2.3 chain to
// 224×224 + blurred 224×224 heatmap + one-hot 1000, batched by loadClickMe, with the decode on
// the main thread ('sync') and in 1 and 2 worker threads. Also the CRC-32C we use against
// @aws-crypto/crc32c, and a Python peer (PIL + numpy, same records, same chain).
// Needs the built package: cd packages/datasets && npx tsup. Run: node tools/bench/datasets-decode.mjs [count]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'packages/datasets/dist/index.js');
const ds = await import(dist);
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-cpu');
await tf.setBackend('cpu');
const require = createRequire(join(root, 'packages/datasets/package.json'));
const { crc32c: awsCrc32c } = require('@aws-crypto/crc32c');

const count = Number(process.argv[2] ?? 1024);
const sharp = require('sharp');
const REPS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'bench-clickme-'));

const decoder = ds.nativeDecoderStatus();
console.log(`Node ${process.version}, ${(await import('node:os')).availableParallelism()} cores, ${count} examples; ` +
  `decoder: ${decoder.native ? 'native (libjpeg-turbo, INTEGER_FAST as TF, C resize/blur)' : `sharp + TypeScript (${decoder.reason})`}`);
let t = performance.now();
// Real photos → 256×256 records, cycled to `count` records over 4 shards.
const photosDir = join(root, '../shared/fixtures/real/images');
const photos = existsSync(photosDir) ? readdirSync(photosDir).filter((f) => /\.(jpe?g)$/i.test(f)) : [];
async function photoRecord(file, k) {
  const image = await sharp(join(photosDir, file)).resize(256, 256, { fit: 'fill' }).removeAlpha().jpeg({ quality: 90 }).toBuffer();
  const g = new Uint8Array(256 * 256);
  const cy = 80 + (k * 37) % 100, cx = 60 + (k * 53) % 140;
  for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) g[y * 256 + x] = Math.round(255 * Math.exp(-(((y - cy) / 50) ** 2 + ((x - cx) / 40) ** 2)));
  const heatmap = await sharp(g, { raw: { width: 256, height: 256, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
  return ds.encodeClickMeExample({ image, heatmap, label: k % 1000 });
}
const photoFiles = [];
if (photos.length) {
  const unique = await Promise.all(photos.map((f, k) => photoRecord(f, k)));
  for (let s = 0; s < 4; s++) {
    const recs = [];
    for (let i = s; i < count; i += 4) recs.push(unique[i % unique.length]);
    const f = join(dir, `val-${s}.tfrecords`);
    await ds.writeTFRecords(f, recs);
    photoFiles.push(f);
  }
}
// Synthetic noisy shapes at 256 (256 unique records, read `count / 256` times).
const unique = Math.min(256, count);
const manifest = await ds.generateShortcutClickMe({ dir, size: 256, count: unique, shards: 4, seed: 1, quality: 90 });
const synthRepeat = Math.max(1, Math.round(count / unique));
console.log(`generated shards in ${((performance.now() - t) / 1000).toFixed(1)} s: ${photoFiles.length ? `${count} records from ${photos.length} real photos, ` : ''}${unique * synthRepeat} synthetic (noisy) reads`);

// CRC-32C
const buf = new Uint8Array(32 << 20).map((_, i) => (i * 2654435761) >>> 24);
const crcOurs = [], crcAws = [];
for (let r = 0; r < REPS; r++) {
  t = performance.now(); ds.crc32c(buf); crcOurs.push(32 / ((performance.now() - t) / 1000));
  t = performance.now(); awsCrc32c(buf); crcAws.push(32 / ((performance.now() - t) / 1000));
}
console.log(`crc32c: ours ${median(crcOurs).toFixed(0)} MB/s, @aws-crypto/crc32c ${median(crcAws).toFixed(0)} MB/s (ratio ${(median(crcOurs) / median(crcAws)).toFixed(1)}×)`);

// Framing + CRC only
let bytes = 0;
const readRates = [];
for (let r = 0; r < REPS; r++) {
  t = performance.now();
  bytes = 0;
  let n = 0;
  for await (const e of ds.interleaveRecords(photoFiles.length ? photoFiles : manifest.files)) { bytes += e.data.length; n++; }
  readRates.push(n / ((performance.now() - t) / 1000));
}
console.log(`readTFRecords (framing + both CRCs): ${median(readRates).toFixed(0)} records/s, mean record ${(bytes / (photoFiles.length ? count : unique) / 1024).toFixed(1)} KiB`);

async function loaderRate(files, repeat, workers, consumerMs = 0) {
  const rates = [];
  const cpus = [];
  for (let r = 0; r < REPS; r++) {
    t = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for await (const b of ds.loadClickMe({ shards: files, batchSize: 64, workers, repeat })) {
      n += b.images.shape[0];
      tf.dispose([b.images, b.heatmaps, b.labels, b.tokens]);
      if (consumerMs) { const until = performance.now() + consumerMs; while (performance.now() < until); } // a busy training step
    }
    rates.push(n / ((performance.now() - t) / 1000));
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000 / n);
  }
  return { rate: median(rates), cpuMs: median(cpus) };
}
const results = {};
const sets = [
  ...(photoFiles.length ? [['real photos', photoFiles, 1]] : []),
  ['synthetic noisy', manifest.files, synthRepeat],
];
for (const [name, files, repeat] of sets) {
  for (const w of ['sync', 1, 2]) {
    const r = await loaderRate(files, repeat, w);
    results[`${name}/${w}`] = r.rate;
    console.log(`${name}: loadClickMe workers=${w}: ${r.rate.toFixed(0)} examples/s, ${r.cpuMs.toFixed(2)} CPU-ms/example (all threads; median of ${REPS})`);
  }
}
// With a consumer that keeps the main thread busy 50 ms per batch of 64 (a training step).
for (const w of ['sync', 2]) {
  const [name, files, repeat] = sets[0];
  const r = await loaderRate(files, repeat, w, 50);
  console.log(`${name}: workers=${w}, consumer busy 50 ms/batch: ${r.rate.toFixed(0)} examples/s (consumer alone: ${(64 / 0.05).toFixed(0)})`);
}
console.log(`load average now: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (the machine is shared: wall-clock rates drop with it)`);

// Python peer: PIL (libjpeg-turbo) + numpy, same records and chain, one process.
try {
  const files = sets[0][1];
  const out = execFileSync('/usr/bin/python3', [join(root, 'tools/bench/datasets_decode_peer.py'), ...files], { encoding: 'utf8' });
  const peer = Number(/examples\/s ([\d.]+)/.exec(out)?.[1]);
  console.log(`${sets[0][0]}: ${out.trim()}`);
  console.log(`ratio loadClickMe(sync) / Python peer: ${(results[`${sets[0][0]}/sync`] / peer).toFixed(2)}×, (2 workers) / peer: ${(results[`${sets[0][0]}/2`] / peer).toFixed(2)}×`);
} catch (err) {
  console.log(`Python peer skipped: ${err.message.split('\n')[0]}`);
}
rmSync(dir, { recursive: true, force: true });
