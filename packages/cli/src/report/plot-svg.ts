// Accuracy vs alignment scatter, the shape of the paper's main figure, as a standalone SVG.

export interface PlotPoint {
  label: string;
  /** Alignment score (x axis). */
  alignment: number;
  /** Accuracy (y axis). */
  accuracy: number;
  /** Points of one group share a colour (e.g. "baseline", "harmonized"). */
  group: string;
  /** Optional error bars (one standard deviation). */
  alignmentStd?: number;
  accuracyStd?: number;
}

const PALETTE = ['#d1495b', '#2e86ab', '#edae49', '#00798c', '#66a182', '#8d96a3', '#30638e', '#003d5b'];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function niceRange(values: number[], pad: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-9) {
    lo -= 0.05;
    hi += 0.05;
  }
  const span = hi - lo;
  return [Math.floor((lo - pad * span) * 20) / 20, Math.ceil((hi + pad * span) * 20) / 20];
}

/** Renders the points; `title` goes on top. Returns SVG text (width × height pixels). */
export function renderPlotSvg(points: PlotPoint[], options: { title?: string; width?: number; height?: number; xLabel?: string; yLabel?: string } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const m = { left: 70, right: 170, top: 46, bottom: 60 };
  const [x0, x1] = niceRange(points.flatMap((p) => [p.alignment - (p.alignmentStd ?? 0), p.alignment + (p.alignmentStd ?? 0)]), 0.1);
  const [y0, y1] = niceRange(points.flatMap((p) => [p.accuracy - (p.accuracyStd ?? 0), p.accuracy + (p.accuracyStd ?? 0)]), 0.1);
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.top + ph - ((y - y0) / (y1 - y0)) * ph;
  const groups = [...new Set(points.map((p) => p.group))];
  const colour = (g: string) => PALETTE[groups.indexOf(g) % PALETTE.length] ?? '#000';
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${m.left + pw / 2}" y="26" font-size="16" text-anchor="middle">${escapeXml(options.title)}</text>`);
  // grid and ticks
  for (let i = 0; i <= 5; i++) {
    const xv = x0 + ((x1 - x0) * i) / 5;
    const yv = y0 + ((y1 - y0) * i) / 5;
    out.push(`<line x1="${sx(xv)}" y1="${m.top}" x2="${sx(xv)}" y2="${m.top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${m.left}" y1="${sy(yv)}" x2="${m.left + pw}" y2="${sy(yv)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${sx(xv)}" y="${m.top + ph + 18}" font-size="12" text-anchor="middle">${xv.toFixed(2)}</text>`);
    out.push(`<text x="${m.left - 8}" y="${sy(yv) + 4}" font-size="12" text-anchor="end">${yv.toFixed(2)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${height - 16}" font-size="13" text-anchor="middle">${escapeXml(options.xLabel ?? 'alignment with human maps (alignment score)')}</text>`);
  out.push(`<text transform="translate(18 ${m.top + ph / 2}) rotate(-90)" font-size="13" text-anchor="middle">${escapeXml(options.yLabel ?? 'accuracy')}</text>`);
  for (const p of points) {
    const c = colour(p.group);
    const cx = sx(p.alignment);
    const cy = sy(p.accuracy);
    if (p.alignmentStd) out.push(`<line x1="${sx(p.alignment - p.alignmentStd)}" y1="${cy}" x2="${sx(p.alignment + p.alignmentStd)}" y2="${cy}" stroke="${c}" stroke-width="1.5"/>`);
    if (p.accuracyStd) out.push(`<line x1="${cx}" y1="${sy(p.accuracy - p.accuracyStd)}" x2="${cx}" y2="${sy(p.accuracy + p.accuracyStd)}" stroke="${c}" stroke-width="1.5"/>`);
    out.push(`<circle cx="${cx}" cy="${cy}" r="6" fill="${c}" stroke="#222" stroke-width="0.8"><title>${escapeXml(`${p.label}: alignment ${p.alignment.toFixed(3)}, accuracy ${p.accuracy.toFixed(3)}`)}</title></circle>`);
  }
  groups.forEach((g, i) => {
    const y = m.top + 12 + i * 22;
    out.push(`<circle cx="${m.left + pw + 20}" cy="${y}" r="6" fill="${colour(g)}" stroke="#222" stroke-width="0.8"/>`);
    out.push(`<text x="${m.left + pw + 32}" y="${y + 4}" font-size="13">${escapeXml(g)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
