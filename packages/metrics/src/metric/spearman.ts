import { spearman } from '../functional/spearman';
import type { MapsInput } from '../internal/map-batch';
import { MapMetric } from './map-metric';

/** Stateful {@link spearman}: `update(a, b)` per batch, `compute()` → mean and per-map values. */
export class Spearman extends MapMetric {
  protected measure(a: MapsInput, b: MapsInput): number[] {
    return spearman(a, b);
  }
}
