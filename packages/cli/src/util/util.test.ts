import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { writeDirAtomic, writeFileAtomic } from './atomic-write';
import { applyConfigFile } from './config-file';
import { intArg } from './parsers';
import { Progress } from './progress';
import { SeededRandom, withSeededMathRandom } from './seeded-random';

describe('atomic writes', () => {
  it('replace files and folders and leave no temporary behind, even when filling fails', async () => {
    const root = mkdtempSync(join(tmpdir(), 'harmonize-atomic-'));
    writeFileAtomic(join(root, 'a', 'f.txt'), 'one');
    writeFileAtomic(join(root, 'a', 'f.txt'), 'two');
    expect(readFileSync(join(root, 'a', 'f.txt'), 'utf8')).toBe('two');
    await writeDirAtomic(join(root, 'd'), (tmp) => writeFileSync(join(tmp, 'x'), '1'));
    await writeDirAtomic(join(root, 'd'), (tmp) => writeFileSync(join(tmp, 'y'), '2'));
    expect(readdirSync(join(root, 'd'))).toEqual(['y']);
    await expect(
      writeDirAtomic(join(root, 'd'), (tmp) => {
        writeFileSync(join(tmp, 'z'), '3');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(join(root, 'd'))).toEqual(['y']);
    expect(readdirSync(root).sort()).toEqual(['a', 'd']);
    expect(readdirSync(join(root, 'a'))).toEqual(['f.txt']);
  });
});

describe('config files', () => {
  function program(file: string, argv: string[]) {
    const cmd = new Command('x').exitOverride().option('--steps <n>', 'steps', intArg('--steps', 1), 600).option('--out <dir>', 'out', 'o').option('--config <f>', 'config');
    cmd.parse(['node', 'x', '--config', file, ...argv]);
    applyConfigFile(cmd);
    return cmd.opts();
  }

  it('fills defaults from the file, validates its values like flags, and lets flags win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harmonize-cfg-'));
    const f = join(dir, 'c.json');
    writeFileSync(f, JSON.stringify({ steps: 50, out: 'from-file' }));
    expect(program(f, [])).toMatchObject({ steps: 50, out: 'from-file' });
    expect(program(f, ['--steps', '7'])).toMatchObject({ steps: 7, out: 'from-file' });
    writeFileSync(f, JSON.stringify({ steps: 0 }));
    expect(() => program(f, [])).toThrow('--steps must be an integer ≥ 1, got "0".');
    writeFileSync(f, '[1]');
    expect(() => program(f, [])).toThrow('must hold a JSON object of option values, got an array');
    expect(() => program(join(dir, 'missing.json'), [])).toThrow('could not be read: it does not exist');
  });
});

describe('progress', () => {
  it('writes plain lines when not on a TTY, and nothing when quiet', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let text = '';
    (stream as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
    const p = new Progress({ stream, tty: false });
    const t = p.task('train', 100);
    for (let i = 1; i <= 100; i++) t.update(i, `loss ${i}`);
    t.stop();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(11); // 10 % steps + done
    expect(lines[0]).toMatch(/^train 10\/100 loss 10 \(\d+\.\d s\)$/);
    expect(lines[10]).toMatch(/^train done \(/);
    text = '';
    const q = new Progress({ stream, tty: false, quiet: true });
    q.info('x');
    q.task('a', 3).update(3);
    expect(text).toBe('');
  });
});

describe('SeededRandom', () => {
  it('is deterministic, resumable from its state, and seeds Math.random only inside the call', () => {
    const a = new SeededRandom(42);
    const first = [a.next(), a.next()];
    const b = new SeededRandom(0);
    b.state = new SeededRandom(42).state;
    expect([b.next(), b.next()]).toEqual(first);
    const c = new SeededRandom(42);
    c.next();
    const resumed = new SeededRandom(0);
    resumed.state = c.state;
    expect(resumed.next()).toBe(first[1]);
    const x = withSeededMathRandom(5, () => [Math.random(), Math.random()]);
    expect(withSeededMathRandom(5, () => [Math.random(), Math.random()])).toEqual(x);
    expect(existsSync('/')).toBe(true);
  });
});
