import { ExampleType, type ExampleFeature, type ExampleFeatures } from './example-schema';

interface LongLike {
  low: number;
  high: number;
}
interface RawFeature {
  bytesList?: { value?: Uint8Array[] };
  floatList?: { value?: number[] };
  int64List?: { value?: (LongLike | number)[] };
}

function toBigInt(v: LongLike | number): bigint {
  if (typeof v === 'number') return BigInt(v);
  return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
}

/**
 * Decodes a serialized tf.train.Example into `{ [key]: { bytesList | int64List | floatList } }`.
 * Accepts packed and unpacked lists and any key order. A feature with no list set decodes
 * to `{}`. Byte lists may be views of `bytes`.
 */
export function parseExample(bytes: Uint8Array): ExampleFeatures {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(`Error in parseExample: bytes must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}.`);
  }
  let msg: { features?: { feature?: Record<string, RawFeature> } };
  try {
    msg = ExampleType.decode(bytes) as unknown as typeof msg;
  } catch (err) {
    throw new Error(
      `Error in parseExample: bytes must be a serialized tf.train.Example, got ${bytes.length} bytes that do not decode (${(err as Error).message}).`,
    );
  }
  const out: ExampleFeatures = {};
  const raw = msg.features?.feature ?? {};
  for (const key of Object.keys(raw)) {
    const f = raw[key]!;
    const feature: ExampleFeature = {};
    if (f.bytesList) {
      // Plain Uint8Array views (protobufjs hands out Buffers when given one).
      feature.bytesList = (f.bytesList.value ?? []).map((b) => new Uint8Array(b.buffer, b.byteOffset, b.length));
    }
    else if (f.floatList) feature.floatList = f.floatList.value ?? [];
    else if (f.int64List) feature.int64List = (f.int64List.value ?? []).map(toBigInt);
    out[key] = feature;
  }
  return out;
}
