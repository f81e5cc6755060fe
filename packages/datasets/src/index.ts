// @harmonization/datasets — public API (explicit named exports).

// TFRecord and tf.train.Example
export {
  readTFRecords,
  type ReadTFRecordsOptions,
  type TFRecordCompression,
  type TFRecordEntry,
  type TFRecordReadStats,
  type TFRecordStream,
} from './tfrecord/read-tfrecords';
export { writeTFRecords, frameTFRecord, type WriteTFRecordsOptions } from './tfrecord/write-tfrecords';
export { TFRecordCorruptError, type TFRecordCorruption, type TFRecordCorruptionReason } from './tfrecord/tfrecord-error';
export { crc32c, maskedCrc32c } from './tfrecord/crc32c';
export { parseExample } from './example/parse-example';
export { encodeExample } from './example/encode-example';
export type { ExampleFeature, ExampleFeatures } from './example/example-schema';

// ClickMe decode chain
export { decodeClickMe, type ClickMeExample } from './clickme/decode-clickme';
export { decodeClickMeArrays, decodeImageRaw, type ClickMeExampleArrays } from './clickme/decode-clickme-arrays';
export { nativeDecoderStatus, type NativeDecoderStatus } from './clickme/native-decoder';
export { encodeClickMeExample } from './clickme/encode-clickme-example';
export type { ClickMeDecodeOptions, DctMethod } from './clickme/decode-options';
export { resizeBilinear } from './clickme/resize-bilinear';
export { gaussianKernel, CLICKME_BLUR } from './clickme/gaussian-kernel';
export { blurHeatmap, blurHeatmapGaussian } from './clickme/blur-heatmap';

// Downloads (shared with @harmonization/zoo for weights)
export { harmonizationHome } from './download/harmonization-home';
export {
  downloadFile,
  downloadDestination,
  sha256File,
  type DownloadFileOptions,
  type DownloadProgress,
  type DownloadResult,
} from './download/download-file';
export {
  CLICKME_BASE_URL,
  CLICKME_SHARD_COUNTS,
  clickMeShardFileName,
  clickMeShardUrl,
  clickMeShardUrls,
  type ClickMeSplit,
} from './download/clickme-urls';
export { downloadClickMe, clickMeCacheDir, type DownloadClickMeOptions, type ClickMeDownloadProgress } from './download/download-clickme';

// .npy / .npz, and the per-image ClickMe .npz distribution
export { readNpy, npyToNumbers, type NpyArray, type NpyData } from './npz/read-npy';
export { readNpz, readNpzBytes, type ReadNpzOptions } from './npz/read-npz';
export { openZip, type ZipArchive, type ZipEntry } from './npz/zip-archive';
export {
  readClickMeNpz,
  decodeClickMeNpzArrays,
  readClickMeNpzCollection,
  type ClickMeNpzOptions,
  type ClickMeNpzEntry,
} from './npz/read-clickme-npz';

// ImageNet-1k label space
export {
  IMAGENET_CLASSES,
  IMAGENET_NUM_CLASSES,
  IMAGENET_FIRST_NON_ANIMAL,
  imagenetClass,
  imagenetShortLabel,
  imagenetAliasKey,
  imagenetAliasMap,
  lookupImageNetAlias,
  isAnimalClass,
  type ImageNetClass,
} from './imagenet/imagenet-classes';

// Clicktionary psychophysics data
export {
  loadClicktionary,
  readClicktionaryHuman,
  parseClicktionaryName,
  clicktionaryRevealedPercent,
  CLICKTIONARY_EXPERIMENTS,
  CLICKTIONARY_DIFFICULTIES,
  CLICKTIONARY_HUMAN_FILE,
  type ClicktionaryData,
  type ClicktionaryDifficulty,
  type ClicktionaryHumanCurve,
  type ClicktionaryStimulus,
  type LoadClicktionaryOptions,
} from './clicktionary/load-clicktionary';
export { readClicktionaryImage } from './clicktionary/read-clicktionary-image';

// Pack your own ClickMe-schema shards
export { packClickMe, type PackClickMeOptions, type PackClickMeResult } from './pack/pack-clickme';

// ClickMe loading
export { loadClickMe, loadClickMeExamples, resolveShards, type LoadClickMeOptions } from './clickme/load-clickme';
export { makeClickMeBatch, type ClickMeBatch, type BatchItem } from './clickme/make-clickme-batch';
export { mixDatasets, type MixDatasetsOptions, type MixClickMeExample, type ImageOnlyExample } from './clickme/mix-datasets';
export { listClickMeShards } from './clickme/list-clickme-shards';
export { interleaveRecords, type InterleaveOptions } from './clickme/interleave-records';
export { shuffleBuffer } from './clickme/shuffle-buffer';
export { SeededRandom } from './random/seeded-random';

// Synthetic shortcut ClickMe
export {
  generateShortcutClickMe,
  encodeShortcutExample,
  type GenerateShortcutClickMeOptions,
  type ShortcutClickMeManifest,
} from './synthetic/generate-shortcut-clickme';
export { generateShortcutClickMeArrays, type ShortcutArrays } from './synthetic/generate-shortcut-clickme-arrays';
export { SHORTCUT_SHAPES, shapeMask, type ShortcutShape } from './synthetic/shapes';
export { SHORTCUT_HUES, SHORTCUT_PATCH, renderShortcutExample, type ShortcutExample } from './synthetic/render-shortcut-example';
export type { ShortcutDatasetOptions, ShortcutSplit } from './synthetic/shortcut-options';
