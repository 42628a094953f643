import yauzl from 'yauzl';

/** One entry of a ZIP: its name, bytes and date. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly date: Date;
}

/** Every entry of a ZIP in its order, read with yauzl (not the library that wrote it). */
export async function unzipEntries(buffer: Buffer): Promise<ZipEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          entries.push({
            name: entry.fileName,
            data: Buffer.concat(chunks),
            date: entry.getLastModDate(),
          });
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.readEntry();
  });
  return entries;
}

/** Every entry of a ZIP by name. */
export async function unzipByName(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Map((await unzipEntries(buffer)).map((e) => [e.name, e.data]));
}
