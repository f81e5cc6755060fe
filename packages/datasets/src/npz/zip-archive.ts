// Random-access reading of a zip file through its central directory (zip64 included), one member
// at a time, so archives far larger than memory (a ClickMe split as a zip of .npz) can be read.
import { open, type FileHandle } from 'node:fs/promises';
import { inflateSync } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  path: string;
  entries: ZipEntry[];
  /** Reads and decompresses one member, checking its CRC-32. */
  read(entry: ZipEntry): Promise<Uint8Array>;
  close(): Promise<void>;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

const u64 = (v: DataView, o: number) => Number(v.getBigUint64(o, true));

/** Opens a zip and reads its central directory. Throws a clear error when it is not a zip. */
export async function openZip(path: string): Promise<ZipArchive> {
  const fail = (what: string): never => {
    throw new Error(`Error in openZip: ${path} ${what}`);
  };
  const fh = await open(path, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const tailLen = Math.min(fileSize, 22 + 65535 + 20);
    const tail = await readAt(fh, fileSize - tailLen, tailLen);
    const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) fail('is not a zip file (no end-of-central-directory record).');
    let count = tv.getUint16(eocd + 10, true);
    let cdSize = tv.getUint32(eocd + 12, true);
    let cdOffset = tv.getUint32(eocd + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || tv.getUint32(loc, true) !== 0x07064b50) fail('needs zip64 but has no zip64 locator.');
      const z64 = await readAt(fh, u64(tv, loc + 8), 56);
      const zv = new DataView(z64.buffer, z64.byteOffset, z64.byteLength);
      if (zv.getUint32(0, true) !== 0x06064b50) fail('has a bad zip64 end-of-central-directory record.');
      count = u64(zv, 32);
      cdSize = u64(zv, 40);
      cdOffset = u64(zv, 48);
    }
    const cd = await readAt(fh, cdOffset, cdSize);
    if (cd.length !== cdSize) fail('is truncated (central directory past the end).');
    const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
    const entries: ZipEntry[] = [];
    const utf8 = new TextDecoder();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) fail(`has a bad central directory entry #${k}.`);
      const method = cv.getUint16(p + 10, true);
      const crc = cv.getUint32(p + 16, true);
      let compressedSize = cv.getUint32(p + 20, true);
      let size = cv.getUint32(p + 24, true);
      const nameLen = cv.getUint16(p + 28, true);
      const extraLen = cv.getUint16(p + 30, true);
      const commentLen = cv.getUint16(p + 32, true);
      let localHeaderOffset = cv.getUint32(p + 42, true);
      const name = utf8.decode(cd.subarray(p + 46, p + 46 + nameLen));
      // zip64 extra field: only the fields saturated in the fixed header appear, in this order.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = cv.getUint16(e, true);
        const len = cv.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) (size = u64(cv, q)), (q += 8);
          if (compressedSize === 0xffffffff) (compressedSize = u64(cv, q)), (q += 8);
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(cv, q);
        }
        e += 4 + len;
      }
      entries.push({ name, method, compressedSize, size, crc32: crc, localHeaderOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return {
      path,
      entries,
      async read(entry) {
        const header = await readAt(fh, entry.localHeaderOffset, 30);
        const hv = new DataView(header.buffer, header.byteOffset, header.byteLength);
        if (header.length < 30 || hv.getUint32(0, true) !== 0x04034b50) fail(`has a bad local header for '${entry.name}'.`);
        const start = entry.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
        const raw = await readAt(fh, start, entry.compressedSize);
        if (raw.length !== entry.compressedSize) fail(`is truncated inside '${entry.name}'.`);
        let data: Uint8Array;
        if (entry.method === 0) data = raw;
        else if (entry.method === 8) data = inflateSync(raw, { out: new Uint8Array(entry.size) });
        else fail(`stores '${entry.name}' with compression method ${entry.method}; only stored (0) and deflate (8) are supported.`);
        if (data!.length !== entry.size || crc32(data!) !== entry.crc32) fail(`has a corrupt member '${entry.name}' (size or CRC-32 mismatch).`);
        return data!;
      },
      close: () => fh.close(),
    };
  } catch (error) {
    await fh.close();
    throw error;
  }
}
