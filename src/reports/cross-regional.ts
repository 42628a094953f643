/**
 * The cross-regional report (the structure of PRECISEU D6.1): how the evidence was gathered (the
 * interview and workshop tables counted from the records), the barriers by category with what each
 * region said, the regions' strengths and weaknesses, the good practices, the way forward the
 * records hold (the recommendations on record, by source), and a fact sheet per region as an appendix. Every figure is counted here from the
 * services the atlas's pages use, so the report and the pages agree.
 */
import { BARRIERS, STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import {
  RECOMMENDATION_KIND_KEYS,
  RECOMMENDATION_KINDS,
  type RecommendationKind,
} from '../domain/recommendations.ts';
import type {
  Block,
  Cell,
  Inline,
  QuoteBlock,
  ReportDocument,
  ReportSection,
  Run,
  TableRow,
} from '../domain/report.ts';
import type { Quote } from '../domain/schemas.ts';
import { type BarrierOverview, getBarrierOverview } from '../services/barriers.ts';
import { type EngagementSummary, engagementSummary } from '../services/engagement.ts';
import { countryOf, goodPracticeCatalogue, isPracticeFrom } from '../services/good-practices.ts';
import { getPrevalence } from '../services/prevalence.ts';
import type { RecommendationRecord } from '../services/recommendations.ts';
import { partnerRegions } from '../services/regions.ts';
import { recommendationScope, reportRecommendations } from '../services/report-data.ts';
import {
  type EvidenceRecord,
  regionalReports,
  regionHeadlines,
  type SourceFigureNote,
  sourceFigureNotes,
  statementsWithSources,
} from '../services/report-evidence.ts';
import { codeLabel, compareNames, type Locale, printedPlaceName, t } from '../web/i18n.ts';
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
  withQuery,
} from './common.ts';

/**
 * The regions a report speaks of (those the options name, else every partner region), and what
 * several sections read, loaded once per report.
 */
interface Scope {
  readonly codes: readonly string[];
  /** Whether the options narrowed the report to some regions. */
  readonly filtered: boolean;
  has(code: string | null): boolean;
  overview(): Promise<BarrierOverview>;
  engagement(): Promise<EngagementSummary>;
  /** What the data-quality check says of the figures the source documents state. */
  figureNotes(): Promise<SourceFigureNote[]>;
}

/** A loader that runs once and hands every caller the same promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= load();
    return p;
  };
}

async function scopeOf(ctx: ReportContext): Promise<Scope> {
  const chosen = ctx.options.regions;
  const codes =
    chosen.length > 0
      ? [...chosen]
      : (await partnerRegions(ctx.db))
          .map((r) => r.code)
          .sort((a, b) => compareNames(placeName(ctx, a), placeName(ctx, b)));
  const set = new Set(codes);
  return {
    codes,
    filtered: chosen.length > 0,
    has: (c) => c !== null && set.has(c),
    // Statements only: the barrier tables show the fact sheets' regions in a column of their own.
    overview: once(() => getBarrierOverview(ctx.db, 'statements')),
    engagement: once(() => engagementSummary(ctx.db)),
    figureNotes: once(() => sourceFigureNotes(ctx.db, FIGURE_MEASURES)),
  };
}

/** The measures of the figures this report compares with the records. */
const FIGURE_MEASURES = [
  'interviews',
  'workshops',
  'workshop_participants',
  'barriers',
  'barrier_categories',
  'regions_reporting_barriers',
] as const;

/**
 * The discrepancy notes on figures of some measures; none when the report covers only some
 * regions (the source's figures are about all of them).
 */
async function figureNotesOf(
  scope: Scope,
  measures: readonly (typeof FIGURE_MEASURES)[number][],
): Promise<SourceFigureNote[]> {
  if (scope.filtered) return [];
  return (await scope.figureNotes()).filter((n) => {
    const of = n.figures[0]?.measure?.of;
    return (measures as readonly string[]).includes(of ?? '');
  });
}

/** A number in a sentence, in the report's language. */
const formatter = (ctx: ReportContext) => {
  const nf = new Intl.NumberFormat(ctx.options.lang);
  return (n: number) => nf.format(n);
};

/** Text of the records (in English, as recorded) inside a report in another language. */
const recorded = (text: string): Run => ({ text, lang: 'en' });

const regionLink = (ctx: ReportContext, code: string) =>
  recordsLink(
    `/regions/${encodeURIComponent(code)}`,
    t('reportCross.regionLink', { name: placeName(ctx, code) }),
  );

