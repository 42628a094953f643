/**
 * Presenters of the /api/v1 answers: pure functions from a service's view to the JSON the
 * operation documents. Routes ask a service, hand its view to one of these and answer the result;
 * the Zod response schemas of the routes type-check what comes out.
 */

import type { AccountView, Actor } from '../../domain/accounts.ts';
import { BARRIERS, labelOf } from '../../domain/codes.ts';
import type { CrossTab } from '../../domain/crosstab.ts';
import type { BarriersByStakeholder, RegionBarriers } from '../../domain/prevalence.ts';
import type { SearchResult } from '../../domain/search.ts';
import { FACET_NAMES, type FacetName, snippetHtml, snippetText } from '../../domain/search.ts';
import { type RecordTranslations, type ShownText, shownText } from '../../domain/translations.ts';
import { TWINNING_WEIGHTS } from '../../domain/twinning.ts';
import type { BarrierOverview, BarrierView, TranslatedEvidence } from '../../services/barriers.ts';
import type { CampaignDashboard, RegionComparison } from '../../services/campaign-dashboard.ts';
import type { ResponseView } from '../../services/campaign-responses.ts';
import type { Comparison } from '../../services/compare.ts';
import type { VersionView } from '../../services/contributions.ts';
import type { CampaignSummary, EngagementSummary } from '../../services/engagement.ts';
import type { GoodPracticeView, PracticeCatalogue } from '../../services/good-practices.ts';
import type { InitiativeView } from '../../services/initiatives.ts';
import type {
  RecommendationCatalogue,
  RecommendationView,
  RegionRecommendations,
  TranslatedRecommendation,
} from '../../services/recommendations.ts';
import type { RegionView, RegionWithCounts } from '../../services/regions.ts';
import type { RecordHistory } from '../../services/reviews.ts';
import type { Stats } from '../../services/stats.ts';
import type { CheckedTranslations } from '../../services/translations.ts';
import type { TwinningView } from '../../services/twinning.ts';
import { codeLabel, currentLocale, hasKey, t } from '../../web/i18n.ts';
import { type ListTexts, listed } from '../../web/translated.tsx';

/** A two-way table of counts as plain arrays. */
export function crossTabJson(t: CrossTab) {
  return {
    rows: [...t.rows],
    columns: [...t.columns],
    cells: t.cells.map((r) => [...r]),
    rowTotals: [...t.rowTotals],
    columnTotals: [...t.columnTotals],
    total: t.total,
  };
}

/** The barrier × region matrix with each column's distinct statements beside its codings. */
export function barrierMatrixJson(o: BarrierOverview) {
  return {
    ...crossTabJson(o.matrix),
    kind: o.kind,
    statementsPerColumn: [...o.statementsPerColumn],
    statements: o.statements,
    challengesPerColumn: [...o.challengesPerColumn],
    challenges: o.challenges,
  };
}

/** A region's barriers ranked by the evidence behind them, each with its English label. */
export function regionBarriersJson(r: RegionBarriers) {
  return {
    region: r.region,
    kind: r.kind,
    statements: r.statements,
    challenges: r.challenges,
    regionsWithEvidence: r.regionsWithEvidence,
    barriers: r.barriers.map((b) => ({
      rank: b.rank,
      code: b.code,
      label: labelOf(BARRIERS, b.code),
      statements: b.statements,
      challenges: b.challenges,
      items: b.items,
      regions: b.regions,
    })),
  };
}

/** Statements by barrier and stakeholder group, with each column's distinct statements. */
export function barriersByStakeholderJson(x: BarriersByStakeholder) {
  return {
    ...crossTabJson(x.table),
    statementsPerColumn: [...x.statementsPerColumn],
    statements: x.statements,
    withGroup: x.withGroup,
  };
}

/** A map of counts as a plain object. */
export function countsJson(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(m);
}

/**
 * A page of search results: hits with plain and highlighted snippets, facets and the query read
 * back; each hit's name in the request's language where a curator approved a translation
 * (`translations`: the page's, by slug), flagged `outdated` when its original changed since.
 */
