// `harmonize zoo list | info | convert`.
import * as tf from '@tensorflow/tfjs';
import { getModelEntry, importKerasH5, listModels } from '@harmonization/zoo';
import { selectBackend } from '../backend/select-backend';
import type { CommonOptions } from '../program';
import { saveModelAtomic } from '../train/model-source';
import { CliError } from '../util/cli-error';

type ZooEntry = ReturnType<typeof getModelEntry>;

function entryOrError(name: string): ZooEntry {
  try {
    return getModelEntry(name);
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^Error in \w+: /, ''));
  }
}

export async function zooListCommand(opts: CommonOptions & { json: boolean; _args: string[] }): Promise<void> {
  const names = listModels(opts._args[0]);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(names.map((name) => ({ name, description: entryOrError(name).description })))}\n`);
    return;
  }
  if (names.length === 0) {
    process.stdout.write(`no model matches ${JSON.stringify(opts._args[0])}\n`);
    return;
  }
  const width = Math.max(...names.map((n) => n.length));
  process.stdout.write(`${names.map((n) => `${n.padEnd(width)}  ${entryOrError(n).description}`).join('\n')}\n`);
}

export async function zooInfoCommand(opts: CommonOptions & { json: boolean; _args: string[] }): Promise<void> {
  const name = opts._args[0]!;
  const entry = entryOrError(name);
  const info = {
    name,
    description: entry.description,
    defaultInputShape: entry.defaultInputShape,
    defaultNumClasses: entry.defaultNumClasses,
    minInputSize: entry.minInputSize,
    publishedParams: entry.publishedParams ?? null,
    preprocessing: entry.preprocessing,
    pretrained: entry.pretrained,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const lines = [
    `${name}: ${entry.description}`,
    `  input ${entry.defaultInputShape.join('×')}, ${entry.defaultNumClasses} classes, min side ${entry.minInputSize}${entry.publishedParams ? `, ${entry.publishedParams.toLocaleString('en-US')} parameters (published)` : ''}`,
    `  preprocessing: x·${entry.preprocessing.scale.toPrecision(4)} − mean [${entry.preprocessing.mean.join(', ')}], ÷ std [${entry.preprocessing.std.join(', ')}] (${entry.preprocessing.colorOrder})`,
    ...Object.entries(entry.pretrained).map(([tag, p]) => `  weights .${tag}: ${p.url} (${p.format}${p.sha256 ? `, sha256 ${p.sha256.slice(0, 12)}…` : ', sha256 recorded on first download'}; licence ${p.licence}; ${p.origin})`),
  ];
  if (Object.keys(entry.pretrained).length === 0) lines.push('  no pretrained weights registered');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function zooConvertCommand(opts: CommonOptions & { preprocessLike?: string; _args: string[] }): Promise<void> {
  const [file, outDir] = opts._args as [string, string];
  if (opts.preprocessLike) entryOrError(opts.preprocessLike);
  await selectBackend({ backend: opts.backend, requireGpu: opts.requireGpu });
  let model: tf.LayersModel;
  try {
    model = (await importKerasH5(file)) as unknown as tf.LayersModel;
  } catch (error) {
    throw new CliError(`${file} could not be imported: ${(error as Error).message.replace(/^Error in \w+: /, '').split('\n')[0]}`);
  }
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  const numClasses = (model.outputs[0]?.shape ?? [])[1] as number;
  await saveModelAtomic(outDir, { model, card: { zooName: opts.preprocessLike ?? null, inputShape, numClasses } });
  if (!opts.quiet) process.stderr.write(`wrote ${outDir} (${model.countParams().toLocaleString('en-US')} parameters, ${model.layers.length} layers)\n`);
}
