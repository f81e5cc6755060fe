// NumPy .npy (format 1.0 / 2.0 / 3.0): magic `\x93NUMPY`, version, header length, a Python dict
// literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`, then the raw data.

export type NpyData =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigUint64Array
  | BigInt64Array
  | string[];

export interface NpyArray {
  /** NumPy dtype string as stored, e.g. `<f4`, `|u1`, `<U6`. */
  descr: string;
  /** Element kind: `float32`, `float64`, `uint8`, `int8`, `uint16`, `int16`, `uint32`, `int32`, `uint64`, `int64`, `bool`, `unicode`, `bytes`. */
  dtype: string;
  shape: number[];
  /** Whether the file stored the array in Fortran (column-major) order. `data` is always C order. */
  fortranOrder: boolean;
  /** Elements in C (row-major) order. `bool` arrays come as 0/1 bytes in a Uint8Array. */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type NumericCtor = { new (buffer: ArrayBuffer): Exclude<NpyData, string[]>; BYTES_PER_ELEMENT: number };

const NUMERIC: Record<string, { dtype: string; ctor: NumericCtor }> = {
  f4: { dtype: 'float32', ctor: Float32Array },
  f8: { dtype: 'float64', ctor: Float64Array },
  u1: { dtype: 'uint8', ctor: Uint8Array },
  i1: { dtype: 'int8', ctor: Int8Array },
  b1: { dtype: 'bool', ctor: Uint8Array },
  u2: { dtype: 'uint16', ctor: Uint16Array },
  i2: { dtype: 'int16', ctor: Int16Array },
  u4: { dtype: 'uint32', ctor: Uint32Array },
  i4: { dtype: 'int32', ctor: Int32Array },
  u8: { dtype: 'uint64', ctor: BigUint64Array },
  i8: { dtype: 'int64', ctor: BigInt64Array },
};

function fail(name: string, what: string): never {
  throw new Error(`Error in readNpy: ${name} ${what}`);
}

/** Parses the header dict. Only the three keys numpy writes are read. */
function parseHeader(text: string, name: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  if (descr === undefined) {
    if (/'descr'\s*:\s*\[/.test(text)) fail(name, `has a structured dtype (${text.trim()}), which is not supported.`);
    fail(name, `has no 'descr' in its header, got ${JSON.stringify(text.trim())}.`);
  }
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  if (fortran === undefined) fail(name, `has no 'fortran_order' in its header, got ${JSON.stringify(text.trim())}.`);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (shapeText === undefined) fail(name, `has no 'shape' in its header, got ${JSON.stringify(text.trim())}.`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(name, `has a bad shape (${shapeText}).`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Reorders Fortran-order elements into C order. */
function fortranToC<T extends { length: number; [i: number]: unknown }>(src: T, out: T, shape: number[]): T {
  const n = shape.length;
  const strides = new Array<number>(n); // Fortran strides
  let s = 1;
  for (let k = 0; k < n; k++) {
    strides[k] = s;
    s *= shape[k]!;
  }
  const idx = new Array<number>(n).fill(0);
  let f = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = src[f];
    // Advance the C-order multi-index (last axis fastest), tracking the Fortran offset.
    for (let k = n - 1; k >= 0; k--) {
      idx[k]! += 1;
      f += strides[k]!;
      if (idx[k]! < shape[k]!) break;
      f -= strides[k]! * shape[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * Reads one `.npy` file's bytes. Numeric dtypes (little or big endian), bool, fixed-width
 * unicode (`<U`) and byte strings (`|S`) are supported; a pickled object array (`|O`) is refused
 * with a clear error, since reading it would need Python.
 * @param name used in error messages (e.g. the file or npz member name).
 */
export function readNpy(bytes: Uint8Array, name = 'the .npy data'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail(name, 'is not a .npy file (no \\x93NUMPY magic).');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    fail(name, `has .npy format version ${major}.${bytes[7]}, expected 1.x, 2.x or 3.x.`);
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(name, `is truncated inside its header (${bytes.length} bytes).`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(header, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(dataStart);

  const m = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (descr === '|O' || descr === '<O' || descr === '>O' || descr === 'O') {
    fail(name, `holds a pickled object array (dtype '${descr}'), which cannot be read without Python; save it as a numeric or fixed-width string array instead (e.g. np.array(x, dtype=str)).`);
  }
  if (!m) fail(name, `has an unsupported dtype '${descr}'.`);
  const [, order, kind, sizeText] = m;
  const size = Number(sizeText);
  const bigEndian = order === '>';

  if (kind === 'U' || kind === 'S') {
    const width = kind === 'U' ? size * 4 : size;
    if (body.length < count * width) fail(name, `is truncated: ${body.length} data bytes for ${count} elements of '${descr}'.`);
    const out: string[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const off = i * width;
      if (kind === 'U') {
        const codes: number[] = [];
        for (let j = 0; j < size; j++) {
          const cp = bigEndian ? view.getUint32(dataStart + off + 4 * j, false) : view.getUint32(dataStart + off + 4 * j, true);
          if (cp === 0) break; // numpy pads with NULs
          codes.push(cp);
        }
        out[i] = String.fromCodePoint(...codes);
      } else {
        let end = off + size;
        while (end > off && body[end - 1] === 0) end--;
        out[i] = new TextDecoder('latin1').decode(body.subarray(off, end));
      }
    }
    return {
      descr,
      dtype: kind === 'U' ? 'unicode' : 'bytes',
      shape,
      fortranOrder,
      data: fortranOrder && shape.length > 1 ? fortranToC(out, new Array<string>(count), shape) : out,
    };
  }

  const key = `${kind === 'b' ? 'b' : kind}${size}`;
  const spec = NUMERIC[key];
  if (!spec) fail(name, `has an unsupported dtype '${descr}'.`);
  const nbytes = count * size;
  if (body.length < nbytes) fail(name, `is truncated: ${body.length} data bytes for ${count} elements of '${descr}'.`);
  // Copy into a fresh, aligned buffer (npz members sit at arbitrary offsets).
  const copy = body.slice(0, nbytes);
  if (bigEndian && size > 1) {
    for (let i = 0; i < nbytes; i += size) copy.subarray(i, i + size).reverse();
  }
  let data = new spec.ctor(copy.buffer);
  if (fortranOrder && shape.length > 1) {
    data = fortranToC(data, new spec.ctor(new ArrayBuffer(nbytes)), shape);
  }
  return { descr, dtype: spec.dtype, shape, fortranOrder, data };
}

/** Elements as JavaScript numbers (int64 / uint64 converted; exact up to 2^53). */
export function npyToNumbers(array: NpyArray): number[] {
  if (Array.isArray(array.data)) {
    throw new Error(`Error in npyToNumbers: array must be numeric, got dtype '${array.descr}'.`);
  }
  return Array.from(array.data as ArrayLike<number | bigint>, (v) => Number(v));
}
