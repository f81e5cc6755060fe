// `harmonize download`: the official ClickMe shards into the cache (resume, verify, offline).
import { clickMeCacheDir, downloadClickMe } from '@harmonization/datasets';
import type { CommonOptions } from '../program';
import { CliError } from '../util/cli-error';
import { Progress } from '../util/progress';

export async function downloadCommand(opts: CommonOptions & { split: 'train' | 'val' | 'all'; dir?: string; offline: boolean }): Promise<void> {
  const progress = new Progress({ quiet: opts.quiet });
  const dir = opts.dir ?? clickMeCacheDir();
  const splits: Array<'train' | 'val'> = opts.split === 'all' ? ['val', 'train'] : [opts.split];
  const controller = new AbortController();
  for (const split of splits) {
    let task: ReturnType<Progress['task']> | null = null;
    try {
      const paths = await downloadClickMe({
        split,
        cacheDir: dir,
        offline: opts.offline,
        signal: controller.signal,
        onProgress: (p: { filesTotal: number; filesDone: number; shard: number; bytes: number }) => {
          task ??= progress.task(`download ${split}`, p.filesTotal);
          task.update(p.filesDone, `shard ${p.shard} ${(p.bytes / 1e6).toFixed(1)} MB`);
        },
      });
      (task as ReturnType<Progress['task']> | null)?.stop();
      progress.info(`${split}: ${paths.length} shards in ${dir}`);
    } catch (error) {
      (task as ReturnType<Progress['task']> | null)?.stop('failed');
      throw new CliError(`Downloading the ClickMe ${split} shards failed: ${((error as Error).message.split('\n')[0] ?? '').replace(/^Error in \w+: /, '')}`);
    }
  }
}
