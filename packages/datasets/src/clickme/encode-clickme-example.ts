import { encodeExample } from '../example/encode-example';

/** Serializes one ClickMe record (SPEC §2.2): `image` and `heatmap` JPEG bytes, `label` int64. */
export function encodeClickMeExample(example: { image: Uint8Array; heatmap: Uint8Array; label: number | bigint }): Uint8Array {
  const label = typeof example.label === 'bigint' ? example.label : BigInt(example.label);
  return encodeExample({
    image: { bytesList: [example.image] },
    heatmap: { bytesList: [example.heatmap] },
    label: { int64List: [label] },
  });
}
