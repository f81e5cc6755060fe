// tf.train.Example as a protobufjs reflection root (tensorflow/core/example/{example,feature}.proto).
// Built from JSON so no .proto file has to ship. Repeated scalars are written packed, as
// TensorFlow does; the decoder accepts packed and unpacked alike.
import protobuf from 'protobufjs/light.js';

const packed = { packed: true };

const root = protobuf.Root.fromJSON(({
  nested: {
    tensorflow: {
      nested: {
        BytesList: { fields: { value: { rule: 'repeated', type: 'bytes', id: 1 } } },
        FloatList: { fields: { value: { rule: 'repeated', type: 'float', id: 1, options: packed } } },
        Int64List: { fields: { value: { rule: 'repeated', type: 'int64', id: 1, options: packed } } },
        Feature: {
          oneofs: { kind: { oneof: ['bytesList', 'floatList', 'int64List'] } },
          fields: {
            bytesList: { type: 'BytesList', id: 1 },
            floatList: { type: 'FloatList', id: 2 },
            int64List: { type: 'Int64List', id: 3 },
          },
        },
        Features: { fields: { feature: { keyType: 'string', type: 'Feature', id: 1 } } },
        Example: { fields: { features: { type: 'Features', id: 1 } } },
      },
    },
  },
}) as protobuf.INamespace);

export const ExampleType = root.lookupType('tensorflow.Example');

/** One feature of a tf.train.Example: at most one of the three lists is present. */
export interface ExampleFeature {
  bytesList?: Uint8Array[];
  int64List?: bigint[];
  floatList?: number[];
}

/** The feature map of a tf.train.Example, keyed by feature name. */
export type ExampleFeatures = Record<string, ExampleFeature>;