export function searchResultJson(
  result: SearchResult,
  translations?: ReadonlyMap<string, CheckedTranslations>,
) {
  const here = currentLocale();
  return {
    total: result.total,
    items: result.hits.map((h) => ({
      ...h,
      labels: {
        domain: codeLabel('domain', h.domain),
        type: codeLabel('type', h.type),
        status: codeLabel('status', h.status),
      },
      texts: { name: checkedText(translations?.get(h.slug), 'name', h.name, h.language, here) },
      snippet: snippetText(h.snippet),
      snippetHtml: snippetHtml(h.snippet),
    })),
    facets: Object.fromEntries(
      FACET_NAMES.map((f) => [f, result.facets[f].map((x) => ({ ...x }))]),
    ) as Record<FacetName, { value: string; count: number }[]>,
    query: {
      q: result.query.text,
      sort: result.query.sort,
      filters: Object.fromEntries(
        Object.entries(result.query.filters).map(([k, v]) => [k, [...(v ?? [])]]),
      ),
    },
  };
}

/**
 * A record's text as shown in the language `here`: the approved translation into it, else the
 * original; a translation whose original text changed since it was made is flagged `outdated`,
 * with the version of the record it was made from.
 */
function checkedText(
  translations: CheckedTranslations | undefined,
  field: string,
  value: string,
  original: string,
  here: string,
) {
  const shown: ShownText = shownText(translations, field, value, original, here);
  const stale = shown.translatedBy ? translations?.outdated.get(here) : undefined;
  return stale?.fields.includes(field)
    ? { ...shown, outdated: true as const, madeFromVersion: stale.madeFromVersion }
    : { ...shown };
}

/**
 * One initiative: its public fields, its sources with their titles, related and similar ones; its
 * codes' labels in the request's language, its name and summary in that language where a curator
 * approved a translation (each text with its language), and every approved translation.
 */
export function initiativeJson(view: InitiativeView, translations?: CheckedTranslations) {
  const { id: _id, relations: _relations, sources, inferred, ...record } = view.initiative;
  const original = record.language ?? 'en';
  const here = currentLocale();
  const text = (field: string, value: string) =>
    checkedText(translations, field, value, original, here);
  return {
    ...record,
    inferred: (inferred ?? []).map((m) => ({ ...m })),
    sources: sources.map((s) => ({ ...s, title: view.sourceTitles.get(s.source) ?? null })),
    related: view.related.map((r) => ({ ...r })),
    similar: [...view.similar],
    labelLanguage: here,
    labels: {
      domain: codeLabel('domain', record.domain),
      type: codeLabel('type', record.type),
      status: codeLabel('status', record.status),
      scopes: record.scopes.map((s) => codeLabel('scope', s)),
      themes: record.themes.map((s) => codeLabel('theme', s)),
    },
    texts: {
      name: text('name', record.name),
      ...(record.summary ? { summary: text('summary', record.summary) } : {}),
    },
    translations: checkedTranslationsJson(translations),
  };
}

/** Every approved translation of a record, by language then field. */
export function translationsJson(translations: RecordTranslations | undefined) {
  return [...(translations?.languages.values() ?? [])].flatMap((texts) =>
    [...texts.values()].map((t) => ({
      field: t.field,
      language: t.language,
      text: t.text,
      translatedBy: t.translatedBy,
      reviewedBy: t.reviewedBy,
      updatedAt: t.updatedAt,
    })),
  );
}

/** The counts beside the good-practice catalogue. */
export function practiceCountsJson(catalogue: PracticeCatalogue) {
  return {
    barrier: countsJson(catalogue.counts.barrier),
    country: countsJson(catalogue.counts.country),
    exemplary: catalogue.counts.exemplary,
  };
}

type GoodPracticeItem = GoodPracticeView['practice'];

/** The labels of a good practice's codes in the request's language. */
function practiceLabelsJson(p: GoodPracticeItem) {
  const requirement = (code: string) =>
    hasKey(`twinning.req_${code}`) ? t(`twinning.req_${code}`) : code;
  return {
    scope: p.scope ? codeLabel('scope', p.scope) : null,
    barriers: p.barriers.map((b) => codeLabel('barrier', b)),
    transferConditions: (p.transferConditions ?? []).map((c) => requirement(c.requires)),
  };
}

