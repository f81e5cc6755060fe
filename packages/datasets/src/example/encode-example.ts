import { ExampleType, type ExampleFeatures } from './example-schema';

function toLongBits(v: bigint | number, key: string, i: number): { low: number; high: number } {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) {
      throw new Error(`Error in encodeExample: ${key}.int64List[${i}] must be a bigint or a safe integer, got ${v}.`);
    }
    v = BigInt(v);
  }
  if (typeof v !== 'bigint') {
    throw new Error(`Error in encodeExample: ${key}.int64List[${i}] must be a bigint, got ${typeof v}.`);
  }
  if (v < -(2n ** 63n) || v >= 2n ** 63n) {
    throw new Error(`Error in encodeExample: ${key}.int64List[${i}] must fit in int64, got ${v}.`);
  }
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0 };
}

/**
 * Serializes `{ [key]: { bytesList | int64List | floatList } }` as a tf.train.Example (lists
 * packed, as TensorFlow writes them). Exactly zero or one list per feature.
 */
export function encodeExample(features: ExampleFeatures): Uint8Array {
  if (features === null || typeof features !== 'object' || Array.isArray(features)) {
    throw new Error(`Error in encodeExample: features must be an object of features, got ${features === null ? 'null' : Array.isArray(features) ? 'an array' : typeof features}.`);
  }
  const feature: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(features)) {
    if (f === null || typeof f !== 'object') {
      throw new Error(`Error in encodeExample: features.${key} must be an object with one list, got ${f === null ? 'null' : typeof f}.`);
    }
    const kinds = (['bytesList', 'int64List', 'floatList'] as const).filter((k) => f[k] !== undefined);
    if (kinds.length > 1) {
      throw new Error(`Error in encodeExample: features.${key} must set at most one of bytesList, int64List, floatList, got ${kinds.join(' and ')}.`);
    }
    if (f.bytesList) {
      f.bytesList.forEach((b, i) => {
        if (!(b instanceof Uint8Array)) throw new Error(`Error in encodeExample: ${key}.bytesList[${i}] must be a Uint8Array, got ${typeof b}.`);
      });
      feature[key] = { bytesList: { value: f.bytesList } };
    } else if (f.int64List) {
      feature[key] = { int64List: { value: f.int64List.map((v, i) => toLongBits(v, key, i)) } };
    } else if (f.floatList) {
      f.floatList.forEach((v, i) => {
        if (typeof v !== 'number') throw new Error(`Error in encodeExample: ${key}.floatList[${i}] must be a number, got ${typeof v}.`);
      });
      feature[key] = { floatList: { value: f.floatList } };
    } else {
      feature[key] = {};
    }
  }
  return ExampleType.encode({ features: { feature } }).finish();
}
