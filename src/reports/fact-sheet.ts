/**
 * A region's fact sheet: two to four printed pages on one partner region. Where it is and its
 * headline figures, the initiatives it reported, the barriers its stakeholders named (with their
 * words where the source quotes them), good practices from there and from elsewhere (these with
 * their transfer conditions checked against the region, in one line each), the interviews and
 * workshops behind it, and the twinning suggestions with their reasons. Lists are
 * cut to what fits, each cut saying how many more there are and where all of them are: a link on
 * the site, the address written out on paper (PDF, DOCX).
 */
import {
  BARRIER_CATEGORIES,
  BARRIERS,
  STAKEHOLDER_GROUPS,
  STRUCTURAL_TYPES,
} from '../domain/codes.ts';
import type {
  Block,
  Inline,
  ReportDocument,
  ReportSection,
  Run,
  TableBlock,
  TableRow,
} from '../domain/report.ts';
import type { ConditionCheck } from '../domain/twinning.ts';
import type { RegionView } from '../services/regions.ts';
import { getRegionView } from '../services/regions.ts';
import { type MappingInitiative, regionInitiatives } from '../services/report-data.ts';
import {
  codeLabel,
  compareNames,
  type Locale,
  placeName as localPlaceName,
  printedPlaceName,
  t,
} from '../web/i18n.ts';
import {
  addressRun,
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

/** How many items each list shows before it says how many more there are. */
const LIMITS = {
  initiatives: 4,
  /** One statement per category: a quotation where there is one, else the atlas's paraphrase. */
  statementsPerCategory: 1,
  challenges: 3,
  practices: 4,
  suggested: 2,
  twinning: 2,
  /** Barriers named in one reason before "and N more". */
  reasons: 3,
  strengths: 3,
  /** Barrier categories given a statement of their own. */
  categories: 2,
} as const;

/** What the fact sheet is made of. */
interface SheetData {
  readonly view: RegionView;
  readonly initiatives: readonly MappingInitiative[];
}

const fmt = (ctx: ReportContext, n: number) => new Intl.NumberFormat(ctx.options.lang).format(n);

const linked = (text: string, href: string, label: string): Run => ({
  text,
  link: recordsLink(href, label),
});

/** Text of a record in English (the atlas's paraphrases and the sources' words). */
const english = (text: string): Run => ({ text, lang: 'en' });

const regionHref = (v: RegionView) => `/regions/${encodeURIComponent(v.region.code)}`;

/** The list of the region's initiatives with more facets. */
function initiativesHref(v: RegionView, facets: Record<string, string> = {}): string {
  const basis = v.initiativeBasis === 'based' ? 'country' : 'region';
  return withQuery('/initiatives', { [basis]: v.region.code, ...facets });
}

/**
 * "N more: see …" when a list was cut: how many it leaves out and where all of them are (on the
 * site a link saying what it leads to, on paper the address written out).
 */
function moreBlock(ctx: ReportContext, more: number, href: string, label: string): Block[] {
  if (more <= 0) return [];
  const howMany = t('reportFactSheet.more', { count: more, n: fmt(ctx, more) });
  return [
    paragraph([
      { text: `${t('reportFactSheet.moreSee', { more: howMany })} ` },
      addressRun(href, label),
    ]),
  ];
}

/** Distinct barriers of the region's statements. */
const barriersNamed = (v: RegionView) => new Set(v.evidence.flatMap((e) => e.barriers));

/** The headline figures of the region, each with the records behind it. */
function headlineTable(v: RegionView): TableBlock {
  const name = v.region.name;
  const interviews = v.interviews?.printedTotal ?? null;
  const participants = v.workshops.reduce((a, w) => a + (w.participants ?? 0), 0);
  const row = (label: string, value: number | null, href: string, what: string): TableRow => ({
    cells: [label, value === null ? null : { value, link: recordsLink(href, what) }],
  });
  return {
    kind: 'table',
    id: 'headline-figures',
    caption: t('reportFactSheet.headlineCaption', { name }),
    header: [t('reportFactSheet.colFigure'), t('reportFactSheet.colValue')],
    rows: [
      row(
        v.initiativeBasis === 'based'
          ? t('reportFactSheet.figInitiativesBased')
          : t('reportFactSheet.figInitiatives'),
        v.initiatives.total,
        initiativesHref(v),
        t('reportFactSheet.initiativesLink', { name }),
      ),
      row(
        t('reportFactSheet.figStatements'),
        v.evidence.length,
        regionHref(v),
        t('reportFactSheet.statementsLink', { name }),
      ),
      row(
        t('reportFactSheet.figBarriers'),
        barriersNamed(v).size,
        regionHref(v),
        t('reportFactSheet.statementsLink', { name }),
      ),
      row(
        t('reportFactSheet.figPractices'),
        v.practicesFrom.length,
        regionHref(v),
        t('reportFactSheet.practicesLink', { name }),
      ),
      row(
        t('reportFactSheet.figInterviews'),
        interviews,
        regionHref(v),
        t('reportFactSheet.engagementLink', { name }),
      ),
      row(
        t('reportFactSheet.figWorkshops'),
        v.workshops.length,
        regionHref(v),
        t('reportFactSheet.engagementLink', { name }),
      ),
      row(
        t('reportFactSheet.figParticipants'),
        participants,
        regionHref(v),
        t('reportFactSheet.engagementLink', { name }),
      ),
    ],
  };
}

/** A short list of the region's own words (strengths, weaknesses) as a subsection. */
function wordsSection(
  ctx: ReportContext,
  v: RegionView,
  id: string,
  heading: string,
  items: readonly string[],
): ReportSection[] {
  if (items.length === 0) return [];
  return [
    {
      id,
      heading,
      blocks: [
        { kind: 'list', items: items.slice(0, LIMITS.strengths).map((s) => [english(s)]) },
        ...moreBlock(
          ctx,
          items.length - LIMITS.strengths,
          regionHref(v),
          t('reportFactSheet.regionLink', { name: v.region.name }),
        ),
      ],
    },
  ];
}

/** Where the region is, what its fact sheet says of it, and its headline figures. */
function overviewSection(ctx: ReportContext, { view: v }: SheetData): ReportSection {
  const r = v.region;
  const level = t(`reportFactSheet.level_${r.level}`);
  const where =
    r.level === 'country'
      ? t('reportFactSheet.placeCountry', { name: r.name, code: r.code })
      : t('reportFactSheet.placeLine', {
          name: r.name,
          code: r.code,
          level,
          country: placeName(ctx, r.countryCode),
        });
  const blocks: Block[] = [
    paragraph([linked(where, regionHref(v), t('reportFactSheet.regionLink', { name: r.name }))]),
    v.report?.overview
      ? paragraph([{ text: `${t('reportFactSheet.overviewFrom')} ` }, english(v.report.overview)])
      : { kind: 'note', tone: 'info', text: t('reportFactSheet.noOverview') },
    headlineTable(v),
  ];
  return {
    id: 'overview',
    heading: t('reportFactSheet.overview'),
    blocks,
    sections: [
      ...wordsSection(
        ctx,
        v,
        'overview-strengths',
        t('reportFactSheet.strengths'),
        v.report?.strengths ?? [],
      ),
      ...wordsSection(
        ctx,
        v,
        'overview-weaknesses',
        t('reportFactSheet.weaknesses'),
        v.report?.weaknesses ?? [],
      ),
    ],
  };
}

/** The region's initiatives by domain × structural type, each count linking to its list. */
function initiativeTable(v: RegionView): TableBlock {
  const tab = v.initiatives;
  const cell = (value: number, facets: Record<string, string>, label: string) => ({
    value,
    link: recordsLink(initiativesHref(v, facets), label),
  });
  const types = tab.columns.map((c) => codeLabel('type', c));
  const rows: TableRow[] = tab.rows.map((d, i) => ({
    cells: [
      codeLabel('domain', d),
      ...tab.columns.map((ty, j) =>
        cell(
          tab.cells[i]?.[j] ?? 0,
          { domain: d, type: ty },
          t('reportFactSheet.cellLink', { domain: codeLabel('domain', d), type: types[j] ?? ty }),
        ),
      ),
      cell(
        tab.rowTotals[i] ?? 0,
        { domain: d },
        t('reportFactSheet.domainLink', { domain: codeLabel('domain', d) }),
      ),
    ],
  }));
  rows.push({
    total: true,
    cells: [
      t('reportFactSheet.total'),
      ...tab.columns.map((ty, j) =>
        cell(
          tab.columnTotals[j] ?? 0,
          { type: ty },
          t('reportFactSheet.typeLink', { type: types[j] ?? ty }),
        ),
      ),
      cell(tab.total, {}, t('reportFactSheet.initiativesLink', { name: v.region.name })),
    ],
  });
  return {
    kind: 'table',
    id: 'initiatives-domain-type',
    caption: t(
      v.initiativeBasis === 'based'
        ? 'reportFactSheet.initiativesCaptionBased'
        : 'reportFactSheet.initiativesCaption',
      { name: v.region.name },
    ),
    header: [t('reportFactSheet.colDomain'), ...types, t('reportFactSheet.total')],
    rows,
  };
}

/** The initiatives: the domain × type table and a short list of names. */
function initiativesSection(
  ctx: ReportContext,
  { view: v, initiatives }: SheetData,
): ReportSection {
  const heading = t('reportFactSheet.initiatives');
  if (v.initiatives.total === 0)
    return {
      id: 'initiatives',
      heading,
      blocks: [emptyNote(t('reportFactSheet.noInitiatives', { name: v.region.name }))],
    };
  const typeOrder = STRUCTURAL_TYPES.map((s) => s.code as string);
  const shown = [...initiatives]
    .sort(
      (a, b) =>
        typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || compareNames(a.name, b.name),
    )
    .slice(0, LIMITS.initiatives);
  return {
    id: 'initiatives',
    heading,
    blocks: [
      initiativeTable(v),
      paragraph(t('reportFactSheet.someInitiatives')),
      {
        kind: 'list',
        items: shown.map((i) => [
          linked(i.name, `/initiatives/${encodeURIComponent(i.slug)}`, i.name),
          { text: ` (${codeLabel('type', i.type)}, ${codeLabel('domain', i.domain)})` },
        ]),
      },
      ...moreBlock(
        ctx,
        initiatives.length - shown.length,
        initiativesHref(v),
        t('reportFactSheet.initiativesLink', { name: v.region.name }),
      ),
    ],
  };
}

/** The category a barrier belongs to. */
const categoryOf = (barrier: string) =>
  BARRIERS.find((b) => b.code === barrier)?.category as string | undefined;

/** Statements per barrier, and a total of distinct statements. */
function statementTable(ctx: ReportContext, v: RegionView): TableBlock {
  const code = encodeURIComponent(v.region.code);
  const rows: TableRow[] = BARRIERS.flatMap((b) => {
    const n = v.evidence.filter((e) => e.barriers.includes(b.code)).length;
    if (n === 0) return [];
    return [
      {
        cells: [
          codeLabel('barrierCategory', b.category),
          codeLabel('barrier', b.code),
          {
            value: n,
            link: recordsLink(
              `/barriers/${b.code}#ev-${code}`,
              t('reportFactSheet.barrierLink', {
                barrier: codeLabel('barrier', b.code),
                name: v.region.name,
              }),
            ),
          },
        ],
      },
    ];
  });
  rows.push({
    total: true,
    cells: [
      t('reportFactSheet.totalStatements'),
      '',
      {
        value: v.evidence.length,
        link: recordsLink(
          regionHref(v),
          t('reportFactSheet.statementsLink', { name: v.region.name }),
        ),
      },
    ],
  });
  return {
    kind: 'table',
    id: 'barrier-statements',
    caption: t('reportFactSheet.statementsCaption', { name: v.region.name }),
    header: [
      t('reportFactSheet.colCategory'),
      t('reportFactSheet.colBarrier'),
      t('reportFactSheet.colStatements'),
    ],
    textColumns: 2,
    rows,
    notes: [t('reportFactSheet.statementsNote', { n: fmt(ctx, v.evidence.length) })],
  };
}

/** Where a quotation is printed: the document's title, its section and page. */
function quoteSource(v: RegionView, e: RegionView['evidence'][number]): Inline {
  const quote = e.quote;
  if (!quote) return '';
  const places = quote.printedIn.map((p) =>
    [
      v.sourceTitles.get(p.source) ?? p.source,
      ...(p.section ? [t('reportFactSheet.quoteSection', { section: p.section })] : []),
      ...(p.page ? [t('reportFactSheet.quotePage', { page: p.page })] : []),
    ].join(', '),
  );
  const barrier = e.barriers[0] ?? '';
  const who = printedPlaceName(quote.attribution, e.region);
  return [
    who.lang === 'en' ? english(who.text) : { text: who.text },
    { text: `; ${places.join('; ')} ` },
    linked(
      t('reportFactSheet.statementRecord'),
      `/barriers/${barrier}#statement-${encodeURIComponent(e.key)}`,
      t('reportFactSheet.statementRecordLabel'),
    ),
  ];
}

/** One barrier category: a few quotations, a few paraphrases and how many more there are. */
function categorySection(
  ctx: ReportContext,
  v: RegionView,
  category: string,
): ReportSection | undefined {
  const mine = v.evidence.filter((e) => categoryOf(e.barriers[0] ?? '') === category);
  if (mine.length === 0) return undefined;
  const quoted = mine.filter((e) => e.quote).slice(0, LIMITS.statementsPerCategory);
  const plain = mine
    .filter((e) => !quoted.includes(e))
    .slice(0, LIMITS.statementsPerCategory - quoted.length);
  const blocks: Block[] = [
    paragraph(t('reportFactSheet.categoryCount', { count: mine.length, n: fmt(ctx, mine.length) })),
    ...quoted.map(
      (e): Block => ({
        kind: 'quote',
        text: e.quote?.text ?? '',
        lang: 'en',
        source: quoteSource(v, e),
      }),
    ),
  ];
  if (plain.length > 0)
    blocks.push(paragraph(t('reportFactSheet.paraphrases')), {
      kind: 'list',
      items: plain.map((e) => [
        english(e.statement),
        { text: ' (' },
        ...e.barriers.flatMap((b, k): Run[] => [
          ...(k > 0 ? [{ text: ', ' }] : []),
          linked(
            codeLabel('barrier', b),
            `/barriers/${b}#statement-${encodeURIComponent(e.key)}`,
            t('reportFactSheet.statementRecordLabel'),
          ),
        ]),
        { text: ')' },
      ]),
    });
  blocks.push(
    ...moreBlock(
      ctx,
      mine.length - quoted.length - plain.length,
      regionHref(v),
      t('reportFactSheet.statementsLink', { name: v.region.name }),
    ),
  );
  return { id: `barriers-${category}`, heading: codeLabel('barrierCategory', category), blocks };
}

/** The challenges the region's own fact sheet names, each with its barrier. */
function challengesSection(ctx: ReportContext, v: RegionView): ReportSection[] {
  const all = v.report?.challenges ?? [];
  if (all.length === 0) return [];
  return [
    {
      id: 'barriers-challenges',
      heading: t('reportFactSheet.challenges'),
      blocks: [
        {
          kind: 'list',
          items: all
            .slice(0, LIMITS.challenges)
            .map((c) => [
              english(c.note),
              { text: ' (' },
              linked(
                codeLabel('barrier', c.barrier),
                `/barriers/${c.barrier}`,
                codeLabel('barrier', c.barrier),
              ),
              { text: ')' },
            ]),
        },
        ...moreBlock(
          ctx,
          all.length - LIMITS.challenges,
          regionHref(v),
          t('reportFactSheet.regionLink', { name: v.region.name }),
        ),
      ],
    },
  ];
}

/** The barriers: statements counted per barrier, then by category with the region's words. */
function barriersSection(ctx: ReportContext, { view: v }: SheetData): ReportSection {
  const heading = t('reportFactSheet.barriers');
  const challenges = challengesSection(ctx, v);
  if (v.evidence.length === 0)
    return {
      id: 'barriers',
      heading,
      blocks: [emptyNote(t('reportFactSheet.noStatements', { name: v.region.name }))],
      sections: challenges,
    };
  return {
    id: 'barriers',
    heading,
    blocks: [paragraph(t('reportFactSheet.barriersIntro')), statementTable(ctx, v)],
    sections: [...quotedCategories(ctx, v), ...challenges],
  };
}

/**
 * The categories with the most statements (codebook order between equals), one statement each:
 * the table above counts them all, the region's page quotes them all.
 */
function quotedCategories(ctx: ReportContext, v: RegionView): ReportSection[] {
  const order = BARRIER_CATEGORIES.map((c) => c.code as string);
  const statements = (category: string) =>
    v.evidence.filter((e) => categoryOf(e.barriers[0] ?? '') === category).length;
  return order
    .filter((c) => statements(c) > 0)
    .sort((a, b) => statements(b) - statements(a) || order.indexOf(a) - order.indexOf(b))
    .slice(0, LIMITS.categories)
    .flatMap((c) => categorySection(ctx, v, c) ?? []);
}

/** Barrier labels, joined; the first few of a long list and how many more. */
function barrierList(ctx: ReportContext, codes: readonly string[]): string {
  const shown = codes
    .slice(0, LIMITS.reasons)
    .map((b) => codeLabel('barrier', b))
    .join(', ');
  const more = codes.length - LIMITS.reasons;
  return more > 0 ? `${shown} ${t('twinning.andMore', { count: more, n: fmt(ctx, more) })}` : shown;
}

/** " (Place)" after a practice's name, or nothing when the practice names no place. */
const placeSuffix = (ctx: ReportContext, code: string | null) =>
  code ? ` (${placeName(ctx, code)})` : '';

/**
 * A practice's transfer conditions in one line: how many the region meets, which it does not
 * (named) and how many its records leave unknown; the twinning page gives the records behind each.
 */
function conditionsLine(ctx: ReportContext, conditions: readonly ConditionCheck[]): string {
  const of = (status: ConditionCheck['status']) => conditions.filter((c) => c.status === status);
  const n = (list: readonly ConditionCheck[]) => fmt(ctx, list.length);
  const [met, unmet, unknown] = [of('met'), of('unmet'), of('unknown')];
  const states = [
    ...(met.length > 0 ? [t('reportFactSheet.condMet', { n: n(met) })] : []),
    ...(unmet.length > 0
      ? [
          t('reportFactSheet.condUnmet', {
            n: n(unmet),
            names: unmet.map((c) => t(`twinning.req_${c.requires}`)).join('; '),
          }),
        ]
      : []),
    ...(unknown.length > 0 ? [t('reportFactSheet.condUnknown', { n: n(unknown) })] : []),
  ];
  return t('reportFactSheet.transferConditions', {
    states: states.length > 0 ? states.join(' · ') : t('reportFactSheet.condNone'),
  });
}

/** A practice suggested from elsewhere: where from, the barriers it addresses, its conditions. */
function suggestedItem(
  ctx: ReportContext,
  { practice: p, shared, conditions }: RegionView['practicesFor'][number],
): Run[] {
  return [
    linked(p.name, `/good-practices/${encodeURIComponent(p.slug)}`, p.name),
    {
      text: `${placeSuffix(ctx, p.region ?? p.country)} ${t('reportFactSheet.addresses', { barriers: barrierList(ctx, shared) })}; ${conditionsLine(ctx, conditions)}`,
    },
  ];
}

/** Good practices from the region and, from elsewhere, those that address its barriers. */
function practicesSection(ctx: ReportContext, { view: v }: SheetData): ReportSection {
  const heading = t('reportFactSheet.goodPractices');
  const name = v.region.name;
  if (v.practicesFrom.length === 0 && v.practicesFor.length === 0)
    return {
      id: 'good-practices',
      heading,
      blocks: [emptyNote(t('reportFactSheet.noPractices', { name }))],
    };
  const from: Block[] =
    v.practicesFrom.length === 0
      ? [emptyNote(t('reportFactSheet.noPracticesFrom', { name }))]
      : [
          {
            kind: 'list',
            items: v.practicesFrom.slice(0, LIMITS.practices).map((p) => [
              linked(p.name, `/good-practices/${encodeURIComponent(p.slug)}`, p.name),
              ...(p.barriers.length > 0
                ? [
                    {
                      text: ` ${t('reportFactSheet.addresses', { barriers: barrierList(ctx, p.barriers) })}`,
                    },
                  ]
                : []),
            ]),
          },
          ...moreBlock(
            ctx,
            v.practicesFrom.length - LIMITS.practices,
            regionHref(v),
            t('reportFactSheet.practicesLink', { name }),
          ),
        ];
  const forIt: Block[] =
    v.practicesFor.length === 0
      ? [{ kind: 'note', tone: 'info', text: t('reportFactSheet.noSuggestedPractices') }]
      : [
          paragraph(t('reportFactSheet.suggestedIntro')),
          {
            kind: 'list',
            items: v.practicesFor.slice(0, LIMITS.suggested).map((x) => suggestedItem(ctx, x)),
          },
          ...moreBlock(
            ctx,
            v.practicesFor.length - LIMITS.suggested,
            `/twinning?region=${encodeURIComponent(v.region.code)}`,
            t('reportFactSheet.twinningLink', { name }),
          ),
        ];
  return {
    id: 'good-practices',
    heading,
    blocks: [],
    sections: [
      {
        id: 'good-practices-from',
        heading: t('reportFactSheet.practicesFrom', { name }),
        blocks: from,
      },
      { id: 'good-practices-for', heading: t('reportFactSheet.practicesFor'), blocks: forIt },
    ],
  };
}

/** The interview table: one row per stakeholder group and the printed total, with the check's note. */
function interviewBlocks(ctx: ReportContext, v: RegionView): Block[] {
  const row = v.interviews;
  if (!row) return [emptyNote(t('reportFactSheet.noInterviews', { name: v.region.name }))];
  const note = v.interviewNote;
  const table: TableBlock = {
    kind: 'table',
    id: 'interviews',
    caption: t('reportFactSheet.interviewsCaption', { name: v.region.name }),
    header: [t('reportFactSheet.colGroup'), t('reportFactSheet.colInterviews')],
    rows: [
      ...STAKEHOLDER_GROUPS.map((g) => ({
        cells: [codeLabel('stakeholderGroup', g.code), row.byGroup[g.code]],
      })),
      {
        total: true,
        cells: [t('reportFactSheet.printedTotal'), row.printedTotal],
        ...(note && note.found !== undefined
          ? { note: t('reportFactSheet.rowNote', { found: fmt(ctx, note.found) }) }
          : {}),
      },
    ],
    notes: [t('reportFactSheet.interviewsNote')],
  };
  if (!note) return [table];
  return [
    table,
    discrepancyNote([
      {
        text: `${t('reportFactSheet.interviewDiscrepancy', {
          stated: fmt(ctx, note.stated ?? row.printedTotal ?? 0),
          found: fmt(ctx, note.found ?? 0),
        })} `,
      },
      linked(
        t('reportFactSheet.dataQualityLink'),
        `/data-quality#${note.kind}`,
        t('reportFactSheet.dataQualityLabel'),
      ),
    ]),
  ];
}

/** The workshops held in the region, or what its report says of the one not on record. */
function workshopBlocks(ctx: ReportContext, v: RegionView): Block[] {
  if (v.workshops.length === 0) {
    const note = v.report?.workshopNote;
    return note
      ? [
          {
            kind: 'note',
            tone: 'info',
            text: [{ text: `${t('reportFactSheet.noWorkshopHeld')} ` }, english(note.text)],
          },
        ]
      : [emptyNote(t('reportFactSheet.noWorkshop', { name: v.region.name }))];
  }
  return [
    {
      kind: 'list',
      items: v.workshops.map((w) =>
        [
          w.heldOn
            ? t('reportFactSheet.workshopOn', { date: w.heldOn })
            : t('reportFactSheet.workshop'),
          w.participants === null
            ? t('reportFactSheet.participantsUnknown')
            : t('reportFactSheet.participants', {
                count: w.participants,
                n: fmt(ctx, w.participants),
              }),
          ...(w.format
            ? [t(`reportFactSheet.format_${w.format}`, { defaultValue: w.format })]
            : []),
          ...(w.organisers ? [t('reportFactSheet.organisers', { organisers: w.organisers })] : []),
        ].join(', '),
      ),
    },
  ];
}

/** Interviews by stakeholder group and the workshops. */
function engagementSection(ctx: ReportContext, { view: v }: SheetData): ReportSection {
  return {
    id: 'engagement',
    heading: t('reportFactSheet.engagement'),
    blocks: [],
    sections: [
      {
        id: 'engagement-interviews',
        heading: t('reportFactSheet.interviews'),
        blocks: interviewBlocks(ctx, v),
      },
      {
        id: 'engagement-workshops',
        heading: t('reportFactSheet.workshops'),
        blocks: workshopBlocks(ctx, v),
      },
    ],
  };
}

/** The top peers, mentors and initiatives twinning suggests, each with its reasons. */
function twinningItems(ctx: ReportContext, v: RegionView): Run[][] {
  const s = v.twinning.suggestions;
  const names = v.twinning;
  const n = LIMITS.twinning;
  const peers = s.peers.slice(0, n).map((p): Run[] => [
    { text: `${t('reportFactSheet.peer')} ` },
    linked(
      placeName(ctx, p.region),
      `/regions/${encodeURIComponent(p.region)}`,
      placeName(ctx, p.region),
    ),
    {
      text: `: ${t('reportFactSheet.shares', {
        barriers: barrierList(
          ctx,
          p.shared.map((r) => r.barrier),
        ),
      })}`,
    },
  ]);
  // The report counts a mentor's practices; a mentor by its fact-sheet strengths alone is on the page.
  const byPractice = s.mentors.filter((m) => m.practices.length > 0);
  const mentors = byPractice.slice(0, n).map((m): Run[] => [
    { text: `${t('reportFactSheet.mentor')} ` },
    { text: names.placeNames.get(m.place) ?? m.place },
    {
      text: `: ${t('reportFactSheet.mentorReason', {
        count: m.practices.length,
        n: fmt(ctx, m.practices.length),
        barriers: barrierList(
          ctx,
          m.addresses.map((r) => r.barrier),
        ),
      })}`,
    },
  ]);
  const initiatives = s.initiatives.slice(0, n).map((i): Run[] => [
    { text: `${t('reportFactSheet.initiative')} ` },
    linked(
      names.initiativeNames.get(i.slug) ?? i.slug,
      `/initiatives/${encodeURIComponent(i.slug)}`,
      names.initiativeNames.get(i.slug) ?? i.slug,
    ),
    {
      text: `: ${t('reportFactSheet.themes', { themes: i.sharedThemes.map((th) => codeLabel('theme', th)).join(', ') })}${i.openScope ? ` ${t('reportFactSheet.openScope')}` : ''}`,
    },
  ]);
  return [...peers, ...mentors, ...initiatives];
}

/** Twinning: who the region could work with or learn from, and why. */
function twinningSection(ctx: ReportContext, { view: v }: SheetData): ReportSection {
  const heading = t('reportFactSheet.twinning');
  const items = twinningItems(ctx, v);
  const href = `/twinning?region=${encodeURIComponent(v.region.code)}`;
  if (items.length === 0)
    return {
      id: 'twinning',
      heading,
      blocks: [emptyNote(t('reportFactSheet.noTwinning', { name: v.region.name }))],
    };
  return {
    id: 'twinning',
    heading,
    blocks: [
      paragraph(t('reportFactSheet.twinningIntro')),
      { kind: 'list', items },
      paragraph([
        linked(
          t('reportFactSheet.twinningAll', { name: v.region.name }),
          href,
          t('reportFactSheet.twinningLink', { name: v.region.name }),
        ),
      ]),
    ],
  };
}

/** Builds the fact sheet of the one region of the options. */
export async function buildFactSheet(ctx: ReportContext): Promise<ReportDocument> {
  const o = ctx.options;
  const code = o.regions[0] ?? '';
  const found = await getRegionView(ctx.db, code);
  const lang = o.lang as Locale;
  // The region's name in the report's language wherever the sheet names it.
  const view = {
    ...found,
    region: { ...found.region, name: localPlaceName(code, found.region.name, lang) },
  };
  const data: SheetData = {
    view,
    initiatives: await regionInitiatives(ctx.db, code, view.initiativeBasis),
  };
  const make = (id: string, f: (c: ReportContext, d: SheetData) => ReportSection) =>
    wantsSection(ctx, id) ? f(ctx, data) : undefined;
  return {
    kind: 'fact-sheet',
    lang: o.lang,
    title: t('reportFactSheet.title', { name: view.region.name }),
    subtitle: t('reportFactSheet.subtitle'),
    runningHead: t('reportFactSheet.runningHead', { name: view.region.name }),
    sections: chosenSections(ctx, [
      make('overview', overviewSection),
      make('initiatives', initiativesSection),
      make('barriers', barriersSection),
      make('good-practices', practicesSection),
      make('engagement', engagementSection),
      make('twinning', twinningSection),
    ]),
    colophon: await colophon(
      ctx,
      // A fact sheet covers its region whole: the domain option does not apply to it.
      optionFilters(ctx).filter(([label]) => label !== t('reports.optionDomains')),
      withQuery('/reports/fact-sheet', { region: code, lang: o.lang, section: o.sections }),
    ),
  };
}