/**
 * A good practice in a list: its fields, its codes' labels and its name and description in the
 * request's language where a curator approved a translation (`texts`: the page's translations
 * into that language by practice, then field), each text with its language.
 */
export function goodPracticeItemJson(p: GoodPracticeItem, texts: ListTexts) {
  const text = (field: string, value: string) => listed(texts, p.slug, field, value, p.language);
  return {
    ...p,
    barriers: [...p.barriers],
    transferConditions: (p.transferConditions ?? []).map((c) => ({ ...c })),
    labelLanguage: currentLocale(),
    labels: practiceLabelsJson(p),
    texts: {
      name: text('name', p.name),
      ...(p.summary ? { summary: text('summary', p.summary) } : {}),
    },
  };
}

/**
 * Every approved translation of a record (an initiative, a good practice, a recommendation, an
 * evidence statement) with the version of the
 * original it was made from and whether the original's text changed since (it may then be out of date).
 */
function checkedTranslationsJson(translations: CheckedTranslations | undefined) {
  return translationsJson(translations).map((x) => ({
    ...x,
    madeFromVersion: translations?.madeFrom.get(x.language) ?? null,
    outdated: translations?.outdated.get(x.language)?.fields.includes(x.field) ?? false,
  }));
}

/**
 * One good practice with its barriers and its sources with their titles; its codes' labels in
 * the request's language, its name and description in that language where a curator approved a
 * translation (each text with its language, and `outdated` with the original's version it was
 * made from when the original changed since), and every approved translation.
 */
export function goodPracticeJson(view: GoodPracticeView, translations?: CheckedTranslations) {
  const p = view.practice;
  const here = currentLocale();
  const text = (field: string, value: string) =>
    checkedText(translations, field, value, p.language, here);
  return {
    ...p,
    barriers: [...p.barriers],
    transferConditions: (p.transferConditions ?? []).map((c) => ({ ...c })),
    sources: view.sources.map((s) => ({ ...s, title: view.sourceTitles.get(s.source) ?? null })),
    labelLanguage: here,
    labels: practiceLabelsJson(p),
    texts: {
      name: text('name', p.name),
      ...(p.summary ? { summary: text('summary', p.summary) } : {}),
    },
    translations: checkedTranslationsJson(translations),
  };
}

/** Interviews, workshops and their totals: counts only, with the notes the rows carry. */
export function engagementJson(e: EngagementSummary) {
  return {
    interviews: e.interviews.map((i) => ({
      ...i,
      byGroup: { ...i.byGroup },
      dataQualityNote: e.interviewNotes.get(i.region)?.message ?? null,
    })),
    workshops: [...e.workshops],
    workshopNotes: e.workshopNotes.map((n) => ({
      ...n,
      sources: n.sources.map((s) => ({ ...s })),
    })),
    totals: { ...e.totals, interviewsByGroup: { ...e.totals.interviewsByGroup } },
  };
}

/** A campaign with its published results (null until there are any). */
export function campaignJson(s: CampaignSummary) {
  return {
    ...s.campaign,
    results: s.results
      ? {
          ...s.results,
          regions: [...s.results.regions],
          notes: s.results.notes.map((n) => ({ ...n })),
        }
      : null,
  };
}

/** The headline statistics: domain × type, and counts by region, country and status. */
export function statisticsJson(s: Stats) {
  return {
    total: s.total,
    domainByType: crossTabJson(s.domainByType),
    byRegion: [...s.byRegion],
    withoutReportingRegion: s.withoutReportingRegion,
    byCountry: [...s.byCountry],
    countries: s.countries,
    byStatus: [...s.byStatus],
    bySource: s.bySource.map((o) => ({ ...o, sections: o.sections.map((x) => ({ ...x })) })),
  };
}

