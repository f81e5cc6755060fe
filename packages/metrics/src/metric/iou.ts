import type { OverlapOptions } from '../functional/dice';
import { iou } from '../functional/iou';
import type { MapsInput } from '../internal/map-batch';
import { checkPercentile } from '../internal/percentile-option';
import { MapMetric, type MapMetricOptions } from './map-metric';

/** Stateful {@link iou}: `update(a, b)` per batch, `compute()` → mean and per-map values. */
export class IoU extends MapMetric {
  private readonly percentile: number;

  constructor(options: OverlapOptions & MapMetricOptions = {}) {
    super(options);
    this.percentile = checkPercentile('IoU', options.percentile);
  }

  protected measure(a: MapsInput, b: MapsInput): number[] {
    return iou(a, b, { percentile: this.percentile });
  }
}
