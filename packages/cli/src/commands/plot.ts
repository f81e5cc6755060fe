// `harmonize plot`: accuracy vs alignment over result files (demo results.json, eval --json).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { svgToPng } from '../report/png';
import { renderPlotSvg, type PlotPoint } from '../report/plot-svg';
import { writeFileAtomic } from '../util/atomic-write';
import { usageError } from '../util/cli-error';
import type { CommonOptions } from '../program';

interface ModelResult {
  accuracy: number;
  alignmentScore: number;
}

function isModelResult(v: unknown): v is ModelResult {
  return typeof v === 'object' && v !== null && typeof (v as ModelResult).accuracy === 'number' && typeof (v as ModelResult).alignmentScore === 'number';
}

/** Points from one parsed result file: a demo report gives two, an eval result one. */
export function pointsFromResult(value: unknown, name: string): PlotPoint[] {
  if (typeof value !== 'object' || value === null) return [];
  const v = value as Record<string, unknown>;
  const pts: PlotPoint[] = [];
  for (const group of ['baseline', 'harmonized']) {
    const r = v[group];
    if (isModelResult(r)) pts.push({ label: `${name} ${group}`, group, alignment: r.alignmentScore, accuracy: r.accuracy });
  }
  if (pts.length === 0 && isModelResult(v)) {
    pts.push({ label: name, group: typeof v.model === 'string' ? v.model : name, alignment: v.alignmentScore as number, accuracy: v.accuracy as number });
  }
  return pts;
}

export async function plotCommand(opts: CommonOptions & { out: string; _args: string[] }): Promise<void> {
  const points: PlotPoint[] = [];
  for (const file of opts._args) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw usageError(`${file} could not be read as JSON: ${(error as Error).message.split('\n')[0]}.`);
    }
    const pts = pointsFromResult(parsed, basename(dirname(file)) || basename(file));
    if (pts.length === 0) throw usageError(`${file} holds no accuracy and alignmentScore (expected a demo results.json or eval --json output).`);
    points.push(...pts);
  }
  const svg = renderPlotSvg(points, { title: 'Accuracy vs alignment with human maps' });
  writeFileAtomic(opts.out.replace(/\.png$/i, '') + '.svg', svg);
  writeFileAtomic(opts.out, await svgToPng(svg));
  if (!opts.quiet) process.stderr.write(`wrote ${opts.out} (${points.length} points)\n`);
}