const barrierName = (code: string, number?: number) =>
  number === undefined ? codeLabel('barrier', code) : `${number}. ${codeLabel('barrier', code)}`;

/** The note that the report speaks only of some regions, naming them. */
function scopeNote(ctx: ReportContext, scope: Scope): Block[] {
  if (!scope.filtered) return [];
  const names = scope.codes.map((c) => placeName(ctx, c)).join(', ');
  return [{ kind: 'note', tone: 'info', text: t('reportCross.scopeNote', { regions: names }) }];
}

/** A figure a source states otherwise than the records, said in the report's language. */
function figureNoteText(ctx: ReportContext, n: SourceFigureNote): Inline {
  const fmt = formatter(ctx);
  const first = n.figures[0];
  const label = first ? first.label : '';
  if (n.kind === 'column_total')
    return t('reportCross.columnTotalNote', {
      stated: fmt(n.stated ?? 0),
      found: fmt(n.found ?? 0),
    });
  if (n.kind === 'figure_stated_twice')
    return [
      recorded(label),
      {
        text: `: ${t('reportCross.statedTwiceNote', { values: n.figures.map((f) => fmt(f.value)).join(', ') })}`,
      },
    ];
  return [
    recorded(label),
    {
      text: `: ${t('reportCross.figureMismatchNote', { stated: fmt(n.stated ?? 0), found: fmt(n.found ?? 0) })}`,
    },
  ];
}

/** The interview table (D6.1 table 3), row by row from the records, with the data-quality notes. */
function interviewTable(
  ctx: ReportContext,
  scope: Scope,
  e: EngagementSummary,
): { table: Block; notes: Block[] } {
  const fmt = formatter(ctx);
  const rows = e.interviews
    .filter(
      (i) => scope.has(i.region) && (!ctx.options.campaign || i.campaign === ctx.options.campaign),
    )
    .sort((a, b) => compareNames(placeName(ctx, a.region), placeName(ctx, b.region)));
  const groups = STAKEHOLDER_GROUPS.filter((g) => rows.some((r) => r.byGroup[g.code] !== null));
  const differing: { region: string; stated: number; found: number }[] = [];
  const body: TableRow[] = rows.map((r) => {
    const finding = e.interviewNotes.get(r.region);
    const note = finding
      ? t('reportCross.interviewRowNote', {
          stated: fmt(finding.stated ?? 0),
          found: fmt(finding.found ?? 0),
        })
      : undefined;
    if (finding?.stated !== undefined && finding.found !== undefined)
      differing.push({ region: r.region, stated: finding.stated, found: finding.found });
    return {
      cells: [
        placeName(ctx, r.region),
        r.printedTotal,
        ...groups.map((g) => r.byGroup[g.code] ?? null),
      ],
      link: regionLink(ctx, r.region),
      ...(note ? { note } : {}),
    };
  });
  const sum = (f: (r: (typeof rows)[number]) => number | null) =>
    rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  const total: TableRow = {
    cells: [
      t('reportCross.total'),
      sum((r) => r.printedTotal),
      ...groups.map((g) => sum((r) => r.byGroup[g.code])),
    ],
    total: true,
  };
  const printed = sum((r) => r.printedTotal);
  // What each such row does to the table's total: counted as printed, or from its groups.
  const notes = differing.map((d) =>
    discrepancyNote([
      { text: placeName(ctx, d.region), link: regionLink(ctx, d.region) },
      {
        text: `: ${t('reportCross.interviewRowEffect', {
          stated: fmt(d.stated),
          total: fmt(printed),
          other: fmt(printed - d.stated + d.found),
        })}`,
      },
    ]),
  );
  return {
    table: {
      kind: 'table',
      id: 'table-interviews',
      caption: t('reportCross.interviewsCaption'),
      header: [
        t('reportCross.colRegion'),
        t('reportCross.colInterviews'),
        ...groups.map((g) => codeLabel('stakeholderGroup', g.code)),
      ],
      rows: [...body, total],
      notes: [t('reportCross.interviewsTableNote')],
    },
    notes,
  };
}

