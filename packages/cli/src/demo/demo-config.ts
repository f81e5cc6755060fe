/** Settings of one demo run (the defaults are the recipe of issue #6 / DESIGN.md). */
export interface DemoConfig {
  seed: number;
  steps: number;
  trainSize: number;
  testSize: number;
  imageSize: number;
  classes: number;
  batchSize: number;
  lambda: number;
  lr: number;
  model: string;
  /** Label smoothing and weight decay of BOTH models (0: plain cross-entropy, as the recipe). */
  labelSmoothing: number;
  lambdaWeights: number;
  galleryRows: number;
}

export const DEMO_DEFAULTS: DemoConfig = {
  seed: 0,
  steps: 600,
  trainSize: 4096,
  testSize: 500,
  imageSize: 32,
  classes: 6,
  batchSize: 16,
  lambda: 10,
  lr: 1e-3,
  model: 'tiny_vgg',
  labelSmoothing: 0,
  lambdaWeights: 0,
  galleryRows: 8,
};

/** One split held in memory, ready to be copied to a worker thread. */
export interface DemoSplit {
  count: number;
  size: number;
  /** `[N,H,W,3]` values in [0, 255] (ClickMe convention). */
  images: Float32Array;
  /** `[N,H,W]` human importance maps. */
  heatmaps: Float32Array;
  /** `[N]` class indices. */
  labels: Int32Array;
  /** `[N,H,W]` 1 on the shortcut patch, 0 elsewhere. */
  shortcutMasks: Uint8Array;
}

export interface DemoData {
  train: DemoSplit;
  /** Shortcut colour random: the model must use the object. */
  test: DemoSplit;
  /** Shortcut colour still tells the label. */
  shortcutTest: DemoSplit;
}

export type DemoMode = 'baseline' | 'harmonized';

export interface DemoModelResult {
  mode: DemoMode;
  /** Accuracy on the shortcut-free test split. */
  accuracy: number;
  /** Accuracy on the split where the shortcut still tells the label. */
  shortcutAccuracy: number;
  /** Mean Spearman(saliency, human map) / human ceiling, on the shortcut-free split. */
  alignmentScore: number;
  spearmanMean: number;
  /** Mean share of |saliency| that falls on the 5×5 shortcut patch (its area share is tiny). */
  shortcutSaliencyShare: number;
  /** Final training loss values. */
  finalLoss: Record<string, number>;
  trainSeconds: number;
  evalSeconds: number;
  /** Saliency maps of the first `galleryRows` shortcut-free test images, `[G,H,W]`. */
  galleryMaps: Float32Array;
  backend: string;
}
