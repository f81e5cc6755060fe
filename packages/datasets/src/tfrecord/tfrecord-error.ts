/** Why a TFRecord frame was rejected. */
export type TFRecordCorruptionReason = 'length-crc' | 'data-crc' | 'truncated' | 'bad-payload';

/** One rejected frame: where it is and why. `offset` counts bytes of the (decompressed) stream. */
export interface TFRecordCorruption {
  source: string;
  offset: number;
  /** 0-based position of the frame among the frames of this source (valid or not). */
  index: number;
  reason: TFRecordCorruptionReason;
  message: string;
}

/** Thrown for a corrupt or truncated TFRecord frame (and by consumers for a bad payload). */
export class TFRecordCorruptError extends Error {
  readonly source: string;
  readonly offset: number;
  readonly index: number;
  readonly reason: TFRecordCorruptionReason;

  constructor(info: TFRecordCorruption) {
    super(info.message);
    this.name = 'TFRecordCorruptError';
    this.source = info.source;
    this.offset = info.offset;
    this.index = info.index;
    this.reason = info.reason;
  }
}