/** The workshop table (D6.1 table 4), with what the regions' reports say where none was held. */
function workshopTable(ctx: ReportContext, scope: Scope, e: EngagementSummary): Block {
  const rows = e.workshops
    .filter(
      (w) => scope.has(w.region) && (!ctx.options.campaign || w.campaign === ctx.options.campaign),
    )
    .sort((a, b) => compareNames(placeName(ctx, a.region), placeName(ctx, b.region)));
  const format = (f: string | null) =>
    f === null
      ? ''
      : ['online', 'on_site', 'hybrid'].includes(f)
        ? t(`reportCross.format_${f}`)
        : f;
  const body: TableRow[] = rows.map((w) => ({
    cells: [
      placeName(ctx, w.region),
      format(w.format),
      w.organisers ?? '',
      w.heldOn ?? '',
      w.participants,
    ],
    link: regionLink(ctx, w.region),
  }));
  const held = new Set(rows.map((w) => w.region));
  const notes: Inline[] = e.workshopNotes
    .filter((n) => scope.has(n.region) && !held.has(n.region))
    .map((n) => [
      { text: placeName(ctx, n.region), link: regionLink(ctx, n.region) },
      { text: `: ${t('reportCross.noWorkshopNote')} ` },
      recorded(n.text),
    ]);
  return {
    kind: 'table',
    id: 'table-workshops',
    caption: t('reportCross.workshopsCaption'),
    header: [
      t('reportCross.colRegion'),
      t('reportCross.colFormat'),
      t('reportCross.colOrganisers'),
      t('reportCross.colHeld'),
      t('reportCross.colParticipants'),
    ],
    textColumns: 4,
    rows: [
      ...body,
      {
        cells: [
          t('reportCross.total'),
          '',
          '',
          '',
          rows.reduce((a, w) => a + (w.participants ?? 0), 0),
        ],
        total: true,
      },
    ],
    notes,
  };
}

/** Methodology: how the evidence was gathered, with the engagement tables counted from the records. */
async function methodology(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const [e, figureNotes] = await Promise.all([
    scope.engagement(),
    figureNotesOf(scope, ['interviews', 'workshops', 'workshop_participants']),
  ]);
  const fmt = formatter(ctx);
  const interviews = interviewTable(ctx, scope, e);
  const workshops = workshopTable(ctx, scope, e);
  const inScope = e.interviews.filter((i) => scope.has(i.region));
  const ws = e.workshops.filter((w) => scope.has(w.region));
  const blocks: Block[] = [
    paragraph(t('reportCross.methodologyIntro')),
    ...(inScope.length === 0 && ws.length === 0
      ? []
      : [
          paragraph(
            t('reportCross.engagementSentence', {
              interviews: fmt(inScope.reduce((a, i) => a + (i.printedTotal ?? 0), 0)),
              regions: fmt(new Set(inScope.map((i) => i.region)).size),
              workshops: fmt(ws.length),
              participants: fmt(ws.reduce((a, w) => a + (w.participants ?? 0), 0)),
            }),
          ),
        ]),
    ...scopeNote(ctx, scope),
    ...(ctx.options.campaign
      ? [paragraph(t('reportCross.campaignNote', { campaign: ctx.options.campaign }))]
      : []),
    ...(ctx.options.domains.length > 0
      ? [{ kind: 'note', tone: 'info', text: t('reportCross.domainsNote') } as const]
      : []),
  ];
  // Tables of nothing but a zero total say less than a sentence that the records hold none.
  if (inScope.length === 0 && ws.length === 0)
    blocks.push(emptyNote(t('reportCross.noEngagement')));
  else
    blocks.push(
      interviews.table,
      ...interviews.notes,
      workshops,
      ...figureNotes.map((n) => discrepancyNote(figureNoteText(ctx, n))),
    );
  return { id: 'methodology', heading: t('reportCross.methodology'), blocks };
}

/** How many regions in scope have statements on a barrier: its matrix row's non-empty cells. */
function matrixRegions(o: BarrierOverview, code: string, scope: Scope): string[] {
  const row = o.matrix.rows.indexOf(code);
  const cells = o.matrix.cells[row] ?? [];
  return o.matrix.columns.filter((c, i) => (cells[i] ?? 0) > 0 && scope.has(c));
}

/** Codings of a barrier in the regions in scope (the matrix row's cells summed). */
function matrixCodings(o: BarrierOverview, code: string, scope: Scope): number {
  const row = o.matrix.rows.indexOf(code);
  const cells = o.matrix.cells[row] ?? [];
  return o.matrix.columns.reduce((a, c, i) => a + (scope.has(c) ? (cells[i] ?? 0) : 0), 0);
}

