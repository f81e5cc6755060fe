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
export { encodeClickMeExample } from './clickme/encode-clickme-example';
export type { ClickMeDecodeOptions } from './clickme/decode-options';
export { resizeBilinear } from './clickme/resize-bilinear';
export { gaussianKernel, CLICKME_BLUR } from './clickme/gaussian-kernel';
export { blurHeatmap } from './clickme/blur-heatmap';
