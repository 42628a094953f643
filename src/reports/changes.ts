/**
 * What changed between two campaign rounds: the records each region's accepted response reports as
 * new, closed or changed (or no longer reports), the barriers it adds or drops, and where each
 * region's responses to the two rounds stand. The comparison is the one the comparison page
 * shows (services/campaign-dashboard.ts), taken region by region.
 */
import { textIn } from '../domain/questionnaires.ts';
import type {
  Block,
  RecordLink,
  ReportDocument,
  ReportSection,
  TableRow,
} from '../domain/report.ts';
import {
  type RegionRoundChange,
  type ResponseStanding,
  type RoundChanges,
  roundChanges,
} from '../services/report-evidence.ts';
import { codeLabel, compareNames, t } from '../web/i18n.ts';
import {
  chosenSections,
  colophon,
  emptyNote,
  optionFilters,
  paragraph,
  placeName,
  type ReportContext,
  recordsLink,
  withQuery,
} from './common.ts';

/** What one region's two responses compare as (the comparison page's view). */
type RoundComparison = NonNullable<RegionRoundChange['comparison']>;

/** The rounds compared, and the regions whose later response is public and compared. */
interface Compared {
  readonly changes: RoundChanges;
  readonly compared: readonly (RegionRoundChange & { comparison: RoundComparison })[];
}

const compareLink = (ctx: ReportContext, slug: string, region: string): RecordLink =>
  recordsLink(
    `/campaigns/${encodeURIComponent(slug)}/responses/${encodeURIComponent(region)}/compare`,
    t('reportChanges.compareLink', { name: placeName(ctx, region) }),
  );

const campaignLink = (slug: string): RecordLink =>
  recordsLink(`/campaigns/${encodeURIComponent(slug)}`, t('reportChanges.campaignLink', { slug }));

/** What the compared items are called (the carried section's item label), in the report's language. */
function itemWord(ctx: ReportContext, c: RoundChanges): string {
  const qn = c.questionnaire;
  const carried =
    qn?.sections.find((s) => s.carry === 'initiatives') ??
    qn?.sections.find((s) => s.key === 'practices');
  return carried?.itemLabel
    ? textIn(carried.itemLabel, ctx.options.lang)
    : t('reportChanges.items');
}

/** Where a carried item's record is: an initiative, or a good practice of a regional report. */
function itemHref(c: RoundChanges, ref: string): string {
  const initiatives = c.questionnaire?.sections.some((s) => s.carry === 'initiatives');
  return initiatives
    ? `/initiatives/${encodeURIComponent(ref)}`
    : `/good-practices/${encodeURIComponent(ref)}`;
}

/** The label of a question of the later round's questionnaire (its key when unknown). */
function questionLabel(ctx: ReportContext, c: RoundChanges, key: string): string {
  for (const s of c.questionnaire?.sections ?? []) {
    const q = s.questions.find((x) => x.key === key);
    if (q) return textIn(q.label, ctx.options.lang);
  }
  return key;
}

/** Why there is nothing to compare, said once per section. */
function nothingToCompare(ctx: ReportContext, c: Compared | null): Block | null {
  const slug = ctx.options.campaign ?? '';
  if (!c?.changes.earlier) return emptyNote(t('reportChanges.noPrevious', { campaign: slug }));
  if (c.compared.length === 0)
    return emptyNote(
      t('reportChanges.noAccepted', { campaign: slug, earlier: c.changes.earlier.slug }),
    );
  return null;
}

const sumOf = (c: Compared, f: (x: RoundComparison) => number) =>
  c.compared.reduce((a, r) => a + f(r.comparison), 0);

/** Summary: the counts of new, closed, changed and dropped records and of barriers added and dropped. */
function summary(ctx: ReportContext, c: Compared | null): ReportSection {
  const heading = t('reportChanges.summary');
  const none = nothingToCompare(ctx, c);
  if (!c || none) return { id: 'summary', heading, blocks: none ? [none] : [] };
  const { campaign, earlier } = c.changes;
  const fmt = new Intl.NumberFormat(ctx.options.lang).format;
  const link = campaignLink(campaign.slug);
  const items = itemWord(ctx, c.changes);
  const row = (label: string, n: number): TableRow => ({ cells: [label, { value: n, link }] });
  return {
    id: 'summary',
    heading,
    blocks: [
      paragraph([
        {
          text: t('reportChanges.summaryIntro', {
            later: campaign.title,
            earlier: earlier?.title ?? '',
            count: c.compared.length,
            n: fmt(c.compared.length),
          }),
          link,
        },
      ]),
      {
        kind: 'table',
        id: 'table-summary',
        caption: t('reportChanges.summaryCaption'),
        header: [t('reportChanges.colWhat'), t('reportChanges.colCount')],
        rows: [
          row(
            t('reportChanges.rowNew', { items }),
            sumOf(c, (x) => x.items.new.length),
          ),
          row(
            t('reportChanges.rowClosed', { items }),
            sumOf(c, (x) => x.items.closed.length),
          ),
          row(
            t('reportChanges.rowChanged', { items }),
            sumOf(c, (x) => x.items.changed.length),
          ),
          row(
            t('reportChanges.rowDropped', { items }),
            sumOf(c, (x) => x.items.dropped.length),
          ),
          row(
            t('reportChanges.rowBarriersAdded'),
            sumOf(c, (x) => x.barriers.added.length),
          ),
          row(
            t('reportChanges.rowBarriersDropped'),
            sumOf(c, (x) => x.barriers.dropped.length),
          ),
        ],
        notes: [t('reportChanges.summaryNote')],
      },
    ],
  };
}