/** Where a quotation is printed, in words: each document's title with its sections and pages. */
function printedWhere(q: Quote, titles: ReadonlyMap<string, string>): string {
  const places = new Map<string, string[]>();
  for (const p of q.printedIn) {
    const where = [
      p.section ? `“${p.section}”` : '',
      p.page === undefined ? '' : t('reportCross.page', { page: p.page }),
    ]
      .filter(Boolean)
      .join(', ');
    places.set(p.source, [...(places.get(p.source) ?? []), ...(where ? [where] : [])]);
  }
  return [...places]
    .map(([source, where]) => [titles.get(source) ?? source, ...where].join(', '))
    .join('; ');
}

/** Whether a source's attribution names the region itself ("The Netherlands" for Netherlands). */
const namesRegion = (attribution: string, region: string) => {
  const bare = (x: string) =>
    x
      .replace(/^the\s+/i, '')
      .trim()
      .toLowerCase();
  return bare(attribution) === bare(region);
};

/** A region's statement on a barrier: its quotation marked with where it is printed, else the paraphrase. */
function statementBlock(
  ctx: ReportContext,
  e: EvidenceRecord,
  barrier: string,
  titles: ReadonlyMap<string, string>,
): Block {
  const region = e.region ?? '';
  const where = recordsLink(
    `/barriers/${barrier}#statement-${e.key}`,
    t('reportCross.statementLink', { region: placeName(ctx, region) }),
  );
  if (e.quote) {
    const who = printedPlaceName(e.quote.attribution, region, ctx.options.lang as Locale).text;
    const attributed = !namesRegion(e.quote.attribution, ctx.names.get(region) ?? region)
      ? ` (${t('reportCross.attributedTo', { who })})`
      : '';
    const source: Run[] = [
      { text: placeName(ctx, region), link: regionLink(ctx, region) },
      { text: `${attributed}, ` },
      { text: printedWhere(e.quote, titles), link: where },
    ];
    const quote: QuoteBlock = { kind: 'quote', text: e.quote.text, lang: 'en', source };
    return quote;
  }
  const cited = e.sources.map((s) => titles.get(s.source) ?? s.source).join('; ');
  return paragraph([
    { text: `${t('reportCross.paraphrase')} ` },
    recorded(e.statement),
    { text: ` (${placeName(ctx, region)}, ` },
    { text: cited, link: where },
    { text: ')' },
  ]);
}

/** One barrier: what each region in scope said of it, region by region. */
function barrierSection(
  ctx: ReportContext,
  scope: Scope,
  b: BarrierOverview['categories'][number]['barriers'][number],
  statements: readonly EvidenceRecord[],
  titles: ReadonlyMap<string, string>,
): ReportSection {
  const fmt = formatter(ctx);
  const mine = statements.filter((e) => e.barriers.includes(b.code) && scope.has(e.region));
  const blocks: Block[] = [];
  for (const region of scope.codes) {
    const said = mine.filter((e) => e.region === region);
    if (said.length === 0) continue;
    blocks.push(
      paragraph([
        { text: placeName(ctx, region), link: regionLink(ctx, region) },
        {
          text: ` — ${t('reportCross.statementsCount', { count: said.length, n: fmt(said.length) })}`,
        },
      ]),
      ...said.map((e) => statementBlock(ctx, e, b.code, titles)),
    );
  }
  if (blocks.length === 0) blocks.push(emptyNote(t('reportCross.noStatements')));
  return { id: `barrier-${b.code}`, heading: barrierName(b.code, b.number), blocks };
}