/** Regions side by side: each one's figures, initiatives by domain and type, statements by category. */
export function comparisonJson(comparison: Comparison) {
  return {
    kind: comparison.kind,
    regions: comparison.chosen.map((x) => ({
      ...x.summary,
      initiativesByDomainAndType: crossTabJson(x.initiatives),
      statementsByCategory: Object.fromEntries(x.statementsByCategory),
      challenges: x.challenges,
      evidenceByCategory: Object.fromEntries(x.evidenceByCategory),
      workshopNote: x.workshopNote
        ? { text: x.workshopNote.text, sources: x.workshopNote.sources }
        : null,
    })),
  };
}

/**
 * The public fields of a statement (never its respondent); its statement in the request's
 * language where a curator approved a translation, else the original (each text with its
 * language, and `outdated` with the version it was made from when the original changed since),
 * and every approved translation. The quotation is the source's own words, never translated.
 */
export function evidenceJson(e: TranslatedEvidence) {
  return {
    key: e.key,
    statement: e.statement,
    language: e.language,
    texts: {
      statement: checkedText(e.translations, 'statement', e.statement, e.language, currentLocale()),
    },
    translations: checkedTranslationsJson(e.translations),
    quote: e.quote ? { ...e.quote, printedIn: e.quote.printedIn.map((p) => ({ ...p })) } : null,
    region: e.region,
    barriers: [...e.barriers],
  };
}

type Barrier = BarrierOverview['categories'][number]['barriers'][number];

/** A barrier with how many statements and practices the overview counts for it. */
export function barrierJson(b: Barrier, overview: BarrierOverview) {
  return {
    ...b,
    subThemes: [...b.subThemes],
    statements: overview.reach.get(b.code)?.statements ?? 0,
    challenges: overview.reach.get(b.code)?.challenges ?? 0,
    answers: overview.reach.get(b.code)?.answers ?? 0,
    regions: overview.reach.get(b.code)?.regions.length ?? 0,
    regionsByStatements: overview.reach.get(b.code)?.byStatements ?? 0,
    regionsByReports: overview.reach.get(b.code)?.byReports ?? 0,
    practices: overview.practicesPerBarrier.get(b.code) ?? 0,
  };
}

/** A category of the codebook with its barriers and their counts. */
export function categoryJson(
  cat: BarrierOverview['categories'][number],
  overview: BarrierOverview,
) {
  return {
    code: cat.code,
    label: cat.label,
    description: cat.description,
    barriers: cat.barriers.map((b) => barrierJson(b, overview)),
  };
}

/** One barrier with its category label, its evidence and the practices that address it. */
export function barrierDetailJson(view: BarrierView, overview: BarrierOverview) {
  return {
    ...barrierJson(view.barrier, overview),
    categoryLabel: view.category.label,
    evidence: view.evidence.map(evidenceJson),
    reportChallenges: view.challenges.map((c) => ({
      region: c.region,
      campaign: c.campaign,
      kind: c.kind,
      note: c.note,
      affectedParties: c.affectedParties,
      impact: c.impact,
      recommendedActions: c.recommendedActions,
    })),
    goodPractices: view.practices.map((p) => ({
      slug: p.slug,
      name: p.name,
      country: p.country,
      exemplary: p.exemplary,
    })),
  };
}

/** A region with its counts. */
export function regionJson(r: RegionWithCounts) {
  return {
    code: r.region.code,
    name: r.region.name,
    nativeName: r.region.nativeName,
    level: r.region.level,
    parent: r.region.parentCode,
    country: r.region.countryCode,
    partner: r.region.isPartner,
    initiatives: r.initiatives,
    initiativesCounted: r.initiativeBasis,
    statements: r.statements,
  };
}

