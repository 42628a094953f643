import { type Command, EXIT, parse, withData } from './common.ts';

/** A byte count for the terminal: bytes, KiB or MiB with one decimal. */
function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** `atlas downloads`: (re)builds the bulk downloads and lists them with sizes and checksums. */
export const downloadsCommand: Command = {
  name: 'downloads',
  summary: 'build the bulk downloads (CSV zip, XLSX, JSON, data dictionary, SHA256SUMS)',
  help: `Usage: atlas downloads [--json]

Generates the whole public dataset as the files the website offers under /downloads: a zip of one
CSV file per entity (with the data dictionary), an XLSX workbook with one sheet per entity, a JSON
file, the data dictionary as JSON and CSV, and SHA256SUMS. They are written into a new folder
under DOWNLOADS_DIR (default data/downloads) and published by replacing manifest.json, so a
failure leaves the previous files as they were. The website regenerates them by itself when the
data has changed; this command rebuilds them now, whether or not it has.

Prints each file with its size and SHA-256.

Options:
  --json   print the manifest (files, sizes, checksums, counts, data fingerprint) as JSON`,
  async run(args, io) {
    const { regenerateDownloads } = await import('../services/bulk-downloads.ts');
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    return withData(io, 'downloads', async (db, config) => {
      const started = performance.now();
      const manifest = await regenerateDownloads(db, { dir: config.DOWNLOADS_DIR });
      const ms = Math.round(performance.now() - started);
      if (values.json) {
        io.out(JSON.stringify({ dir: config.DOWNLOADS_DIR, ...manifest }, null, 2));
        return EXIT.ok;
      }
      const width = Math.max(...manifest.files.map((f) => f.name.length));
      io.out(`Bulk downloads in ${config.DOWNLOADS_DIR} (${manifest.generation}), ${ms} ms:`);
      for (const f of manifest.files) {
        io.out(`  ${f.name.padEnd(width)}  ${size(f.byteSize).padStart(10)}  ${f.sha256}`);
      }
      io.out(
        `Data as of ${manifest.modified}: ${Object.entries(manifest.counts)
          .map(([e, n]) => `${e.replaceAll('_', ' ')} ${n}`)
          .join(', ')}.`,
      );
      return EXIT.ok;
    });
  },
};