/** The table and the prevalence figure of one category's barriers. */
function categoryFigures(
  ctx: ReportContext,
  scope: Scope,
  o: BarrierOverview,
  cat: BarrierOverview['categories'][number],
  sheets: ReadonlyMap<string, readonly string[]>,
): Block[] {
  const tableId = `table-barriers-${cat.code}`;
  const rows = cat.barriers.map((b) => {
    const regions = matrixRegions(o, b.code, scope).length;
    const fromSheets = (sheets.get(b.code) ?? []).filter((r) => scope.has(r)).length;
    const practices = o.practicesPerBarrier.get(b.code) ?? 0;
    const link = recordsLink(
      `/barriers/${b.code}`,
      t('reportCross.barrierLink', { name: barrierName(b.code) }),
    );
    const cells: Cell[] = [
      { value: barrierName(b.code, b.number), link },
      { value: regions, link },
      fromSheets,
      matrixCodings(o, b.code, scope),
      {
        value: practices,
        link: recordsLink(
          withQuery('/good-practices', { barrier: b.code }),
          t('reportCross.practicesLink', { name: barrierName(b.code) }),
        ),
      },
    ];
    return { code: b.code, regions, cells };
  });
  const label = codeLabel('barrierCategory', cat.code);
  return [
    {
      kind: 'chart',
      id: `chart-barriers-${cat.code}`,
      caption: t('reportCross.prevalenceCaption', { category: label }),
      alt: t('reportCross.prevalenceAlt', {
        category: label,
        list: rows.map((r) => `${barrierName(r.code)}: ${formatter(ctx)(r.regions)}`).join('; '),
      }),
      rows: rows.map((r) => barrierName(r.code)),
      series: [t('reportCross.seriesRegions')],
      values: rows.map((r) => [r.regions]),
      axisTitle: t('reportCross.axisRegions'),
      tableId,
    },
    {
      kind: 'table',
      id: tableId,
      caption: t('reportCross.barrierTableCaption', { category: label }),
      header: [
        t('reportCross.colBarrier'),
        t('reportCross.colRegionsStatements'),
        t('reportCross.colRegionsSheets'),
        t('reportCross.colStatements'),
        t('reportCross.colPractices'),
      ],
      rows: rows.map((r) => ({ cells: r.cells })),
      notes: [t('reportCross.barrierTableNote')],
    },
  ];
}

/** Barriers by category: per category its figure and table, then each barrier with its statements. */
async function barriers(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const [o, sheets, categories, evidence, figureNotes] = await Promise.all([
    scope.overview(),
    getPrevalence(ctx.db, 'challenges'),
    getPrevalence(ctx.db, 'statements'),
    statementsWithSources(ctx.db),
    figureNotesOf(scope, ['barriers', 'barrier_categories', 'regions_reporting_barriers']),
  ]);
  const fmt = formatter(ctx);
  const bySheet = new Map(sheets.barriers.map((b) => [b.code, b.regionCodes]));
  const said = evidence.statements.filter((e) => scope.has(e.region));
  const anySheet = sheets.barriers.some((b) => b.regionCodes.some((r) => scope.has(r)));
  const sections = o.categories.map((cat): ReportSection => {
    const reporting = (
      categories.categories.find((c) => c.code === cat.code)?.regionCodes ?? []
    ).filter((r) => scope.has(r));
    return {
      id: `barriers-${cat.code}`,
      heading: codeLabel('barrierCategory', cat.code),
      blocks: [
        paragraph(
          t('reportCross.categorySentence', {
            count: reporting.length,
            n: fmt(reporting.length),
            of: fmt(new Set(said.map((e) => e.region)).size),
          }),
        ),
        ...categoryFigures(ctx, scope, o, cat, bySheet),
      ],
      sections: cat.barriers.map((b) => barrierSection(ctx, scope, b, said, evidence.titles)),
    };
  });
  const barrierCount = o.categories.reduce((a, c) => a + c.barriers.length, 0);
  return {
    id: 'barriers',
    heading: t('reportCross.barriers'),
    blocks: [
      paragraph(
        t('reportCross.barriersIntro', {
          barriers: fmt(barrierCount),
          categories: fmt(o.categories.length),
          statements: fmt(said.length),
          regions: fmt(new Set(said.map((e) => e.region)).size),
        }),
      ),
      ...scopeNote(ctx, scope),
      ...figureNotes.map((n) => discrepancyNote(figureNoteText(ctx, n))),
      ...(said.length === 0 ? [emptyNote(t('reportCross.noStatementsAtAll'))] : []),
    ],
    // Without a statement or a fact-sheet challenge in scope, every table would be zeros.
    sections: said.length === 0 && !anySheet ? [] : sections,
  };
}

/** Strengths and weaknesses: each region's, from its report, or a note that none is on record. */
async function strengthsWeaknesses(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const reports = await regionalReports(ctx.db);
  const sections = scope.codes.map((code): ReportSection => {
    const mine = reports.filter((r) => r.region === code);
    const strengths = mine.flatMap((r) => r.strengths);
    const weaknesses = mine.flatMap((r) => r.weaknesses);
    const part = (label: string, items: readonly string[], none: string): Block[] =>
      items.length === 0
        ? [emptyNote(none)]
        : [paragraph(label), { kind: 'list', items: items.map((s) => [recorded(s)]) }];
    return {
      id: `sw-${code}`,
      heading: placeName(ctx, code),
      blocks: [
        ...part(t('reportCross.strengths'), strengths, t('reportCross.noStrengths')),
        ...part(t('reportCross.weaknesses'), weaknesses, t('reportCross.noWeaknesses')),
        paragraph([
          {
            text: t('reportCross.seeRegion', { name: placeName(ctx, code) }),
            link: regionLink(ctx, code),
          },
        ]),
      ],
    };
  });
  return {
    id: 'strengths-weaknesses',
    heading: t('reportCross.strengthsWeaknesses'),
    blocks: [paragraph(t('reportCross.strengthsIntro')), ...scopeNote(ctx, scope)],
    sections,
  };
}

