import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildOptions } from '../models/model-options';

/** How a weights file is laid out. */
export type WeightsFormat =
  /** `model.save(...)`: `model_config` + `model_weights/<layer>/…`. */
  | 'keras-h5-full'
  /** `model.save_weights(...)`: `/<layer>/…` only; the architecture comes from our builder. */
  | 'keras-h5-weights';

/** Input preprocessing: `(x * scale − mean) / std` per channel on RGB NHWC input in [0, 255]. */
export interface PreprocessConfig {
  colorOrder: 'RGB';
  /** Multiplier applied first (1/255 maps [0, 255] to [0, 1]). */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
}

/** A pretrained-weights configuration, one per `arch.tag` (e.g. `resnet50.harmonized`). */
export interface PretrainedConfig {
  tag: string;
  /** Where the file is fetched from. */
  url: string;
  /** File name inside the cache folder. */
  fileName: string;
  format: WeightsFormat;
  /** Hex sha256 of the file when published; otherwise the first download records one (see README). */
  sha256?: string;
  /** Byte size when published. */
  size?: number;
  /** [height, width, channels] the weights were trained at. */
  inputShape: [number, number, number];
  numClasses: number;
  preprocessing: PreprocessConfig;
  licence: string;
  /** Paper / repository / library the weights come from. */
  origin: string;
  /** Free-form notes (head activation, naming library, …). */
  notes?: string;
}

export type ModelBuilder = (options: ModelBuildOptions) => tfl.LayersModel;

/** What `registerModel` stores for one architecture. */
export interface ModelEntry {
  builder: ModelBuilder;
  /** One line for tables and `harmonize zoo list`. */
  description: string;
  defaultInputShape: [number, number, number];
  defaultNumClasses: number;
  /** Smallest height/width the architecture accepts (pools / patch size). */
  minInputSize: number;
  /** Name of the classifier layer (re-initialised when `numClasses` differs from the weights'). */
  classifier: string;
  /**
   * Other names the classifier has in files of the same architecture (keras_applications' ResNets
   * call it `probs`, tf.keras' `predictions`); such a layer in a weights file loads as `classifier`.
   */
  classifierAliases?: string[];
  /** Published parameter count at the default shape, for the record and the tests. */
  publishedParams?: number;
  preprocessing: PreprocessConfig;
  /** Pretrained configurations by tag; the first one is the default. */
  pretrained: Record<string, PretrainedConfig>;
  /**
   * Alternative layouts of the same architecture (e.g. ResNet50 v1 and v2 naming). When weights are
   * loaded, the first layout whose markers the file holds is built (else `builder`).
   */
  layouts?: Array<{
    name: string;
    builder: ModelBuilder;
    /** Layer names only this layout has; a file holding all of them selects it. */
    markers: string[];
  }>;
}
