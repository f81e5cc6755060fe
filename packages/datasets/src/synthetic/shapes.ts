/** The six object classes of the synthetic shortcut dataset, in label order. */
export const SHORTCUT_SHAPES = ['disk', 'square', 'triangle', 'plus', 'ring', 'horizontal bar'] as const;
export type ShortcutShape = (typeof SHORTCUT_SHAPES)[number];

/**
 * Binary mask `[size, size]` (1 inside) of `shape` centred at (cx, cy) with radius r (pixels),
 * tested at pixel centres.
 */
export function shapeMask(shape: ShortcutShape, size: number, cx: number, cy: number, r: number): Float32Array {
  const m = new Float32Array(size * size);
  const apexY = cy - r;
  const baseY = cy + 0.75 * r;
  for (let y = 0; y < size; y++) {
    const dy = y + 0.5 - cy;
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - cx;
      const ax = Math.abs(dx);
      const ay = Math.abs(dy);
      let inside: boolean;
      switch (shape) {
        case 'disk':
          inside = dx * dx + dy * dy <= r * r;
          break;
        case 'square':
          inside = ax <= 0.8 * r && ay <= 0.8 * r;
          break;
        case 'triangle': {
          const py = y + 0.5;
          inside = py >= apexY && py <= baseY && ax <= ((py - apexY) / (baseY - apexY)) * r;
          break;
        }
        case 'plus':
          inside = (ax <= 0.3 * r && ay <= r) || (ay <= 0.3 * r && ax <= r);
          break;
        case 'ring': {
          const d2 = dx * dx + dy * dy;
          inside = d2 <= r * r && d2 >= 0.55 * 0.55 * r * r;
          break;
        }
        case 'horizontal bar':
          inside = ax <= r && ay <= 0.3 * r;
          break;
      }
      if (inside) m[y * size + x] = 1;
    }
  }
  return m;
}
