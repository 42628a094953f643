/** The entries of a zip archive (an XLSX or DOCX file), read from its central directory. */

/**
 * Walks a zip's central directory: each entry's offsets, for fixing its times or summing its
 * sizes. Undefined when the bytes are not a zip archive.
 */
export function zipEntries(
  data: Buffer,
): { central: number; local: number; inflated: number }[] | undefined {
  const floor = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let i = data.length - 22; i >= floor; i--)
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return undefined;
  const count = data.readUInt16LE(end + 10);
  const out: { central: number; local: number; inflated: number }[] = [];
  let at = data.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return undefined;
    const local = data.readUInt32LE(at + 42);
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) return undefined;
    out.push({ central: at, local, inflated: data.readUInt32LE(at + 24) });
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return out;
}

/** Sets every zip entry's time to 1980-01-01 00:00, which the zip writer took from the clock. */
export function fixZipTimes(data: Buffer): Buffer {
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const e of zipEntries(data) ?? []) {
    data.writeUInt16LE(0, e.central + 12);
    data.writeUInt16LE(dosDate, e.central + 14);
    data.writeUInt16LE(0, e.local + 10);
    data.writeUInt16LE(dosDate, e.local + 12);
  }
  return data;
}
