// Atomic writes: fill a temporary sibling, then rename it over the target (rename is atomic on
// one filesystem), so a reader or a crash sees the old file or the new one, never a mix.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { trackTemporary, untrackTemporary } from './interrupt';

function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.floor(Math.random() * 1e9).toString(36)}`);
}

/** Writes `data` to `path` atomically, creating parent folders. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = temporarySibling(path);
  trackTemporary(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    untrackTemporary(tmp);
    rmSync(tmp, { force: true });
  }
}

/** JSON with two-space indentation and a final newline, written atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Fills a folder atomically: `fill(tmpDir)` writes into a temporary sibling, which then
 * replaces `dir` (the previous version is moved aside first and removed after).
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void> | void): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = temporarySibling(dir);
  const old = `${tmp}.old`;
  trackTemporary(tmp);
  try {
    mkdirSync(tmp, { recursive: true });
    await fill(tmp);
    if (existsSync(dir)) {
      trackTemporary(old);
      renameSync(dir, old);
    }
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    untrackTemporary(tmp);
    untrackTemporary(old);
    rmSync(tmp, { recursive: true, force: true });
  }
}