/** Good practices: one table per barrier category of the practices addressing its barriers. */
async function goodPractices(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const [catalogue, o, partners] = await Promise.all([
    goodPracticeCatalogue(ctx.db, {}),
    scope.overview(),
    partnerRegions(ctx.db),
  ]);
  const fmt = formatter(ctx);
  const chosen = partners.filter((r) => scope.has(r.code));
  const practices = scope.filtered
    ? catalogue.practices.filter((p) => chosen.some((r) => isPracticeFrom(p, r)))
    : catalogue.practices;
  const where = (p: (typeof practices)[number]) =>
    p.region
      ? `${placeName(ctx, p.region)}, ${placeName(ctx, countryOf(p))}`
      : placeName(ctx, countryOf(p));
  const sections = o.categories.map((cat): ReportSection => {
    const codes = new Set(cat.barriers.map((b) => b.code));
    const mine = practices.filter((p) => p.barriers.some((b) => codes.has(b)));
    const label = codeLabel('barrierCategory', cat.code);
    const table: Block = {
      kind: 'table',
      id: `table-practices-${cat.code}`,
      caption: t('reportCross.practicesCaption', { category: label }),
      header: [
        t('reportCross.colPractice'),
        t('reportCross.colWhere'),
        t('reportCross.colAddresses'),
        t('reportCross.colTransferability'),
      ],
      textColumns: 4,
      rows: mine.map((p) => ({
        cells: [
          { value: p.name, link: recordsLink(`/good-practices/${p.slug}`, p.name) },
          where(p),
          p.barriers.map((b) => barrierName(b)).join('; '),
          p.transferability ?? t('reportCross.notStated'),
        ],
        link: recordsLink(`/good-practices/${p.slug}`, p.name),
      })),
    };
    return {
      id: `practices-${cat.code}`,
      heading: label,
      blocks: mine.length === 0 ? [emptyNote(t('reportCross.noPractices'))] : [table],
    };
  });
  return {
    id: 'good-practices',
    heading: t('reportCross.goodPractices'),
    blocks: [
      paragraph([
        {
          text: t('reportCross.practicesIntro', {
            count: practices.length,
            n: fmt(practices.length),
          }),
          link: recordsLink('/good-practices', t('reportCross.catalogueLink')),
        },
      ]),
      ...scopeNote(ctx, scope),
      ...(practices.length === 0 ? [emptyNote(t('reportCross.noPracticesAtAll'))] : []),
    ],
    sections: practices.length === 0 ? [] : sections,
  };
}

/**
 * The sources of recommendations in the order the report groups them (the roadmap first), each
 * kind with its rank: a Record, so that a new kind cannot be left out of the report's tables.
 */
const GROUP_RANK: Readonly<Record<RecommendationKind, number>> = {
  joint_roadmap: 0,
  way_forward: 1,
  regional_outlook: 2,
  pillar_next_step: 3,
  icpermed: 4,
  ec_action: 5,
};
const RECOMMENDATION_GROUPS = [...RECOMMENDATION_KINDS]
  .sort((a, b) => GROUP_RANK[a] - GROUP_RANK[b])
  .map((kind) => [kind, RECOMMENDATION_KIND_KEYS[kind]] as const);

const LEVEL_KEYS: Record<RecommendationRecord['level'], string> = {
  european: 'recommendations.levelEuropean',
  national: 'recommendations.levelNational',
  regional: 'recommendations.levelRegional',
};

/** Where a recommendation is made for: the places it names, else its level. */
function recommendationPlaces(ctx: ReportContext, r: RecommendationRecord): string {
  const places = r.regions.filter((g) => g !== 'EU').map((g) => placeName(ctx, g));
  return places.length > 0 ? places.join(', ') : t(LEVEL_KEYS[r.level]);
}

