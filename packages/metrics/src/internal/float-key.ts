// Order-preserving map between float32 bit patterns and uint32 keys: flip every bit of a
// negative number, only the sign bit of a positive one. -0 is read as +0 (they tie, as in numpy).

const scratch = new ArrayBuffer(4);
const bitsView = new Uint32Array(scratch);
const floatView = new Float32Array(scratch);

export function floatKey(bits: number): number {
  const b = bits === 0x80000000 ? 0 : bits;
  return (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
}

export function keyToFloat(key: number): number {
  bitsView[0] = key & 0x80000000 ? key ^ 0x80000000 : ~key;
  return floatView[0] as number;
}
