// Builds the native addon with the node-gyp that ships inside npm.
//   node scripts/build-native.mjs             fails loudly (build:native)
//   node scripts/build-native.mjs --optional  never fails (npm install): prints why and leaves the
//                                             package on its pure-JS fallback
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const optional = process.argv.includes('--optional');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

function finish(ok, message) {
  if (ok) {
    console.log(`@harmonization/accelerator: ${message}`);
    process.exit(0);
  }
  if (optional) {
    console.warn(`@harmonization/accelerator: native build skipped (${message}); the cpu backend runs unaccelerated. ` +
      'See packages/accelerator/README.md (apt-get install -y g++ make python3 libopenblas-dev).');
    process.exit(0);
  }
  console.error(`@harmonization/accelerator: native build failed: ${message}`);
  process.exit(1);
}

if (process.env.HARMONIZATION_ACCELERATOR === '0') finish(false, 'HARMONIZATION_ACCELERATOR=0');
if (!existsSync('/usr/include/x86_64-linux-gnu/cblas.h') && !existsSync('/usr/include/cblas.h') &&
    !existsSync('/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h')) {
  finish(false, 'no cblas.h: install libopenblas-dev');
}
// Build against the installed Node headers (no download: this machine may be offline).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = process.env.npm_config_nodedir ||
  (existsSync(path.join(prefix, 'include/node/common.gypi')) ? prefix : undefined);
const gypArgs = ['rebuild', '--directory', 'native', ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
const gyp = nodeGyp();
const spawnOptions = { cwd: root, stdio: optional ? 'pipe' : 'inherit', encoding: 'utf8' };
const res = gyp
  ? spawnSync(process.execPath, [gyp, ...gypArgs], spawnOptions)
  : spawnSync('node-gyp', gypArgs, spawnOptions);
if (res.error) finish(false, `node-gyp not runnable: ${res.error.message}`);
if (res.status !== 0) {
  const tail = `${res.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  finish(false, `node-gyp exited with ${res.status}${tail ? `: ${tail}` : ''}`);
}
finish(true, 'native kernels built (native/build/Release/harmonization_accelerator.node)');
