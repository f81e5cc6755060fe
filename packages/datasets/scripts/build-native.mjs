// Builds the native decode path (libjpeg-turbo + the ClickMe chain in C) with the node-gyp that
// ships inside npm.
//   node scripts/build-native.mjs             fails loudly (build:native, CI)
//   node scripts/build-native.mjs --optional  never fails (npm install): prints why and leaves the
//                                             package on sharp + TypeScript
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const optional = process.argv.includes('--optional');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function finish(ok, message) {
  if (ok) {
    console.log(`@harmonization/datasets: ${message}`);
  } else if (optional) {
    console.warn(`@harmonization/datasets: native decoder skipped (${message}); JPEGs decode through sharp instead. ` +
      'For the faster path: apt-get install -y g++ make python3 libjpeg62-turbo-dev, then npm rebuild @harmonization/datasets.');
  } else {
    console.error(`@harmonization/datasets: native build failed: ${message}`);
  }
  process.exit(ok || optional ? 0 : 1);
}

if (process.env.HARMONIZATION_DATASETS_NATIVE === '0') finish(false, 'HARMONIZATION_DATASETS_NATIVE=0');
if (!existsSync('/usr/include/jpeglib.h')) finish(false, 'no jpeglib.h: install libjpeg62-turbo-dev (or libjpeg-dev)');
const npmGyp = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
const gyp = [process.env.npm_config_node_gyp, npmGyp].find((p) => p && existsSync(p));
// Build against the installed Node headers (no download: this machine may be offline).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir || (existsSync(path.join(prefix, 'include/node/common.gypi')) ? prefix : undefined);
const args = ['rebuild', '--directory', 'native', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const res = spawnSync(gyp ? process.execPath : 'node-gyp', gyp ? [gyp, ...args] : args, {
  cwd: root,
  stdio: optional ? 'pipe' : 'inherit',
  encoding: 'utf8',
});
if (res.error) finish(false, `node-gyp not runnable: ${res.error.message}`);
if (res.status !== 0) finish(false, `node-gyp exited with ${res.status}: ${`${res.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ')}`);
finish(true, 'native decoder built (native/build/Release/harmonization_datasets.node)');