/** A region's fact sheet: the region with its counts, its report, initiatives, practices and engagement. */
export function regionDetailJson(view: RegionView, counts: RegionWithCounts | undefined) {
  const report = view.report;
  return {
    ...regionJson({
      region: view.region,
      initiativeBasis: view.initiativeBasis,
      initiatives: counts?.initiatives ?? 0,
      statements: counts?.statements ?? 0,
    }),
    report: report
      ? {
          campaign: report.campaign,
          overview: report.overview,
          challenges: report.challenges,
          strengths: report.strengths,
          weaknesses: report.weaknesses,
          secondaryDataAccess: report.secondaryDataAccess,
          workshopNote: report.workshopNote,
        }
      : null,
    initiativesByDomainAndType: crossTabJson(view.initiatives),
    practicesFrom: view.practicesFrom.map((p) => ({ slug: p.slug, name: p.name })),
    practicesFor: view.practicesFor.map((p) => ({
      slug: p.practice.slug,
      name: p.practice.name,
      sharedBarriers: p.shared,
    })),
    interviews: view.interviews
      ? {
          campaign: view.interviews.campaign,
          printedTotal: view.interviews.printedTotal,
          byGroup: { ...view.interviews.byGroup },
          dataQualityNote: view.interviewNote?.message ?? null,
        }
      : null,
    workshops: view.workshops.map((w) => ({
      heldOn: w.heldOn,
      participants: w.participants,
      format: w.format,
      organisers: w.organisers,
    })),
  };
}

/** The suggestions with names, as the operations answer them. */
export function twinningJson(v: TwinningView) {
  const s = v.suggestions;
  const place = (code: string) => (code === 'EU' ? 'EU-wide' : (v.placeNames.get(code) ?? code));
  return {
    region: v.region?.code ?? null,
    themes: [...v.themes],
    weights: { ...TWINNING_WEIGHTS },
    profile: s.profile.map((r) => ({ ...r })),
    peers: s.peers.map((p) => ({ ...p, name: place(p.region), shared: [...p.shared] })),
    mentors: s.mentors.map((m) => ({
      ...m,
      name: place(m.place),
      addresses: [...m.addresses],
      practices: [...m.practices],
    })),
    practices: s.practices.map((p) => ({
      ...p,
      name: v.practiceNames.get(p.slug) ?? p.slug,
      addresses: [...p.addresses],
      conditions: p.conditions.map((c) => ({
        ...c,
        evidence: c.evidence.map((e) => ({ ...e })),
      })),
    })),
    initiatives: s.initiatives.map((i) => ({
      ...i,
      name: v.initiativeNames.get(i.slug) ?? i.slug,
      sharedThemes: [...i.sharedThemes],
    })),
  };
}

/** The account of a request's credentials (GET /api/v1/me), for that account only. */
export function meJson(account: AccountView, actor: Extract<Actor, { kind: 'account' }>) {
  return {
    email: account.email,
    displayName: account.displayName,
    role: account.role,
    regions: [...account.regions],
    via: actor.scopes ? ('token' as const) : ('session' as const),
    scopes: actor.scopes ? [...actor.scopes] : null,
  };
}

/** A record's address in the write API: its key's parts, each encoded, under the kind's path. */
export const recordPath = (kind: { path: string }, key: string) =>
  `/api/v1/${kind.path}/${key.split('/').map(encodeURIComponent).join('/')}`;

/** Where the public reads a record's published content. */
function publishedPath(kind: { path: string; entity: string }, v: VersionView): string {
  const region = encodeURIComponent(String(v.content.region ?? ''));
  if (kind.entity === 'regional_report') return `/api/v1/regions/${region}`;
  if (kind.entity === 'interview_row' || kind.entity === 'workshop') return '/api/v1/engagement';
  return recordPath(kind, v.key);
}

/** A version of a contributed record: its state, tag, content and where to find it. */
export function versionJson(kind: { path: string; entity: string }, v: VersionView) {
  const base = recordPath(kind, v.key);
  return {
    entity: v.entity,
    key: v.key,
    number: v.number,
    state: v.state,
    tag: v.tag,
    needs: [...v.needs],
    regions: [...v.regions],
    reason: v.reason,
    author: v.author,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    decidedBy: v.decidedBy,
    decidedAt: v.decidedAt,
    content: v.content,
    links: {
      draft: `${base}/draft`,
      versions: `${base}/versions`,
      published: publishedPath(kind, v),
    },
  };
}

/** A page of a record's versions, each with what it changed. */
export function historyJson(kind: { path: string; entity: string }, h: RecordHistory) {
  return {
    total: h.total,
    page: h.page,
    items: h.entries.map((e) => ({
      version: versionJson(kind, e.version),
      changes: e.changes.map((c) => ({
        field: c.field,
        before: c.before ?? null,
        after: c.after ?? null,
      })),
    })),
  };
}

