// `harmonize pack`: folders of images and human maps → ClickMe-schema TFRecord shards.
import { readFileSync } from 'node:fs';
import { packClickMe } from '@harmonization/datasets';
import type { CommonOptions } from '../program';
import { CliError, usageError } from '../util/cli-error';
import { Progress } from '../util/progress';

export async function packCommand(opts: CommonOptions & { images: string; maps: string; out: string; labels?: string; label: number; size: number; perShard: number }): Promise<void> {
  const progress = new Progress({ quiet: opts.quiet });
  let labels: Record<string, number> | ((name: string) => number) = () => opts.label;
  if (opts.labels) {
    try {
      labels = JSON.parse(readFileSync(opts.labels, 'utf8')) as Record<string, number>;
    } catch (error) {
      throw usageError(`--labels ${opts.labels} could not be read as a JSON object: ${(error as Error).message.split('\n')[0]}.`);
    }
  }
  let task: ReturnType<Progress['task']> | null = null;
  try {
    const result = await packClickMe({
      images: opts.images,
      heatmaps: opts.maps,
      labels,
      out: opts.out,
      size: opts.size,
      shardSize: opts.perShard,
      onProgress: (p) => {
        task ??= progress.task('pack', p.total);
        task.update(p.records);
      },
    });
    (task as ReturnType<Progress['task']> | null)?.stop();
    progress.info(`wrote ${result.count} records in ${result.shards.length} shard(s) to ${opts.out}`);
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^Error in packClickMe: /, 'pack: '));
  }
}
