/**
 * The initiatives mapping report, in the structure of PRECISEU D3.1: how the records were
 * collected, one chapter per domain with a section per structural type, key insights, the
 * domain × type table with its chart, maps of where the initiatives are, and the appendix table of
 * every initiative. Every figure is counted from the records when the report is made.
 */
import { DOMAINS, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { EUROPEAN_HOME } from '../domain/region.ts';
import type {
  Block,
  ReportDocument,
  ReportSection,
  Run,
  TableBlock,
  TableRow,
} from '../domain/report.ts';
import { type MappingData, type MappingInitiative, mappingData } from '../services/report-data.ts';
import {
  type CodeListName,
  codeLabel as catalogueLabel,
  compareNames,
  currentLocale,
  t,
} from '../web/i18n.ts';
import {
  chosenSections,
  colophon,
  discrepancyNote,
  emptyNote,
  optionFilters,
  paragraph,
  placeName,
  type ReportContext,
  recordsLink,
  wantsSection,
  withQuery,
} from './common.ts';

/**
 * How many initiatives a domain chapter lists per structural type; the appendix lists them all, so
 * a very large atlas does not print every initiative twice.
 */
const TYPE_TABLE_ROWS = 40;

/** The most initiatives the appendix lists (the whole list is the atlas's own, and its download). */
export const APPENDIX_ROWS = 1000;

/** Code labels already looked up, by language, list and code (an appendix asks for thousands). */
const LABELS = new Map<string, string>();

/** The label of a code in the report's language, looked up once. */
function codeLabel(list: CodeListName, code: string): string {
  const key = `${currentLocale()}\u0000${list}\u0000${code}`;
  let label = LABELS.get(key);
  if (label === undefined) {
    label = catalogueLabel(list, code);
    LABELS.set(key, label);
  }
  return label;
}

/** A whole number in the report's language. */
const fmt = (ctx: ReportContext, n: number) => new Intl.NumberFormat(ctx.options.lang).format(n);

/** A share in per cent, in the report's language. */
const pct = (ctx: ReportContext, part: number, whole: number) =>
  new Intl.NumberFormat(ctx.options.lang, { style: 'percent', maximumFractionDigits: 0 }).format(
    whole === 0 ? 0 : part / whole,
  );

/** The list of initiatives with the report's region filter and the given facets. */
function listHref(ctx: ReportContext, facets: Record<string, string | readonly string[]> = {}) {
  return withQuery('/initiatives', { region: ctx.options.regions, ...facets });
}

/** Runs separated by commas. */
const joinRuns = (runs: readonly Run[]): Run[] =>
  runs.flatMap((r, k) => (k > 0 ? [{ text: ', ' }, r] : [r]));

/** A run of text that links to records. */
const linked = (text: string, href: string, label: string): Run => ({
  text,
  link: recordsLink(href, label),
});

/** "Catalonia, Sweden" of the report's regions. */
const regionList = (ctx: ReportContext) =>
  ctx.options.regions.map((r) => placeName(ctx, r)).join(', ');

/** The sentence on the survey campaign the records come from. */
function campaignBlocks(ctx: ReportContext, data: MappingData): Block[] {
  const summary = data.campaign;
  if (!summary) return [{ kind: 'note', tone: 'info', text: t('reportMapping.noCampaign') }];
  const c = summary.campaign;
  const invited = c.regions?.length ?? 0;
  const href = `/campaigns/${encodeURIComponent(c.slug)}`;
  if (c.kind !== 'initiative_mapping')
    return [
      {
        kind: 'note',
        tone: 'info',
        text: [
          { ...linked(c.title, href, t('reportMapping.campaignLink')), lang: 'en' },
          { text: `: ${t('reportMapping.campaignNotMapping')}` },
        ],
      },
    ];
  const blocks: Block[] = [
    paragraph([
      { text: t('reportMapping.campaignIntro') },
      { ...linked(c.title, href, t('reportMapping.campaignLink')), lang: 'en' },
      {
        text: `. ${t('reportMapping.campaignWindow', {
          opens: c.opensAt ?? '?',
          closes: c.closesAt ?? '?',
        })} ${t('reportMapping.campaignRegions', { count: invited, n: fmt(ctx, invited) })}`,
      },
    ]),
  ];
  const min = c.rules.minItemsPerRegion;
  const max = c.rules.maxItemsPerRegion;
  if (typeof min === 'number' && typeof max === 'number')
    blocks.push(
      paragraph(t('reportMapping.campaignRules', { min: fmt(ctx, min), max: fmt(ctx, max) })),
    );
  const r = summary.results;
  if (r && r.responses > 0)
    blocks.push(
      paragraph(
        t('reportMapping.campaignResponses', {
          count: r.responses,
          n: fmt(ctx, r.responses),
          initiatives: fmt(ctx, r.initiatives),
        }),
      ),
    );
  return blocks;
}

/** One sentence per source document on how many initiatives were taken from it. */
function originItems(ctx: ReportContext, data: MappingData): Run[][] {
  return data.origins.map((o) => {
    if (o.source === null)
      return [{ text: t('reportMapping.originNone', { count: o.n, n: fmt(ctx, o.n) }) }];
    const href = withQuery('/initiatives', { source: o.source });
    const parts = [
      ...(o.fromRows > 0
        ? [t('reportMapping.originRows', { count: o.fromRows, n: fmt(ctx, o.fromRows) })]
        : []),
      ...(o.fromText > 0
        ? [t('reportMapping.originText', { count: o.fromText, n: fmt(ctx, o.fromText) })]
        : []),
    ];
    return [
      linked(
        t('reportMapping.originCount', { count: o.n, n: fmt(ctx, o.n) }),
        href,
        t('reportMapping.originLink', { title: o.title ?? o.source }),
      ),
      { text: ` ${t('reportMapping.originFrom')} ` },
      { text: o.title ?? o.source, lang: 'en' },
      { text: `: ${parts.join(t('reportMapping.and'))}.` },
    ];
  });
}

/** How the records were collected, when, how many regions and initiatives, and from where. */
function methodologySection(ctx: ReportContext, data: MappingData): ReportSection {
  const n = data.initiatives.length;
  const o = ctx.options;
  const reporting = new Set(data.initiatives.flatMap((i) => i.submittingRegion ?? [])).size;
  const blocks: Block[] = [
    ...campaignBlocks(ctx, data),
    paragraph([
      linked(
        t('reportMapping.counted', { count: n, n: fmt(ctx, n) }),
        listHref(ctx, { domain: o.domains }),
        t('reportMapping.countedLink'),
      ),
      {
        text: ` ${t('reportMapping.countedRegions', { count: reporting, n: fmt(ctx, reporting) })}`,
      },
    ]),
  ];
  if (o.regions.length > 0)
    blocks.push(paragraph(t('reportMapping.filterRegions', { regions: regionList(ctx) })));
  if (o.domains.length > 0)
    blocks.push(
      paragraph(
        t('reportMapping.filterDomains', {
          domains: o.domains.map((d) => codeLabel('domain', d)).join(', '),
        }),
      ),
    );
  const whole = o.regions.length + o.domains.length > 0;
  blocks.push(
    paragraph(t(whole ? 'reportMapping.originsIntroAll' : 'reportMapping.originsIntro')),
    {
      kind: 'list',
      items: originItems(ctx, data),
    },
  );
  blocks.push(paragraph(t('reportMapping.classification')), ...figureSummary(ctx, data));
  if (n === 0) blocks.push(emptyNote(t('reportMapping.emptyFilter')));
  return { id: 'methodology', heading: t('reportMapping.methodology'), blocks };
}

/** How many of the counts the campaign's documents print the records contradict, and notes on those of no domain. */
function figureSummary(ctx: ReportContext, data: MappingData): Block[] {
  if (data.figures.length === 0) return [];
  if (ctx.options.regions.length > 0)
    return [{ kind: 'note', tone: 'info', text: t('reportMapping.figuresNotCompared') }];
  const differ = data.figures.filter((f) => !f.agrees).length;
  return [
    paragraph(
      t('reportMapping.figuresSummary', {
        count: data.figures.length,
        n: fmt(ctx, data.figures.length),
        differ: fmt(ctx, differ),
      }),
    ),
    ...figureNotes(ctx, data, undefined, undefined),
  ];
}

/** The domains the report covers, in code-list order. */
const reportDomains = (ctx: ReportContext) =>
  DOMAINS.map((d) => d.code as string).filter(
    (d) => ctx.options.domains.length === 0 || ctx.options.domains.includes(d),
  );

/** Notes where the campaign's document prints another count of a domain (and type) than the records. */
function figureNotes(
  ctx: ReportContext,
  data: MappingData,
  domain: string | undefined,
  type: string | undefined,
): Block[] {
  if (ctx.options.regions.length > 0) return [];
  return data.figures.flatMap(({ figure, found, agrees }) => {
    const m = figure.measure;
    if (agrees || m?.of !== 'initiatives' || m.domain !== domain || m.type !== type) return [];
    const stated = t(`reportMapping.qualifier_${figure.qualifier}`, { n: fmt(ctx, figure.value) });
    return [
      discrepancyNote([
        { text: figure.label, lang: 'en' },
        {
          text: `: ${t(m.source ? 'reportMapping.figureDiffersSource' : 'reportMapping.figureDiffers', { stated, found: fmt(ctx, found) })} `,
        },
        linked(
          t('reportMapping.dataQualityLink'),
          '/data-quality#figure_mismatch',
          t('reportMapping.dataQualityLabel'),
        ),
      ]),
    ];
  });
}

/** The table of the initiatives of one domain and type: name, region, scope, status. */
function typeTable(
  ctx: ReportContext,
  domain: string,
  type: string,
  list: readonly MappingInitiative[],
): TableBlock {
  return {
    kind: 'table',
    id: `initiatives-${domain}-${type}`,
    caption: t('reportMapping.typeTableCaption', {
      domain: codeLabel('domain', domain),
      type: codeLabel('type', type),
    }),
    header: [
      t('reportMapping.colName'),
      t('reportMapping.colRegion'),
      t('reportMapping.colScope'),
      t('reportMapping.colStatus'),
    ],
    textColumns: 4,
    rows: list.map((i) => ({
      cells: [
        i.name,
        i.submittingRegion ? placeName(ctx, i.submittingRegion) : t('reportMapping.noRegion'),
        i.scopes.map((s) => codeLabel('scope', s)).join(', '),
        codeLabel('status', i.status),
      ],
      link: recordsLink(`/initiatives/${encodeURIComponent(i.slug)}`, i.name),
    })),
  };
}

/** One domain's chapter: its count, the types present and a section per type with its initiatives. */
function domainSection(ctx: ReportContext, data: MappingData, domain: string): ReportSection {
  const mine = data.initiatives.filter((i) => i.domain === domain);
  const label = codeLabel('domain', domain);
  const heading = label;
  if (mine.length === 0)
    return {
      id: `domain-${domain}`,
      heading,
      blocks: [
        emptyNote(t('reportMapping.domainEmpty', { domain: label })),
        ...figureNotes(ctx, data, domain, undefined),
      ],
    };
  const types = STRUCTURAL_TYPES.map((s) => s.code as string).filter((ty) =>
    mine.some((i) => i.type === ty),
  );
  const count = (ty: string) => mine.filter((i) => i.type === ty).length;
  const blocks: Block[] = [
    paragraph([
      linked(
        t('reportMapping.domainCount', { count: mine.length, n: fmt(ctx, mine.length) }),
        listHref(ctx, { domain }),
        t('reportMapping.domainLink', { domain: label }),
      ),
      {
        text: ` ${t('reportMapping.domainTypes', {
          types: types.map((ty) => `${codeLabel('type', ty)} (${fmt(ctx, count(ty))})`).join(', '),
        })}`,
      },
    ]),
    ...figureNotes(ctx, data, domain, undefined),
  ];
  const sections: ReportSection[] = types.map((ty) => {
    const list = mine.filter((i) => i.type === ty);
    return {
      id: `domain-${domain}-${ty}`,
      heading: codeLabel('type', ty),
      blocks: [
        paragraph([
          linked(
            t('reportMapping.typeCount', { count: list.length, n: fmt(ctx, list.length) }),
            listHref(ctx, { domain, type: ty }),
            t('reportMapping.cellLink', { domain: label, type: codeLabel('type', ty) }),
          ),
        ]),
        ...figureNotes(ctx, data, domain, ty),
        typeTable(ctx, domain, ty, list.slice(0, TYPE_TABLE_ROWS)),
        ...(list.length > TYPE_TABLE_ROWS
          ? [
              paragraph([
                linked(
                  t('reportMapping.typeMore', {
                    count: list.length - TYPE_TABLE_ROWS,
                    n: fmt(ctx, list.length - TYPE_TABLE_ROWS),
                  }),
                  listHref(ctx, { domain, type: ty }),
                  t('reportMapping.cellLink', { domain: label, type: codeLabel('type', ty) }),
                ),
              ]),
            ]
          : []),
      ],
    };
  });
  return { id: `domain-${domain}`, heading, blocks, sections };
}

/** The chapters of the domains. */
function domainsSection(ctx: ReportContext, data: MappingData): ReportSection {
  return {
    id: 'domains',
    heading: t('reportMapping.domains'),
    blocks: [paragraph(t('reportMapping.domainsIntro'))],
    sections: reportDomains(ctx).map((d) => domainSection(ctx, data, d)),
  };
}

/** The largest entry of a tally (first in order on a tie). */
function largest(
  entries: readonly (readonly [string, number])[],
): readonly [string, number] | undefined {
  return [...entries].sort((a, b) => b[1] - a[1])[0];
}

/** Counts of a list by a key. */
function countBy<T>(list: readonly T[], key: (x: T) => string | null): [string, number][] {
  const m = new Map<string, number>();
  for (const x of list) {
    const k = key(x);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The insight sentences on domains and types. */
function classificationInsights(ctx: ReportContext, data: MappingData): Run[][] {
  const all = data.initiatives;
  const total = all.length;
  const items: Run[][] = [];
  const dom = largest(countBy(all, (i) => i.domain));
  if (dom) {
    const label = codeLabel('domain', dom[0]);
    items.push([
      linked(
        t('reportMapping.insightDomain', {
          domain: label,
          n: fmt(ctx, dom[1]),
          total: fmt(ctx, total),
          share: pct(ctx, dom[1], total),
        }),
        listHref(ctx, { domain: dom[0] }),
        t('reportMapping.domainLink', { domain: label }),
      ),
    ]);
  }
  const typ = largest(countBy(all, (i) => i.type));
  if (typ) {
    const label = codeLabel('type', typ[0]);
    items.push([
      linked(
        t('reportMapping.insightType', {
          type: label,
          n: fmt(ctx, typ[1]),
          share: pct(ctx, typ[1], total),
        }),
        listHref(ctx, { type: typ[0], domain: ctx.options.domains }),
        t('reportMapping.typeLink', { type: label }),
      ),
    ]);
  }
  const cell = largest(countBy(all, (i) => `${i.domain}|${i.type}`));
  if (cell) {
    const [d = '', ty = ''] = cell[0].split('|');
    items.push([
      linked(
        t('reportMapping.insightCell', {
          domain: codeLabel('domain', d),
          type: codeLabel('type', ty),
          n: fmt(ctx, cell[1]),
        }),
        listHref(ctx, { domain: d, type: ty }),
        t('reportMapping.cellLink', {
          domain: codeLabel('domain', d),
          type: codeLabel('type', ty),
        }),
      ),
    ]);
  }
  return items;
}

/** The insight sentences on scope, status and places. */
function reachInsights(ctx: ReportContext, data: MappingData): Run[][] {
  const all = data.initiatives;
  const total = all.length;
  const domains = ctx.options.domains;
  const wide = all.filter(
    (i) => i.scopes.includes('european') || i.scopes.includes('international'),
  ).length;
  const items: Run[][] = [
    [
      linked(
        t('reportMapping.insightWide', { n: fmt(ctx, wide), share: pct(ctx, wide, total) }),
        listHref(ctx, { scope: ['european', 'international'], domain: domains }),
        t('reportMapping.wideLink'),
      ),
    ],
  ];
  const statuses = STATUSES.map((st) => st.code as string).flatMap((st) => {
    const n = all.filter((i) => i.status === st).length;
    if (n === 0) return [];
    const label = codeLabel('status', st);
    return [
      linked(
        `${label}: ${fmt(ctx, n)} (${pct(ctx, n, total)})`,
        listHref(ctx, { status: st, domain: domains }),
        t('reportMapping.statusLink', { status: label }),
      ),
    ];
  });
  items.push([{ text: `${t('reportMapping.insightStatus')} ` }, ...joinRuns(statuses)]);
  const regions = countBy(all, (i) => i.submittingRegion).slice(0, 3);
  if (regions.length > 0)
    items.push([
      { text: `${t('reportMapping.insightRegions')} ` },
      ...joinRuns(
        regions.map(([code, n]) =>
          linked(
            `${placeName(ctx, code)} (${fmt(ctx, n)})`,
            withQuery('/initiatives', { region: code, domain: domains }),
            t('reportMapping.regionLink', { region: placeName(ctx, code) }),
          ),
        ),
      ),
    ]);
  const homes = countBy(all, (i) => i.homeCountry).slice(0, 3);
  if (homes.length > 0)
    items.push([
      { text: `${t('reportMapping.insightHomes')} ` },
      ...joinRuns(
        homes.map(([code, n]) =>
          linked(
            `${placeName(ctx, code)} (${fmt(ctx, n)})`,
            listHref(ctx, { country: code, domain: domains }),
            t('reportMapping.countryLink', { country: placeName(ctx, code) }),
          ),
        ),
      ),
    ]);
  return items;
}

/** Key insights: sentences computed from the records, each linking to the records behind it. */
function insightsSection(ctx: ReportContext, data: MappingData): ReportSection {
  const blocks: Block[] =
    data.initiatives.length === 0
      ? [emptyNote(t('reportMapping.emptyFilter'))]
      : [
          paragraph(t('reportMapping.insightsIntro')),
          {
            kind: 'list',
            items: [...classificationInsights(ctx, data), ...reachInsights(ctx, data)],
          },
        ];
  return { id: 'insights', heading: t('reportMapping.insights'), blocks };
}

/** The domain × type table with a link behind every count. */
function domainTypeBlock(ctx: ReportContext, table: CrossTab): TableBlock {
  const cell = (
    value: number,
    facets: Record<string, string | readonly string[]>,
    label: string,
  ) => ({
    value,
    link: recordsLink(listHref(ctx, facets), label),
  });
  const typeLabels = table.columns.map((c) => codeLabel('type', c));
  const rows: TableRow[] = table.rows.map((d, i) => {
    const dl = codeLabel('domain', d);
    return {
      cells: [
        dl,
        ...table.columns.map((ty, j) =>
          cell(
            table.cells[i]?.[j] ?? 0,
            { domain: d, type: ty },
            t('reportMapping.cellLink', { domain: dl, type: typeLabels[j] ?? ty }),
          ),
        ),
        cell(table.rowTotals[i] ?? 0, { domain: d }, t('reportMapping.domainLink', { domain: dl })),
      ],
    };
  });
  const domains = ctx.options.domains;
  rows.push({
    total: true,
    cells: [
      t('reportMapping.total'),
      ...table.columns.map((ty, j) =>
        cell(
          table.columnTotals[j] ?? 0,
          { type: ty, domain: domains },
          t('reportMapping.typeLink', { type: typeLabels[j] ?? ty }),
        ),
      ),
      cell(table.total, { domain: domains }, t('reportMapping.countedLink')),
    ],
  });
  return {
    kind: 'table',
    id: 'domain-type',
    caption: t('reportMapping.domainTypeCaption'),
    header: [t('reportMapping.colDomain'), ...typeLabels, t('reportMapping.total')],
    rows,
    notes: [
      ctx.options.regions.length > 0
        ? t('reportMapping.domainTypeNoteRegions')
        : t('reportMapping.domainTypeNote'),
    ],
  };
}

/** The domain × type table and its stacked bar chart. */
function domainTypeSection(ctx: ReportContext, data: MappingData): ReportSection {
  const table = data.domainByType;
  if (table.total === 0)
    return {
      id: 'domain-type',
      heading: t('reportMapping.domainType'),
      blocks: [emptyNote(t('reportMapping.emptyFilter'))],
    };
  const tableBlock = domainTypeBlock(ctx, table);
  return {
    id: 'domain-type',
    heading: t('reportMapping.domainType'),
    blocks: [
      {
        kind: 'chart',
        id: 'domain-type-chart',
        caption: t('reportMapping.domainTypeChart'),
        alt: t('reportMapping.domainTypeAlt', { n: fmt(ctx, table.total) }),
        rows: table.rows.map((d) => codeLabel('domain', d)),
        series: table.columns.map((c) => codeLabel('type', c)),
        values: table.cells.map((r) => [...r]),
        axisTitle: t('reportMapping.axisInitiatives'),
        tableId: tableBlock.id,
      },
      tableBlock,
    ],
  };
}

/** Initiatives per home: the map's values (countries only) and the table (the European level too). */
function homeBlocks(ctx: ReportContext, data: MappingData): Block[] {
  const levels = new Map(data.places.map((p) => [p.code, p.level]));
  const entries = [...data.byHome.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || compareNames(placeName(ctx, a[0]), placeName(ctx, b[0])));
  const countries = entries.filter(([code]) => levels.get(code) === 'country');
  const table: TableBlock = {
    kind: 'table',
    id: 'initiatives-by-country',
    caption: t('reportMapping.countryTableCaption'),
    header: [t('reportMapping.colCountry'), t('reportMapping.colInitiatives')],
    rows: entries.map(([code, n]) => ({
      cells: [
        placeName(ctx, code),
        {
          value: n,
          link: recordsLink(
            listHref(ctx, { country: code, domain: ctx.options.domains }),
            t('reportMapping.countryLink', { country: placeName(ctx, code) }),
          ),
        },
      ],
      ...(levels.get(code) === 'country' ? {} : { note: t('reportMapping.noShape') }),
    })),
    notes: [
      ctx.options.regions.length + ctx.options.domains.length > 0
        ? t('reportMapping.countryTableNoteFiltered')
        : t('reportMapping.countryTableNote'),
    ],
  };
  const european = data.byHome.get(EUROPEAN_HOME) ?? 0;
  return [
    {
      kind: 'map',
      id: 'initiatives-by-country-map',
      caption: t('reportMapping.countryMapCaption'),
      alt: [
        t('reportMapping.countryMapAlt', {
          count: countries.length,
          n: fmt(ctx, countries.length),
        }),
        ...(european > 0
          ? [t('reportMapping.countryMapEuropean', { count: european, n: fmt(ctx, european) })]
          : []),
        t('reportMapping.sameFiguresTable'),
      ].join(' '),
      level: 'country',
      values: countries.map(([code, value]) => ({ code, value })),
      legendTitle: t('reportMapping.legendBased'),
      tableId: table.id,
    },
    table,
  ];
}

/** Initiatives per reporting region: a map and its table. */
function reportingBlocks(ctx: ReportContext, data: MappingData): Block[] {
  const counts = countBy(data.initiatives, (i) => i.submittingRegion);
  const without = data.initiatives.filter((i) => i.submittingRegion === null).length;
  const table: TableBlock = {
    kind: 'table',
    id: 'initiatives-by-region',
    caption: t('reportMapping.regionTableCaption'),
    header: [t('reportMapping.colRegion'), t('reportMapping.colInitiatives')],
    rows: counts.map(([code, n]) => ({
      cells: [
        placeName(ctx, code),
        {
          value: n,
          link: recordsLink(
            withQuery('/initiatives', { region: code, domain: ctx.options.domains }),
            t('reportMapping.regionLink', { region: placeName(ctx, code) }),
          ),
        },
      ],
    })),
    notes:
      without > 0
        ? [t('reportMapping.withoutRegion', { count: without, n: fmt(ctx, without) })]
        : [],
  };
  return [
    {
      kind: 'map',
      id: 'initiatives-by-region-map',
      caption: t('reportMapping.regionMapCaption'),
      alt: t('reportMapping.regionMapAlt', { count: counts.length, n: fmt(ctx, counts.length) }),
      level: 'region',
      values: counts.map(([code, value]) => ({ code, value })),
      legendTitle: t('reportMapping.legendReported'),
      tableId: table.id,
    },
    table,
  ];
}

/** Where the initiatives are: based (countries) and reported (regions). */
function mapsSection(ctx: ReportContext, data: MappingData): ReportSection {
  const heading = t('reportMapping.maps');
  if (data.initiatives.length === 0)
    return { id: 'maps', heading, blocks: [emptyNote(t('reportMapping.emptyFilter'))] };
  return {
    id: 'maps',
    heading,
    blocks: [paragraph(t('reportMapping.mapsIntro'))],
    sections: [
      { id: 'maps-based', heading: t('reportMapping.mapsBased'), blocks: homeBlocks(ctx, data) },
      {
        id: 'maps-reported',
        heading: t('reportMapping.mapsReported'),
        blocks: reportingBlocks(ctx, data),
      },
    ],
  };
}

/** The appendix: every initiative of the report in one wide table. */
function appendixSection(ctx: ReportContext, data: MappingData): ReportSection {
  const heading = t('reportMapping.appendix');
  if (data.initiatives.length === 0)
    return {
      id: 'appendix',
      heading,
      appendix: true,
      blocks: [emptyNote(t('reportMapping.emptyFilter'))],
    };
  const table: TableBlock = {
    kind: 'table',
    id: 'appendix-initiatives',
    caption: t('reportMapping.appendixCaption', {
      count: data.initiatives.length,
      n: fmt(ctx, data.initiatives.length),
    }),
    header: [
      t('reportMapping.colName'),
      t('reportMapping.colAcronym'),
      t('reportMapping.colRegion'),
      t('reportMapping.colCountry'),
      t('reportMapping.colDomain'),
      t('reportMapping.colType'),
      t('reportMapping.colScope'),
      t('reportMapping.colStatus'),
      t('reportMapping.colLink'),
    ],
    textColumns: 9,
    wide: true,
    rows: data.initiatives.slice(0, APPENDIX_ROWS).map((i) => ({
      cells: [
        i.name,
        i.acronym ?? '',
        i.submittingRegion ? placeName(ctx, i.submittingRegion) : t('reportMapping.noRegion'),
        placeName(ctx, i.homeCountry),
        codeLabel('domain', i.domain),
        codeLabel('type', i.type),
        i.scopes.map((s) => codeLabel('scope', s)).join(', '),
        codeLabel('status', i.status),
        {
          value: `/initiatives/${i.slug}`,
          link: recordsLink(`/initiatives/${encodeURIComponent(i.slug)}`, i.name),
        },
      ],
    })),
  };
  return {
    id: 'appendix',
    heading,
    appendix: true,
    blocks: [paragraph(t('reportMapping.appendixIntro')), ...appendixCut(ctx, data), table],
  };
}

/**
 * Where an atlas holds more initiatives than a printed appendix can carry (10,000 make some 600
 * pages and a PDF that takes minutes), the appendix lists the first APPENDIX_ROWS by name and says
 * where the whole list is: the atlas's list and its spreadsheet download.
 */
function appendixCut(ctx: ReportContext, data: MappingData): Block[] {
  const all = data.initiatives.length;
  if (all <= APPENDIX_ROWS) return [];
  const filters = { region: ctx.options.regions, domain: ctx.options.domains };
  return [
    {
      kind: 'note',
      tone: 'info',
      text: [
        {
          text: t('reportMapping.appendixCut', {
            shown: fmt(ctx, APPENDIX_ROWS),
            count: all,
            n: fmt(ctx, all),
          }),
        },
        { text: ' ' },
        {
          text: t('reportMapping.appendixAll'),
          link: recordsLink(withQuery('/initiatives', filters), t('reportMapping.appendixAll')),
        },
        { text: ' · ' },
        {
          text: t('reportMapping.appendixCsv'),
          link: recordsLink(withQuery('/initiatives.csv', filters), t('reportMapping.appendixCsv')),
        },
      ],
    },
  ];
}

/** The report's own address: its kind and options as query parameters. */
function reportHref(ctx: ReportContext): string {
  const o = ctx.options;
  return withQuery('/reports/mapping', {
    region: o.regions,
    domain: o.domains,
    campaign: o.campaign ?? '',
    lang: o.lang,
    section: o.sections,
  });
}

/** Builds the initiatives mapping report. */
export async function buildMappingReport(ctx: ReportContext): Promise<ReportDocument> {
  const o = ctx.options;
  const data = await mappingData(ctx.db, {
    regions: o.regions,
    domains: o.domains,
    ...(o.campaign ? { campaign: o.campaign } : {}),
  });
  const make = (id: string, f: (c: ReportContext, d: MappingData) => ReportSection) =>
    wantsSection(ctx, id) ? f(ctx, data) : undefined;
  const filters = optionFilters(ctx);
  if (o.regions.length > 0)
    filters.push([t('reportMapping.basis'), t('reportMapping.basisReported')]);
  return {
    kind: 'mapping',
    lang: o.lang,
    title: t('reportMapping.title'),
    subtitle:
      o.regions.length > 0
        ? t('reportMapping.subtitleRegions', { regions: regionList(ctx) })
        : t('reportMapping.subtitle'),
    runningHead: t('reportMapping.runningHead'),
    sections: chosenSections(ctx, [
      make('methodology', methodologySection),
      make('domains', domainsSection),
      make('insights', insightsSection),
      make('domain-type', domainTypeSection),
      make('maps', mapsSection),
      make('appendix', appendixSection),
    ]),
    colophon: await colophon(ctx, filters, reportHref(ctx)),
  };
}
