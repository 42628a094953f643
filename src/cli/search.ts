import { DOMAINS, labelOf, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import {
  FACET_LABELS,
  FACET_NAMES,
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  snippetText,
} from '../domain/search.ts';
import { type Command, EXIT, FACET_OPTIONS, parse, UsageError, withData } from './common.ts';

/** `atlas search`: full-text search with facet filters. */
export const searchCommand: Command = {
  name: 'search',
  summary: 'search initiatives by text and facets',
  help: `Usage: atlas search ["<words>"] [filters] [--sort S] [--page N] [--page-size N] [--facets] [--json]

Finds initiatives whose name, acronym, summary or objectives contain every word (each word also
matches words that start with it), ranked by relevance.

Filters (repeat a flag or separate values with commas; values of one filter are OR-ed,
different filters are AND-ed):
${FACET_NAMES.map((f) => `  --${f.padEnd(8)} ${FACET_LABELS[f]}`).join('\n')}
Values are codes, e.g. --domain research_innovation --status ongoing,planned --country SE.
An unknown value is refused with the list of allowed values.

Options:
  --sort S       relevance (default with words), name (default without), updated
  --page N       page of results (default 1)
  --page-size N  results per page, 1-100 (default 20)
  --facets       also print the counts of each filter value
  --json         machine-readable output: {query,total,hits,facets}`,
  async run(args, io) {
    const { search } = await import('../services/search.ts');
    const { values, positionals } = parse(
      args,
      {
        ...FACET_OPTIONS,
        sort: { type: 'string' },
        page: { type: 'string' },
        'page-size': { type: 'string' },
        facets: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length > 1) {
      throw new UsageError(
        `give the search words as one quoted argument, e.g. atlas search "${positionals.join(' ')}"`,
      );
    }
    return withData(io, 'search', async (db) => {
      const result = await search(db, {
        q: positionals[0],
        ...Object.fromEntries(FACET_NAMES.map((f) => [f, values[f]])),
        sort: values.sort,
        page: values.page,
        pageSize: values['page-size'],
      });
      if (values.json) {
        io.out(
          JSON.stringify(
            {
              ...result,
              hits: result.hits.map((h) => ({ ...h, snippet: snippetText(h.snippet) })),
            },
            null,
            2,
          ),
        );
        return EXIT.ok;
      }
      const { page, pageSize } = result.query;
      const pages = Math.max(1, Math.ceil(result.total / pageSize));
      io.out(
        `${result.total} ${result.total === 1 ? 'initiative' : 'initiatives'}${pages > 1 ? ` (page ${page} of ${pages})` : ''}`,
      );
      result.hits.forEach((h, n) => {
        const meta = [
          labelOf(DOMAINS, h.domain),
          labelOf(STRUCTURAL_TYPES, h.type),
          labelOf(STATUSES, h.status),
          h.submittingRegion ?? h.homeCountry,
        ];
        io.out(
          `\n${(page - 1) * pageSize + n + 1}. ${h.name}${h.acronym && !h.name.includes(h.acronym) ? ` (${h.acronym})` : ''}  [${h.slug}]`,
        );
        io.out(`   ${meta.join(' · ')}`);
        if (h.snippet)
          io.out(`   ${h.snippet.replaceAll(HIGHLIGHT_START, '*').replaceAll(HIGHLIGHT_END, '*')}`);
      });
      if (values.facets) {
        for (const f of FACET_NAMES) {
          const counts = result.facets[f];
          if (counts.length === 0) continue;
          io.out(`\n${FACET_LABELS[f]}: ${counts.map((c) => `${c.value} ${c.count}`).join(', ')}`);
        }
      }
      return EXIT.ok;
    });
  },
};