/** Who a recommendation calls on: the stakeholder groups, then the organisations it names. */
const recommendationActors = (r: RecommendationRecord): string =>
  [
    r.actors.map((a) => codeLabel('stakeholderGroup', a)).join(', '),
    ...(r.actorsNamed ? [r.actorsNamed] : []),
  ].join('; ');

/** How many recommendations in scope address each barrier: a figure with its table. */
function recommendationBarrierFigures(
  ctx: ReportContext,
  inScope: readonly RecommendationRecord[],
): Block[] {
  const fmt = formatter(ctx);
  const rows = BARRIERS.map((b) => ({
    code: b.code,
    name: barrierName(b.code, b.number),
    n: inScope.filter((r) => r.barriers.includes(b.code)).length,
  }));
  const tableId = 'table-recommendations-barriers';
  return [
    {
      kind: 'chart',
      id: 'chart-recommendations-barriers',
      caption: t('reportCross.recommendationsBarrierCaption'),
      alt: t('reportCross.recommendationsBarrierAlt', {
        list: rows.map((r) => `${barrierName(r.code)}: ${fmt(r.n)}`).join('; '),
      }),
      rows: rows.map((r) => barrierName(r.code)),
      series: [t('reportCross.colRecommendations')],
      values: rows.map((r) => [r.n]),
      axisTitle: t('reportCross.axisRecommendations'),
      tableId,
    },
    {
      kind: 'table',
      id: tableId,
      caption: t('reportCross.recommendationsBarrierCaption'),
      header: [t('reportCross.colBarrier'), t('reportCross.colRecommendations')],
      rows: rows.map((r) => {
        const link = recordsLink(
          `/barriers/${r.code}`,
          t('reportCross.barrierLink', { name: barrierName(r.code) }),
        );
        return { cells: [{ value: r.name, link }, r.n] };
      }),
      notes: [t('reportCross.recommendationsBarrierNote')],
    },
  ];
}

/** One source's recommendations in scope: a table, a row per recommendation linked to its record. */
function recommendationGroup(
  ctx: ReportContext,
  kind: RecommendationKind,
  label: string,
  mine: readonly RecommendationRecord[],
): ReportSection {
  const table: Block = {
    kind: 'table',
    id: `table-recommendations-${kind}`,
    caption: t('reportCross.recommendationsCaption', { source: label }),
    header: [
      t('reportCross.colRecommendation'),
      t('reportCross.colWhere'),
      t('reportCross.colAddresses'),
      t('reportCross.colActors'),
    ],
    textColumns: 4,
    rows: mine.map((r) => {
      const link = recordsLink(`/recommendations/${encodeURIComponent(r.slug)}`, r.title);
      return {
        cells: [
          { value: r.title, link },
          recommendationPlaces(ctx, r),
          r.barriers.map((b) => barrierName(b)).join('; '),
          recommendationActors(r),
        ],
        link,
      };
    }),
  };
  return {
    id: `recommendations-${kind}`,
    heading: label,
    blocks: mine.length === 0 ? [emptyNote(t('reportCross.noRecommendations'))] : [table],
  };
}

/**
 * Recommendations: those on record (as of the report's moment) made at European level or for the
 * regions in scope and their countries, grouped by source, with how many address each barrier.
 */
async function recommendations(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const [all, concerns] = await Promise.all([
    reportRecommendations(ctx.atlas, ctx.options.asOf),
    recommendationScope(ctx.db, scope.codes),
  ]);
  const inScope = all.filter(concerns);
  const fmt = formatter(ctx);
  return {
    id: 'recommendations',
    heading: t('reportCross.recommendations'),
    blocks: [
      paragraph(t('reportCross.recommendationsIntro')),
      paragraph([
        { text: `${t('reportCross.recommendationsCount', { n: fmt(inScope.length) })} ` },
        {
          text: t('reportCross.recommendationsAll'),
          link: recordsLink('/recommendations', t('reportCross.recommendationsAll')),
        },
      ]),
      ...scopeNote(ctx, scope),
      ...(inScope.length === 0
        ? [emptyNote(t('reportCross.noRecommendationsAtAll'))]
        : recommendationBarrierFigures(ctx, inScope)),
    ],
    sections:
      inScope.length === 0
        ? []
        : RECOMMENDATION_GROUPS.map(([kind, key]) =>
            recommendationGroup(
              ctx,
              kind,
              t(key),
              inScope.filter((r) => r.kind === kind),
            ),
          ),
  };
}