/** One table of items of one kind (new, closed, dropped), region by region. */
function itemTable(
  ctx: ReportContext,
  c: Compared,
  id: string,
  caption: string,
  pick: (x: RoundComparison) => readonly string[],
): Block {
  const slug = c.changes.campaign.slug;
  const rows: TableRow[] = c.compared.flatMap((r) =>
    pick(r.comparison).map((name) => ({
      cells: [placeName(ctx, r.region), name],
      link: compareLink(ctx, slug, r.region),
    })),
  );
  return rows.length === 0
    ? emptyNote(t('reportChanges.noneOfKind', { what: caption }))
    : {
        kind: 'table',
        id,
        caption,
        header: [t('reportChanges.colRegion'), t('reportChanges.colName')],
        textColumns: 2,
        rows,
      };
}

/** The changed items with the questions whose answers differ. */
function changedTable(ctx: ReportContext, c: Compared, items: string): Block {
  const slug = c.changes.campaign.slug;
  const caption = t('reportChanges.changedCaption', { items });
  const rows: TableRow[] = c.compared.flatMap((r) =>
    r.comparison.items.changed.map((it) => ({
      cells: [
        placeName(ctx, r.region),
        { value: it.name, link: recordsLink(itemHref(c.changes, it.ref), it.name) },
        it.fields.length === 0
          ? t('reportChanges.markedChanged')
          : it.fields.map((f) => questionLabel(ctx, c.changes, f)).join('; '),
      ],
      link: compareLink(ctx, slug, r.region),
    })),
  );
  return rows.length === 0
    ? emptyNote(t('reportChanges.noneOfKind', { what: caption }))
    : {
        kind: 'table',
        id: 'table-changed',
        caption,
        header: [
          t('reportChanges.colRegion'),
          t('reportChanges.colName'),
          t('reportChanges.colWhatChanged'),
        ],
        textColumns: 3,
        rows,
      };
}

/** The records: new, closed, changed and no longer reported, each a table. */
function initiatives(ctx: ReportContext, c: Compared | null): ReportSection {
  const heading = t('reportChanges.initiatives');
  const none = nothingToCompare(ctx, c);
  if (!c || none) return { id: 'initiatives', heading, blocks: none ? [none] : [] };
  const items = itemWord(ctx, c.changes);
  return {
    id: 'initiatives',
    heading,
    blocks: [
      paragraph(t('reportChanges.initiativesIntro', { items })),
      itemTable(ctx, c, 'table-new', t('reportChanges.newCaption', { items }), (x) => x.items.new),
      itemTable(
        ctx,
        c,
        'table-closed',
        t('reportChanges.closedCaption', { items }),
        (x) => x.items.closed,
      ),
      changedTable(ctx, c, items),
      itemTable(
        ctx,
        c,
        'table-dropped',
        t('reportChanges.droppedCaption', { items }),
        (x) => x.items.dropped,
      ),
    ],
  };
}

