// Ctrl-C must leave nothing half-written: every temporary path an atomic write is filling is
// registered here, and the SIGINT/SIGTERM handler removes them before exiting (130 / 143).
import { rmSync } from 'node:fs';

const pending = new Set<string>();
let installed = false;

export function trackTemporary(path: string): void {
  pending.add(path);
}

export function untrackTemporary(path: string): void {
  pending.delete(path);
}

/** Removes every registered temporary path (files or folders). */
export function removeTemporaries(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort: the process is going down
    }
  }
  pending.clear();
}

/** Installs the handlers once. `onInterrupt` lets a command say what it kept. */
export function installInterruptHandler(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals) => {
    removeTemporaries();
    write(`\nharmonize: interrupted (${signal}); partial files were removed, completed files and checkpoints are intact.`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
