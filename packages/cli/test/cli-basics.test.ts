// The binary's conventions: help with examples everywhere, exit codes, one-sentence errors,
// config files under flags, backend selection and the missing-backend messages.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadNative } from '@harmonization/accelerator';
import { nativeDecoderStatus } from '@harmonization/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli';

beforeAll(() => assertBuilt());

// What --backend auto picks here: cpu-native when the accelerator's addon is built, else wasm.
const native = loadNative();
const AUTO = native.addon ? 'cpu-native' : 'wasm';

const COMMANDS = [['demo'], ['zoo'], ['train'], ['eval'], ['download'], ['zoo', 'list'], ['zoo', 'info'], ['zoo', 'convert'], ['saliency'], ['pack'], ['plot'], ['doctor']];

describe('harmonize conventions', () => {
  it('prints help with examples for the program and every command, exit 0', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['demo', 'train', 'eval', 'download', 'zoo', 'saliency', 'pack', 'plot', 'doctor']) expect(top.stdout).toContain(c);
    for (const cmd of COMMANDS) {
      const r = runCli([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout, cmd.join(' ')).toContain('Examples:');
      expect(r.stdout, cmd.join(' ')).toContain(`$ harmonize ${cmd.join(' ')}`);
    }
  });

  it('exits 2 with one sentence on usage mistakes', () => {
    const unknown = runCli(['demo', '--no-such-flag']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--no-such-flag'");
    const badInt = runCli(['demo', '--steps', 'many']);
    expect(badInt.code).toBe(2);
    expect(badInt.stderr.trim()).toBe('harmonize: --steps must be an integer ≥ 1, got "many".');
    const badBackend = runCli(['demo', '--backend', 'tpu']);
    expect(badBackend.code).toBe(2);
    expect(badBackend.stderr).toContain('Allowed choices are auto, tensorflow-gpu, tensorflow, cpu-native, wasm, cpu');
    const missing = runCli(['eval', '--data', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('harmonize: eval needs --model <zoo name or saved model folder>.');
  });

  it('exits 1 with one sentence when an explicit backend is missing, and never falls back', () => {
    const r = runCli(['eval', '--model', 'tiny_vgg', '--data', '/nonexistent', '--backend', 'tensorflow']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('harmonize: Backend tensorflow is unavailable: @tensorflow/tfjs-node is not installed (install it with `npm install @tensorflow/tfjs-node`); use --backend auto, wasm or cpu.');
    const gpu = runCli(['eval', '--model', 'tiny_vgg', '--data', '/nonexistent', '--require-gpu']);
    expect(gpu.code).toBe(1);
    expect(gpu.stderr).toMatch(/^harmonize: --require-gpu was given but the GPU backend is unavailable: @tensorflow\/tfjs-node-gpu is not installed/);
    expect(gpu.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports an installed but broken tfjs-node (found through NODE_PATH) as such', () => {
    const root = mkdtempSync(join(tmpdir(), 'harmonize-nodepath-'));
    const pkg = join(root, '@tensorflow', 'tfjs-node');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), "throw new Error('The specified module could not be found: tfjs_binding.node');");
    const r = runCli(['eval', '--model', 'tiny_vgg', '--data', '/nonexistent', '--backend', 'tensorflow'], { env: { NODE_PATH: root } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'harmonize: Backend tensorflow is unavailable: @tensorflow/tfjs-node is installed but failed to load: The specified module could not be found: tfjs_binding.node; use --backend auto, wasm or cpu.',
    );
    const doctor = JSON.parse(runCli(['doctor', '--json'], { env: { NODE_PATH: root } }).stdout) as { backends: Array<{ backend: string; reason: string | null }>; auto: string };
    expect(doctor.backends.find((b) => b.backend === 'tensorflow')?.reason).toContain('installed but failed to load');
    expect(doctor.auto).toBe(AUTO);
  });

  it('doctor reports versions, every backend, the CUDA libraries and what auto picks', () => {
    const r = runCli(['doctor', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      tfjs: string;
      auto: string;
      backends: Array<{ backend: string; loaded: boolean }>;
      accelerator: { loaded: boolean; binary: string | null; reason: string | null; threads?: number; convolution?: string };
      jpegDecoder: { native: boolean; path?: string; reason?: string };
      cudaLibraries: Array<{ name: string }>;
    };
    expect(report.jpegDecoder).toEqual(nativeDecoderStatus());
    expect(report.tfjs).toBe('4.22.0');
    expect(report.auto).toBe(AUTO);
    expect(report.backends.map((b) => [b.backend, b.loaded])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['cpu-native', native.addon !== null],
      ['wasm', true],
      ['cpu', true],
    ]);
    expect(report.cudaLibraries.map((l) => l.name)).toEqual(['libcudart.so.11.0', 'libcudnn.so.8']);
    if (native.addon) {
      expect(report.accelerator).toMatchObject({ loaded: true, binary: native.path, reason: null });
      expect(report.accelerator.threads).toBeGreaterThanOrEqual(1);
      expect(['onednn', 'openblas']).toContain(report.accelerator.convolution);
    } else {
      expect(report.accelerator).toMatchObject({ loaded: false, binary: null, reason: native.reason });
    }
    const text = runCli(['doctor']);
    expect(text.stdout).toContain(`--backend auto picks: ${AUTO}`);
    expect(text.stdout).toContain(native.addon ? `addon loaded: ${native.path}` : `unavailable: ${native.reason}`);
    expect(text.stdout).toContain('libcudart.so.11.0');
  });

  it('doctor and auto without the native addon (HARMONIZATION_ACCELERATOR=0): says why, picks wasm', () => {
    const report = JSON.parse(runCli(['doctor', '--json'], { env: { HARMONIZATION_ACCELERATOR: '0' } }).stdout) as {
      auto: string;
      accelerator: { loaded: boolean; reason: string };
      backends: Array<{ backend: string; loaded: boolean; reason: string | null }>;
    };
    expect(report.auto).toBe('wasm');
    expect(report.accelerator).toMatchObject({ loaded: false, reason: 'disabled by HARMONIZATION_ACCELERATOR=0' });
    expect(report.backends.find((b) => b.backend === 'cpu-native')).toMatchObject({ loaded: false, reason: 'disabled by HARMONIZATION_ACCELERATOR=0' });
    const r = runCli(['eval', '--model', 'tiny_vgg', '--data', '/nonexistent', '--backend', 'cpu-native'], { env: { HARMONIZATION_ACCELERATOR: '0' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('harmonize: Backend cpu-native is unavailable: disabled by HARMONIZATION_ACCELERATOR=0; use --backend auto, wasm or cpu.');
    const noDecoder = runCli(['doctor'], { env: { HARMONIZATION_DATASETS_NATIVE: '0' } });
    expect(noDecoder.stdout).toContain('sharp (slower; native decoder unavailable: disabled by HARMONIZATION_DATASETS_NATIVE=0)');
  });

  it('takes option values from --config, lets flags override them, and rejects unknown keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harmonize-config-'));
    const results = join(dir, 'results.json');
    writeFileSync(results, JSON.stringify({ baseline: { accuracy: 0.5, alignmentScore: 0.3 }, harmonized: { accuracy: 0.7, alignmentScore: 0.6 } }));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ out: join(dir, 'from-config.png') }));
    expect(runCli(['plot', results, '--config', join(dir, 'config.json'), '-q']).code).toBe(0);
    expect((await sharp(join(dir, 'from-config.png')).metadata()).format).toBe('png');
    expect(readFileSync(join(dir, 'from-config.svg'), 'utf8')).toContain('harmonized');
    expect(runCli(['plot', results, '--config', join(dir, 'config.json'), '--out', join(dir, 'from-flag.png'), '-q']).code).toBe(0);
    expect((await sharp(join(dir, 'from-flag.png')).metadata()).width).toBe(640);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ outt: 'x' }));
    const bad = runCli(['plot', results, '--config', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has an unknown key "outt"');
  });
});
