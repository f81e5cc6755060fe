// train → checkpoint → kill -9 mid-run → resume gives the same final weights, bit for bit, as an
// uninterrupted run with the same seed. Then eval of the trained model on the synthetic shards.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, startCli } from './run-cli';

beforeAll(() => assertBuilt());

const root = mkdtempSync(join(tmpdir(), 'harmonize-train-'));

function weightsBytes(run: string): Buffer {
  const dir = join(run, 'model');
  const bins = readdirSync(dir).filter((f) => f.endsWith('.bin')).sort();
  return Buffer.concat(bins.map((b) => readFileSync(join(dir, b))));
}

const STEPS = 12;
const TRAIN = ['train', '--data', '', '--no-blur', '--model', 'tiny_vgg', '--image-size', '16', '--num-classes', '6', '--steps', String(STEPS), '--batch-size', '8', '--checkpoint-every', '3', '--seed', '3', '-q'];
const trainArgs = (dataDir: string, out: string, extra: string[] = []) => [...TRAIN.map((a) => (a === '' ? dataDir : a)), '--out', out, ...extra];

describe('harmonize train / resume / eval', () => {
  beforeAll(() => {
    // Generate the synthetic shards through the demo's data path (tiny: one training step).
    const r = runCli(['demo', '--out', join(root, 'demo'), '--steps', '1', '--train-size', '96', '--test-size', '32', '--gallery', '1', '--no-parallel', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 300_000);

  it('resumes exactly after the process is killed mid-run', { timeout: 400_000 }, async () => {
    const train = join(root, 'demo', 'data', 'train');
    const straight = join(root, 'straight');
    const a = runCli(trainArgs(train, straight, ['--mode', 'harmonized', '--lambda-harmonization', '5', '--optimizer', 'adam', '--lr', '0.003']));
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);

    const broken = join(root, 'broken');
    const child = startCli(trainArgs(train, broken, ['--mode', 'harmonized', '--lambda-harmonization', '5', '--optimizer', 'adam', '--lr', '0.003']));
    // Kill it (SIGKILL: no handler runs) once a checkpoint past step 4 exists and before the end.
    const killedAt = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const ckpt = join(broken, 'checkpoints', 'latest', 'checkpoint.json');
        if (!existsSync(ckpt)) return;
        const step = (JSON.parse(readFileSync(ckpt, 'utf8')) as { step: number }).step;
        if (step >= 6) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(step);
        }
      }, 5);
      child.on('exit', (code) => {
        clearInterval(timer);
        if (code === 0) reject(new Error('the run finished before it could be killed'));
      });
    });
    await new Promise((r) => child.on('close', r));
    expect(killedAt).toBeLessThan(STEPS);
    expect(existsSync(join(broken, 'model'))).toBe(false);

    const b = runCli(['train', '--out', broken, '--resume', '-q']);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(weightsBytes(broken).equals(weightsBytes(straight))).toBe(true);
    // the metrics log was cut back to the checkpoint and continued: one line per step
    const lines = readFileSync(join(broken, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number });
    expect(lines.map((l) => l.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
  });

  it('resumes an SGD-Nesterov baseline run with the step schedule exactly too', { timeout: 300_000 }, async () => {
    const train = join(root, 'demo', 'data', 'train');
    // + image-only data mixed in (token 0) by the seeded RNG whose state the checkpoint keeps,
    // + periodic evaluation into metrics.jsonl
    const extra = ['--mode', 'baseline', '--optimizer', 'sgd', '--lr', '0.05', '--schedule', 'step', '--warmup', '0.2',
      '--image-only', join(root, 'demo', 'data', 'test-shortcut'), '--clickme-ratio', '0.5',
      '--eval-data', join(root, 'demo', 'data', 'test'), '--eval-every', '6', '--eval-limit', '16'];
    const straight = join(root, 'sgd-straight');
    expect(runCli(trainArgs(train, straight, extra)).code).toBe(0);
    const log = readFileSync(join(straight, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; lr: number; eval?: { count: number; alignmentScore: number } });
    expect(log.filter((l) => l.eval).map((l) => [l.step, l.eval!.count])).toEqual([[6, 16], [12, 16]]);
    expect(log[0]!.lr).toBeCloseTo(0.05 / 2, 10); // warm-up: 0.2 × 12 steps = 2 steps
    expect(log[11]!.lr).toBeCloseTo(0.05 * 0.001, 10); // past 8/9 of the run
    const parted = join(root, 'sgd-parted');
    // Ctrl-C (SIGINT) after the first checkpoint: the handler removes partial files, exit 130
    const child = startCli(trainArgs(train, parted, extra));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(join(parted, 'checkpoints', 'latest', 'checkpoint.json'))) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 5);
    });
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    if (code === 0) return; // finished before the signal landed: nothing to resume
    expect(code).toBe(130);
    expect(readdirSync(join(parted, 'checkpoints')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const b = runCli(['train', '--out', parted, '--resume', '-q']);
    expect(b.code).toBe(0);
    expect(weightsBytes(parted).equals(weightsBytes(straight))).toBe(true);
  });

  it('refuses to overwrite a run without --resume, and to resume nothing', () => {
    const r = runCli(trainArgs(join(root, 'demo', 'data', 'train'), join(root, 'straight')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --resume to continue it');
    const n = runCli(['train', '--out', join(root, 'nothing-here'), '--resume']);
    expect(n.code).toBe(1);
    expect(n.stderr.trim()).toMatch(/^harmonize: --resume needs a previous run in .*nothing-here/);
  });

  it('evaluates the trained model on the synthetic test shards (--json)', () => {
    const r = runCli(['eval', '--model', join(root, 'straight', 'model'), '--data', join(root, 'demo', 'data', 'test'), '--no-blur', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { count: number; accuracy: number; alignmentScore: number; spearman: number; dice: number; iou: number; perImage: { spearman: number[] } };
    expect(res.count).toBe(32);
    expect(res.perImage.spearman).toHaveLength(32);
    expect(res.accuracy).toBeGreaterThanOrEqual(0);
    expect(res.alignmentScore).toBeCloseTo(res.spearman / 0.6575315343478081, 10);
    expect(res.dice).toBeGreaterThan(0);
  });
});
