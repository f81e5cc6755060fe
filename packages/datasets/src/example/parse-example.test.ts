import protobuf from 'protobufjs/light.js';
import { describe, expect, it } from 'vitest';
import { encodeExample } from './encode-example';
import { parseExample } from './parse-example';

// Hand-built wire bytes, so the tests do not only check our encoder against our decoder.
function feature(kind: 1 | 2 | 3, build: (w: protobuf.Writer) => void): Uint8Array {
  const list = protobuf.Writer.create();
  build(list);
  const f = protobuf.Writer.create();
  f.uint32((kind << 3) | 2).bytes(list.finish());
  return f.finish();
}
function example(entries: [string, Uint8Array][]): Uint8Array {
  const features = protobuf.Writer.create();
  for (const [key, value] of entries) {
    const entry = protobuf.Writer.create();
    entry.uint32((1 << 3) | 2).string(key);
    entry.uint32((2 << 3) | 2).bytes(value);
    features.uint32((1 << 3) | 2).bytes(entry.finish());
  }
  const ex = protobuf.Writer.create();
  ex.uint32((1 << 3) | 2).bytes(features.finish());
  return ex.finish();
}

describe('parseExample / encodeExample', () => {
  it('decodes unpacked and packed int64 / float lists and bytes, in any key order', () => {
    const unpackedInt = feature(3, (w) => {
      for (const v of [1, -2, 2 ** 40]) w.uint32((1 << 3) | 0).int64(v);
    });
    const packedInt = feature(3, (w) => {
      w.uint32((1 << 3) | 2).fork();
      w.int64('-9223372036854775808').int64(7);
      w.ldelim();
    });
    const unpackedFloat = feature(2, (w) => {
      for (const v of [0.5, -1.25]) w.uint32((1 << 3) | 5).float(v);
    });
    const packedFloat = feature(2, (w) => {
      w.uint32((1 << 3) | 2).fork().float(3.14).float(1e30).ldelim();
    });
    const bytes = feature(1, (w) => {
      w.uint32((1 << 3) | 2).bytes(new Uint8Array([0, 10, 13, 255]));
      w.uint32((1 << 3) | 2).bytes(new Uint8Array(0));
    });
    const ex = example([
      ['z', unpackedInt],
      ['a', packedFloat],
      ['m', bytes],
      ['b', packedInt],
      ['y', unpackedFloat],
      ['empty', new Uint8Array(0)],
    ]);
    const parsed = parseExample(ex);
    expect(Object.keys(parsed).sort()).toEqual(['a', 'b', 'empty', 'm', 'y', 'z']);
    expect(parsed.z).toEqual({ int64List: [1n, -2n, 2n ** 40n] });
    expect(parsed.b).toEqual({ int64List: [-(2n ** 63n), 7n] });
    expect(parsed.y).toEqual({ floatList: [0.5, -1.25] });
    expect(parsed.a!.floatList).toEqual([Math.fround(3.14), Math.fround(1e30)]);
    expect(parsed.m!.bytesList!.map((b) => Array.from(b))).toEqual([[0, 10, 13, 255], []]);
    expect(parsed.empty).toEqual({});
  });

  it('round-trips through encodeExample, writing packed lists as TensorFlow does', () => {
    const features = {
      image: { bytesList: [new Uint8Array([1, 2, 3])] },
      label: { int64List: [999n, -1n, 2n ** 62n] },
      weights: { floatList: [0.25, -8] },
      nothing: {},
    };
    const bytes = encodeExample(features);
    expect(parseExample(bytes)).toEqual({ ...features, image: { bytesList: [new Uint8Array([1, 2, 3])] } });
    // Packed: the int64 list is one length-delimited field (tag 0x0a) inside Int64List.
    const manualPacked = feature(3, (w) => {
      w.uint32((1 << 3) | 2).fork().int64(5).ldelim();
    });
    const enc = encodeExample({ k: { int64List: [5n] } });
    expect(Buffer.from(enc).includes(Buffer.from(manualPacked))).toBe(true);
  });

  it('throws clear errors for malformed bytes and bad features', () => {
    expect(() => parseExample(new Uint8Array([0x0a, 0x10, 0x01]))).toThrow(
      /^Error in parseExample: bytes must be a serialized tf.train.Example, got 3 bytes that do not decode \(.+\)\.$/,
    );
    expect(() => parseExample(new Uint8Array([0x0f]))).toThrow(/Error in parseExample: bytes must be a serialized tf.train.Example/);
    expect(() => parseExample('x' as unknown as Uint8Array)).toThrow('Error in parseExample: bytes must be a Uint8Array, got string.');
    expect(() => encodeExample({ k: { int64List: [1.5 as unknown as bigint] } })).toThrow(
      'Error in encodeExample: k.int64List[0] must be a bigint or a safe integer, got 1.5.',
    );
    expect(() => encodeExample({ k: { int64List: [2n ** 63n] } })).toThrow('must fit in int64');
    expect(() => encodeExample({ k: { int64List: [1n], floatList: [1] } })).toThrow(
      'Error in encodeExample: features.k must set at most one of bytesList, int64List, floatList, got int64List and floatList.',
    );
  });
});
