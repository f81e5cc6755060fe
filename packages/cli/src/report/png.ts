// PNG output with sharp: SVG rasterisation, and galleries composed from raw pixel tiles.
import sharp from 'sharp';

/** Rasterises SVG text to PNG bytes. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** One gallery tile: `rgb` values in [0, 1] (H·W·3), or a `map` (H·W) shown with a colour map. */
export type Tile = { kind: 'rgb'; data: Float32Array; height: number; width: number } | { kind: 'map'; data: Float32Array; height: number; width: number };

// A perceptually ordered map (approximating "inferno": black → purple → orange → yellow).
const STOPS: Array<[number, number, number]> = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function colourMap(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

/** Tile pixels as RGB bytes; maps are scaled to their own min..max for display. */
export function tileToRgb(tile: Tile): Uint8Array {
  const n = tile.height * tile.width;
  const out = new Uint8Array(n * 3);
  if (tile.kind === 'rgb') {
    for (let i = 0; i < n * 3; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, tile.data[i] ?? 0)));
    return out;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = tile.data[i] ?? 0;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo > 1e-12 ? hi - lo : 1;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = colourMap(((tile.data[i] ?? 0) - lo) / span);
    out[3 * i] = Math.round(r);
    out[3 * i + 1] = Math.round(g);
    out[3 * i + 2] = Math.round(b);
  }
  return out;
}

/**
 * A grid of tiles (rows × columns, all tiles the same size), each enlarged `scale`× with
 * nearest-neighbour so single pixels stay visible, `gap` white pixels between tiles, and an
 * optional header of column titles rendered from SVG.
 */
export async function composeGallery(rows: Tile[][], options: { scale?: number; gap?: number; titles?: string[] } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 4;
  const gap = options.gap ?? 4;
  const first = rows[0]?.[0];
  if (!first) throw new Error('Error in composeGallery: rows must hold at least one tile, got none.');
  const th = first.height * scale;
  const tw = first.width * scale;
  const cols = Math.max(...rows.map((r) => r.length));
  const header = options.titles ? 28 : 0;
  const width = cols * tw + (cols + 1) * gap;
  const height = header + rows.length * th + (rows.length + 1) * gap;
  const canvas = new Uint8Array(width * height * 3).fill(255);
  rows.forEach((row, r) => {
    row.forEach((tile, c) => {
      const rgb = tileToRgb(tile);
      const x0 = gap + c * (tw + gap);
      const y0 = header + gap + r * (th + gap);
      for (let y = 0; y < th; y++) {
        const sy = Math.floor(y / scale);
        for (let x = 0; x < tw; x++) {
          const sx = Math.floor(x / scale);
          const src = 3 * (sy * tile.width + sx);
          const dst = 3 * ((y0 + y) * width + x0 + x);
          canvas[dst] = rgb[src]!;
          canvas[dst + 1] = rgb[src + 1]!;
          canvas[dst + 2] = rgb[src + 2]!;
        }
      }
    });
  });
  let image = sharp(Buffer.from(canvas), { raw: { width, height, channels: 3 } });
  if (options.titles) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${header}">${options.titles
      .map((t, c) => `<text x="${gap + c * (tw + gap) + tw / 2}" y="19" font-size="13" font-family="DejaVu Sans, Arial, sans-serif" text-anchor="middle">${t.replace(/[<>&]/g, '')}</text>`)
      .join('')}</svg>`;
    image = sharp(await image.png().toBuffer()).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]);
  }
  return new Uint8Array(await image.png().toBuffer());
}
