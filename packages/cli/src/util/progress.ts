// Progress for long commands: a cli-progress bar on a TTY, plain lines otherwise (CI logs,
// pipes), nothing with --quiet. Always on stderr, so stdout stays clean for --json.
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  quiet?: boolean;
  /** Defaults to process.stderr.isTTY. */
  tty?: boolean;
  stream?: NodeJS.WriteStream;
}

export interface ProgressTask {
  /** Sets the count of finished units and an optional short status. */
  update(done: number, status?: string): void;
  stop(finalStatus?: string): void;
}

export class Progress {
  private readonly quiet: boolean;
  private readonly tty: boolean;
  private readonly stream: NodeJS.WriteStream;

  constructor(options: ProgressOptions = {}) {
    this.quiet = options.quiet ?? false;
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
  }

  /** A line of information (suppressed by --quiet). */
  info(line: string): void {
    if (!this.quiet) this.stream.write(`${line}\n`);
  }

  /** Starts a task of `total` units labelled `label`. */
  task(label: string, total: number): ProgressTask {
    if (this.quiet) return { update() {}, stop() {} };
    if (this.tty) {
      const bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {value}/{total} {status} | eta {eta_formatted}`, stream: this.stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { status: '' });
      return {
        update: (done, status) => bar.update(done, { status: status ?? '' }),
        stop: (finalStatus) => {
          if (finalStatus !== undefined) bar.update({ status: finalStatus });
          bar.stop();
        },
      };
    }
    // Plain lines: at most every 10 % or every 15 s, whichever comes first.
    const start = Date.now();
    let lastTime = start;
    let lastTenth = 0;
    return {
      update: (done, status) => {
        const tenth = Math.floor((10 * done) / Math.max(total, 1));
        const now = Date.now();
        if (tenth > lastTenth || now - lastTime > 15_000) {
          lastTenth = tenth;
          lastTime = now;
          const secs = ((now - start) / 1000).toFixed(1);
          this.stream.write(`${label} ${done}/${total}${status ? ` ${status}` : ''} (${secs} s)\n`);
        }
      },
      stop: (finalStatus) => {
        const secs = ((Date.now() - start) / 1000).toFixed(1);
        this.stream.write(`${label} done${finalStatus ? ` ${finalStatus}` : ''} (${secs} s)\n`);
      },
    };
  }
}