/** The regions' fact sheets: headline figures each linked to the records, and the barriers most raised. */
async function factSheets(ctx: ReportContext, scope: Scope): Promise<ReportSection> {
  const [e, o] = await Promise.all([scope.engagement(), scope.overview()]);
  const interviews = new Map<string, number | null>();
  for (const i of e.interviews)
    interviews.set(i.region, (interviews.get(i.region) ?? 0) + (i.printedTotal ?? 0));
  const headlines = (await regionHeadlines(ctx.db, interviews)).filter((h) =>
    scope.has(h.region.code),
  );
  const fmt = formatter(ctx);
  const sections = headlines.map((h): ReportSection => {
    const code = h.region.code;
    const page = regionLink(ctx, code);
    const row = (label: string, value: number | null, href = page): TableRow => ({
      cells: [label, value === null ? null : { value, link: href }],
    });
    const col = o.matrix.columns.indexOf(code);
    const top = o.matrix.rows
      .map((b, i) => ({ b, n: o.matrix.cells[i]?.[col] ?? 0 }))
      .filter((x) => col >= 0 && x.n > 0)
      .sort((a, b) => b.n - a.n || a.b.localeCompare(b.b))
      .slice(0, 3);
    return {
      id: `fact-sheet-${code}`,
      heading: placeName(ctx, code),
      blocks: [
        {
          kind: 'table',
          id: `table-fact-sheet-${code}`,
          caption: t('reportCross.factSheetCaption', { name: placeName(ctx, code) }),
          header: [t('reportCross.colFigure'), t('reportCross.colCount')],
          rows: [
            row(
              t('reportCross.factInitiatives'),
              h.initiatives,
              recordsLink(
                withQuery('/initiatives', { [h.initiativeFilter]: code }),
                t('reportCross.initiativesLink', { name: placeName(ctx, code) }),
              ),
            ),
            row(t('reportCross.factStatements'), h.statements),
            row(t('reportCross.factPractices'), h.practices),
            row(t('reportCross.factInterviews'), h.interviews),
          ],
        },
        top.length === 0
          ? emptyNote(t('reportCross.noRegionStatements'))
          : paragraph([
              { text: `${t('reportCross.topBarriers')} ` },
              ...top.flatMap((x, i): Run[] => [
                ...(i > 0 ? [{ text: '; ' }] : []),
                {
                  text: `${barrierName(x.b)} (${fmt(x.n)})`,
                  link: recordsLink(
                    `/barriers/${x.b}`,
                    t('reportCross.barrierLink', { name: barrierName(x.b) }),
                  ),
                },
              ]),
            ]),
      ],
    };
  });
  return {
    id: 'fact-sheets',
    heading: t('reportCross.factSheets'),
    appendix: true,
    blocks: [
      paragraph(t('reportCross.factSheetsIntro')),
      ...(sections.length === 0 ? [emptyNote(t('reportCross.noRegions'))] : []),
    ],
    sections,
  };
}

/** The cross-regional report over the options' regions (every partner region when none). */
export async function buildCrossRegionalReport(ctx: ReportContext): Promise<ReportDocument> {
  const scope = await scopeOf(ctx);
  const want = (id: string) =>
    ctx.options.sections.length === 0 || ctx.options.sections.includes(id);
  const make = async (id: string, f: (c: ReportContext, s: Scope) => Promise<ReportSection>) =>
    want(id) ? f(ctx, scope) : undefined;
  const sections = await Promise.all([
    make('methodology', methodology),
    make('barriers', barriers),
    make('strengths-weaknesses', strengthsWeaknesses),
    make('good-practices', goodPractices),
    make('recommendations', recommendations),
    make('fact-sheets', factSheets),
  ]);
  const o = ctx.options;
  const href = withQuery('/reports/cross-regional', {
    region: o.regions,
    campaign: o.campaign ?? '',
    domain: o.domains,
    section: o.sections,
    lang: o.lang,
  });
  const fmt = formatter(ctx);
  return {
    kind: 'cross-regional',
    lang: o.lang,
    title: t('reportCross.title'),
    subtitle: scope.filtered
      ? t('reportCross.subtitleSome', {
          regions: scope.codes.map((c) => placeName(ctx, c)).join(', '),
        })
      : t('reportCross.subtitleAll', { count: scope.codes.length, n: fmt(scope.codes.length) }),
    runningHead: t('reportCross.runningHead'),
    sections: chosenSections(ctx, sections),
    colophon: await colophon(ctx, optionFilters(ctx), href),
  };
}