/** Barriers added and dropped, region by region, with the barriers named. */
function barriers(ctx: ReportContext, c: Compared | null): ReportSection {
  const heading = t('reportChanges.barriers');
  const none = nothingToCompare(ctx, c);
  if (!c || none) return { id: 'barriers', heading, blocks: none ? [none] : [] };
  const asks = c.changes.questionnaire?.sections.some((s) =>
    s.questions.some((q) => q.type === 'barrier'),
  );
  if (!asks)
    return { id: 'barriers', heading, blocks: [emptyNote(t('reportChanges.noBarrierQuestions'))] };
  const slug = c.changes.campaign.slug;
  const named = (codes: readonly string[]) =>
    codes.length === 0 ? '–' : codes.map((b) => codeLabel('barrier', b)).join('; ');
  const rows: TableRow[] = c.compared.map((r) => ({
    cells: [
      placeName(ctx, r.region),
      named(r.comparison.barriers.added),
      named(r.comparison.barriers.dropped),
      r.comparison.barriers.added.length,
      r.comparison.barriers.dropped.length,
      r.comparison.barriers.kept.length,
    ],
    link: compareLink(ctx, slug, r.region),
  }));
  const any = c.compared.some(
    (r) => r.comparison.barriers.added.length + r.comparison.barriers.dropped.length > 0,
  );
  return {
    id: 'barriers',
    heading,
    blocks: [
      paragraph(t('reportChanges.barriersIntro')),
      {
        kind: 'table',
        id: 'table-barriers',
        caption: t('reportChanges.barriersCaption'),
        header: [
          t('reportChanges.colRegion'),
          t('reportChanges.colAddedNames'),
          t('reportChanges.colDroppedNames'),
          t('reportChanges.colAdded'),
          t('reportChanges.colDropped'),
          t('reportChanges.colKept'),
        ],
        textColumns: 3,
        rows,
      },
      ...(any ? [] : [emptyNote(t('reportChanges.noBarrierChanges'))]),
    ],
  };
}

/** A response's state and its days in words. */
function standingCells(s: ResponseStanding | null): string[] {
  if (!s) return [t('reportChanges.state_none'), '', ''];
  const known = ['draft', 'submitted', 'changes_requested', 'accepted'].includes(s.state);
  return [
    known ? t(`reportChanges.state_${s.state}`) : s.state,
    s.submittedAt?.slice(0, 10) ?? '',
    s.acceptedAt?.slice(0, 10) ?? '',
  ];
}

/** Where each region's responses to the two rounds stand. */
function responses(ctx: ReportContext, changes: RoundChanges | null): ReportSection {
  const heading = t('reportChanges.responses');
  if (!changes?.earlier)
    return {
      id: 'responses',
      heading,
      blocks: [emptyNote(t('reportChanges.noPrevious', { campaign: ctx.options.campaign ?? '' }))],
    };
  const later = changes.campaign.slug;
  const byName = [...changes.regions].sort((a, b) =>
    compareNames(placeName(ctx, a.region), placeName(ctx, b.region)),
  );
  const rows: TableRow[] = byName.map((r) => ({
    cells: [placeName(ctx, r.region), ...standingCells(r.earlier), ...standingCells(r.later)],
    ...(r.later?.state === 'accepted' ? { link: compareLink(ctx, later, r.region) } : {}),
  }));
  return {
    id: 'responses',
    heading,
    blocks: [
      paragraph(t('reportChanges.responsesIntro', { earlier: changes.earlier.slug, later })),
      rows.length === 0
        ? emptyNote(t('reportChanges.noRegions'))
        : {
            kind: 'table',
            id: 'table-responses',
            caption: t('reportChanges.responsesCaption'),
            header: [
              t('reportChanges.colRegion'),
              t('reportChanges.colStateIn', { round: changes.earlier.slug }),
              t('reportChanges.colSubmitted'),
              t('reportChanges.colAccepted'),
              t('reportChanges.colStateIn', { round: later }),
              t('reportChanges.colSubmitted'),
              t('reportChanges.colAccepted'),
            ],
            textColumns: 7,
            rows,
            notes: [t('reportChanges.responsesNote')],
          },
    ],
  };
}

/** The changes report: the options' campaign (the later round) against `since` (the earlier). */
export async function buildChangesReport(ctx: ReportContext): Promise<ReportDocument> {
  const o = ctx.options;
  const changes = o.campaign ? await roundChanges(ctx.db, o.campaign, o.since, o.regions) : null;
  const compared: Compared | null = changes
    ? {
        changes,
        compared: changes.regions
          .flatMap((r) => (r.comparison ? [{ ...r, comparison: r.comparison }] : []))
          .sort((a, b) => compareNames(placeName(ctx, a.region), placeName(ctx, b.region))),
      }
    : null;
  const href = withQuery('/reports/changes', {
    campaign: o.campaign ?? '',
    since: o.since ?? '',
    region: o.regions,
    section: o.sections,
    lang: o.lang,
  });
  return {
    kind: 'changes',
    lang: o.lang,
    title: t('reportChanges.title'),
    subtitle: changes?.earlier
      ? t('reportChanges.subtitle', {
          later: changes.campaign.title,
          earlier: changes.earlier.title,
        })
      : (changes?.campaign.title ?? ''),
    runningHead: t('reportChanges.runningHead'),
    sections: chosenSections(ctx, [
      summary(ctx, compared),
      initiatives(ctx, compared),
      barriers(ctx, compared),
      responses(ctx, changes),
    ]),
    colophon: await colophon(ctx, optionFilters(ctx), href),
  };
}