/** A region's response as its coordinators and the curators read it (private answers included). */
export function responseJson(v: ResponseView) {
  const self = `/api/v1/campaigns/${v.campaign.slug}/responses/${v.region}`;
  const form = `/campaigns/${v.campaign.slug}/responses/${v.region}`;
  return {
    campaign: v.campaign.slug,
    region: v.region,
    state: v.state,
    revision: v.revision,
    questionnaire: { slug: v.questionnaire.slug, version: v.questionnaire.version },
    answers: v.answers,
    problems: v.problems.map((p) => ({ ...p })),
    completeness: { ...v.completeness, sections: v.completeness.sections.map((s) => ({ ...s })) },
    comments: v.comments.map((c) => ({ ...c })),
    updatedAt: v.updatedAt,
    updatedBy: v.updatedBy,
    submittedAt: v.submittedAt,
    acceptedAt: v.acceptedAt,
    refusal: v.refusal,
    duplicates: v.duplicates.map((d) => ({ ...d })),
    links: { self, form, workbook: `${form}/workbook.xlsx`, comparison: `${self}/comparison` },
  };
}

/** A campaign's progress by region, with totals. */
export function dashboardJson(d: CampaignDashboard) {
  return {
    campaign: d.campaign.slug,
    totals: { ...d.totals },
    regions: d.regions.map((r) => ({ ...r, items: r.items && { ...r.items } })),
  };
}

/** A region's response compared with the round before. */
export function roundComparisonJson(c: RegionComparison) {
  const { items, barriers, sections } = c.comparison;
  return {
    campaign: c.campaign.slug,
    previous: c.previous?.slug ?? null,
    region: c.region,
    items: {
      new: [...items.new],
      closed: [...items.closed],
      changed: items.changed.map((i) => ({ ...i, fields: [...i.fields] })),
      unchanged: [...items.unchanged],
      dropped: [...items.dropped],
    },
    barriers: {
      added: [...barriers.added],
      dropped: [...barriers.dropped],
      kept: [...barriers.kept],
    },
    sections: sections.map((s) => ({ ...s })),
  };
}

/**
 * A recommendation as the API shows it, its sources with their titles; its title and text in the
 * request's language where a curator approved a translation (each with its language, flagged
 * `outdated` when the original changed since), and every approved translation.
 */
export function recommendationJson(
  r: TranslatedRecommendation,
  titles: ReadonlyMap<string, string>,
) {
  const { translations, ...record } = r;
  const here = currentLocale();
  const text = (field: 'title' | 'text') =>
    checkedText(translations, field, r[field], r.language, here);
  return {
    ...record,
    texts: { title: text('title'), text: text('text') },
    translations: checkedTranslationsJson(translations),
    quote: r.quote ? { ...r.quote } : null,
    barriers: [...r.barriers],
    actors: [...r.actors],
    regions: [...r.regions],
    sources: r.sources.map((s) => ({ ...s, title: titles.get(s.source) ?? null })),
  };
}

/** The counts of the recommendation list's filter values. */
export function recommendationCountsJson(c: RecommendationCatalogue) {
  return {
    source: Object.fromEntries(c.counts.source),
    barrier: Object.fromEntries(c.counts.barrier),
    actor: Object.fromEntries(c.counts.actor),
  };
}

/** One recommendation with the regions whose fact sheets report the barriers it addresses. */
export function recommendationViewJson(v: RecommendationView) {
  return {
    ...recommendationJson(v.recommendation, v.sourceTitles),
    relatedRegions: v.relatedRegions.map((x) => ({ region: x.region, shared: [...x.shared] })),
  };
}

/** What is recommended for a region: for the place, and at European level for its barriers. */
export function regionRecommendationsJson(
  r: RegionRecommendations,
  titles: ReadonlyMap<string, string>,
) {
  return {
    region: r.region,
    barriers: [...r.barriers],
    forPlace: r.forPlace.map((x) => recommendationJson(x, titles)),
    forBarriers: r.forBarriers.map((x) => ({
      recommendation: recommendationJson(x.recommendation, titles),
      shared: [...x.shared],
    })),
  };
}
