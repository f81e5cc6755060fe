// Registers the zoo's custom layer classes with tfjs serialization, so models that use them can be
// saved, loaded and rebuilt from a config. Explicit (no import side effects); idempotent.
import * as tf from '@tensorflow/tfjs-core';
import { AddPositionEmbs } from './add-position-embs';
import { AttentionScores } from './attention-scores';
import { ChannelAffine } from './channel-affine';
import { ClassToken } from './class-token';
import { ExtractToken } from './extract-token';
import { GeluTanh } from './gelu-tanh';
import { HardSwish } from './hard-swish';
import { MergeHeads } from './merge-heads';
import { MultiHeadPositionalEmbedding } from './multi-head-positional-embedding';
import { MultiHeadRelativePositionalEmbedding } from './multi-head-relative-positional-embedding';
import { SpatialSubsample } from './spatial-subsample';
import { SplitHeads } from './split-heads';
import { TransformerBlock } from './transformer-block';
import { WindowPartition, WindowReverse } from './window-partition';

/** Every custom layer class of the zoo, by its serialized class name. */
export const ZOO_LAYER_CLASSES = [
  AddPositionEmbs,
  AttentionScores,
  ChannelAffine,
  ClassToken,
  ExtractToken,
  GeluTanh,
  HardSwish,
  MergeHeads,
  MultiHeadPositionalEmbedding,
  MultiHeadRelativePositionalEmbedding,
  SpatialSubsample,
  SplitHeads,
  TransformerBlock,
  WindowPartition,
  WindowReverse,
] as const;

/** Registers {@link ZOO_LAYER_CLASSES} with `tf.serialization` (safe to call many times). */
export function registerZooLayers(): void {
  for (const cls of ZOO_LAYER_CLASSES) {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
  }
}
