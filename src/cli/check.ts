import { FINDING_KINDS, type FindingKind } from '../domain/quality.ts';
import { type Command, EXIT, parse, withData } from './common.ts';

/** `atlas check`: lists the inconsistencies found in the data, with the records involved. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'list inconsistencies in the data, with the records involved',
  help: `Usage: atlas check [--json] [--strict]

Looks for inconsistencies in the records and in what the source documents state:
${Object.values(FINDING_KINDS)
  .map((d) => `  - ${d.charAt(0).toLowerCase()}${d.slice(1)}`)
  .join('\n')}
Findings describe the data, so the command succeeds when it finds some.

Reads the source documents' plain texts from SOURCE_TEXTS_DIR (default ../shared/seeds) where
they are there, for the rules that check a document's own text (a sentence announcing a number of
items and listing another); without them those rules find nothing.

Options:
  --json     machine-readable output: an array of {kind, message, records, stated?, found?}
  --strict   exit with code 1 when there is any finding`,
  async run(args, io) {
    const { checkDataQuality } = await import('../services/quality.ts');
    const { values } = parse(
      args,
      { json: { type: 'boolean' }, strict: { type: 'boolean' } },
      false,
    );
    return withData(io, 'check', async (db, config) => {
      const findings = await checkDataQuality(db, { textsDir: config.SOURCE_TEXTS_DIR });
      if (values.json) io.out(JSON.stringify(findings, null, 2));
      else {
        let kind: FindingKind | undefined;
        for (const f of findings) {
          if (f.kind !== kind) {
            kind = f.kind;
            const n = findings.filter((x) => x.kind === kind).length;
            io.out(`\n${FINDING_KINDS[kind]} (${n})`);
          }
          io.out(`  - ${f.message}`);
          io.out(`    records: ${f.records.map((r) => `${r.entity} ${r.key}`).join(', ')}`);
        }
        io.out(`\n${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}`);
      }
      return values.strict && findings.length > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};
