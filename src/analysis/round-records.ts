/**
 * What an accepted response becomes in the atlas, and what the atlas's records become when a
 * new round opens prefilled with them. Pure: the service reads the records and writes the result.
 */
import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import {
  type AnswerValue,
  OTHER_BARRIER,
  type ResponseAnswers,
  type ResponseItem,
} from '../domain/questionnaires.ts';
import type {
  GoodPractice,
  Initiative,
  InterviewRow,
  RegionalReport,
  SourceRef,
  Workshop,
} from '../domain/schemas.ts';

type Answers = ResponseItem['answers'];

const str = (a: Answers, k: string): string | undefined => {
  const v = a[k];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};
const list = (a: Answers, k: string): string[] => {
  const v = a[k];
  return Array.isArray(v) ? v : [];
};
const num = (a: Answers, k: string): number | undefined => {
  const v = a[k];
  return typeof v === 'number' ? v : undefined;
};
/** An object without its undefined values, as the schemas leave optional fields out. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An item's answers without the ones not given (absent, empty text or an empty list). */
export function withAnswers(
  answers: Record<string, AnswerValue | undefined>,
  ref?: string,
): ResponseItem {
  const given = Object.entries(answers).filter(
    (e): e is [string, AnswerValue] =>
      e[1] !== undefined && e[1] !== null && e[1] !== '' && !(Array.isArray(e[1]) && !e[1].length),
  );
  return { ...(ref !== undefined && { ref }), answers: Object.fromEntries(given) };
}

/** A short text naming an initiative's funders, programmes and notes; undefined without any. */
function fundingNote(i: Initiative): string | undefined {
  const parts = i.funding.map((f) =>
    [f.funder, f.programme, f.note].filter((x): x is string => Boolean(x)).join(', '),
  );
  const text = parts.join('; ');
  return text ? text.slice(0, 500) : undefined;
}

/**
 * An initiative as an item of the initiative survey, keyed by its slug: what a seed round holds
 * and what a new round opens prefilled with (marked unchanged until the coordinator says more).
 */
export function initiativeItem(i: Initiative): ResponseItem {
  return withAnswers(
    {
      name: i.name,
      objectives: i.objectives ?? i.summary,
      link: i.website,
      scopes: [...i.scopes],
      status: i.status,
      funding: [...new Set(i.funding.map((f) => f.kind))],
      funding_note: fundingNote(i),
    },
    i.slug,
  );
}

/** A lower-case slug of a name, unique against `taken` (a number appended where needed). */
export function slugFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/g, '') || 'initiative';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Where a round's record comes from: the campaign's response of the region, and which item. */
export const roundSource = (campaign: string, region: string, row?: string): SourceRef =>
  defined({ source: campaign, section: `response of ${region}`, row });

/** The round of a response: which campaign, region, country and when it stands. */
export interface Round {
  readonly campaign: string;
  readonly region: string;
  readonly country: string;
  /** The month the statuses stand at (YYYY-MM). */
  readonly asOf: string;
}

/** What the initiative survey's items change in the atlas. */
export interface InitiativeChanges {
  /** Carried-forward initiatives, updated (changed or closed) or confirmed (unchanged). */
  readonly update: Initiative[];
  /** New initiatives: complete but for the classification (domain, type) a curator gives. */
  readonly create: Record<string, unknown>[];
}

function applyItem(base: Initiative, a: Answers, round: Round, row: string): Initiative {
  const link = str(a, 'link');
  const kinds = list(a, 'funding');
  const keptKinds = new Set(base.funding.map((f) => f.kind));
  return {
    ...base,
    name: str(a, 'name') ?? base.name,
    objectives: str(a, 'objectives') ?? base.objectives,
    ...(link ? { website: link, websiteMissing: undefined } : {}),
    scopes: (list(a, 'scopes').length ? list(a, 'scopes') : base.scopes) as Initiative['scopes'],
    status: (str(a, 'status') ?? base.status) as Initiative['status'],
    statusAsOf: round.asOf,
    funding: [
      ...base.funding,
      ...kinds
        .filter((k) => !keptKinds.has(k as Initiative['funding'][number]['kind']))
        .map((k) => ({
          funder: str(a, 'funding_note') ?? k,
          kind: k as Initiative['funding'][number]['kind'],
        })),
    ],
    sources: [...base.sources, roundSource(round.campaign, round.region, row)],
  };
}

/**
 * The initiative survey's items as atlas changes: a carried item updates its initiative (closed
 * ones get the closed status), a new one becomes a new initiative of the region under a slug not
 * in `slugsInUse`.
 */
export function initiativeChanges(
  items: readonly ResponseItem[],
  existing: ReadonlyMap<string, Initiative>,
  slugsInUse: ReadonlySet<string>,
  round: Round,
): InitiativeChanges {
  const update: Initiative[] = [];
  const create: Record<string, unknown>[] = [];
  const taken = new Set(slugsInUse);
  items.forEach((item, i) => {
    const row = `initiatives ${i + 1}`;
    const base = item.ref ? existing.get(item.ref) : undefined;
    if (base) {
      const a = item.carry === 'closed' ? { status: 'closed' } : item.answers;
      update.push(applyItem(base, a, round, row));
      return;
    }
    const slug = slugFor(str(item.answers, 'name') ?? 'initiative', taken);
    taken.add(slug);
    const link = str(item.answers, 'link');
    create.push(
      defined({
        slug,
        name: str(item.answers, 'name'),
        objectives: str(item.answers, 'objectives'),
        website: link,
        websiteMissing: link ? undefined : 'no link given in the response',
        homeCountry: round.country,
        submittingRegion: round.region,
        scopes: list(item.answers, 'scopes'),
        status: str(item.answers, 'status'),
        statusAsOf: round.asOf,
        funding: list(item.answers, 'funding').map((k) => ({
          funder: str(item.answers, 'funding_note') ?? k,
          kind: k,
        })),
        sources: [roundSource(round.campaign, round.region, row)],
      }),
    );
  });
  return { update, create };
}

/** What a regional report's response becomes: the report, practices, interviews and workshop. */
export interface ReportRecords {
  readonly report: RegionalReport;
  readonly practices: GoodPractice[];
  readonly interviews: InterviewRow;
  readonly workshop?: Workshop;
  /** Barriers answered "other": described, waiting for a curator to code them. */
  readonly uncoded: string[];
}

const first = (answers: ResponseAnswers, section: string): Answers =>
  answers[section]?.[0]?.answers ?? {};

function reportOf(answers: ResponseAnswers, round: Round, source: SourceRef): RegionalReport {
  const texts = (section: string) =>
    (answers[section] ?? []).map((it) => str(it.answers, 'text')).filter((t): t is string => !!t);
  const da = first(answers, 'data_access');
  const dataAccess = defined({
    howAccessed: str(da, 'how_accessed'),
    barriers: str(da, 'barriers'),
    future: str(da, 'future'),
    goodExamples: str(da, 'good_examples'),
  });
  return defined({
    region: round.region,
    campaign: round.campaign,
    overview: str(first(answers, 'summary'), 'overview') ?? '',
    challenges: (answers.barriers ?? [])
      .filter((it) => str(it.answers, 'barrier') && str(it.answers, 'barrier') !== OTHER_BARRIER)
      .map((it) =>
        defined({
          barrier: str(it.answers, 'barrier') as string,
          note: str(it.answers, 'description') ?? '',
          affectedParties: str(it.answers, 'affected_parties'),
          impact: str(it.answers, 'impact'),
          recommendedActions: str(it.answers, 'recommended_actions'),
        }),
      ),
    strengths: texts('strengths'),
    weaknesses: texts('weaknesses'),
    secondaryDataAccess: dataAccess.howAccessed,
    dataAccess: Object.keys(dataAccess).length ? dataAccess : undefined,
    sources: [source],
  });
}

function practicesOf(answers: ResponseAnswers, round: Round, taken: Set<string>): GoodPractice[] {
  return (answers.practices ?? []).map((it, i) => {
    const a = it.answers;
    const slug = it.ref ?? slugFor(str(a, 'name') ?? 'practice', taken);
    taken.add(slug);
    const actions = str(a, 'actions');
    return defined({
      slug,
      name: str(a, 'name') ?? slug,
      region: round.region,
      country: round.country,
      scope: 'regional' as const,
      summary: [str(a, 'description'), actions && `Actions: ${actions}`]
        .filter(Boolean)
        .join('\n\n'),
      link: str(a, 'link'),
      barriers: list(a, 'barriers'),
      keyPlayers: str(a, 'key_players'),
      impact: str(a, 'impact'),
      transferability: str(a, 'transferability'),
      exemplary: false,
      sources: [roundSource(round.campaign, round.region, `practices ${i + 1}`)],
    });
  });
}

function workshopOf(
  answers: ResponseAnswers,
  round: Round,
  source: SourceRef,
): Workshop | undefined {
  const w = first(answers, 'workshop');
  if (Object.keys(w).length === 0) return undefined;
  const byGroup = Object.fromEntries(
    STAKEHOLDER_GROUPS.map((g) => [g.code, num(w, `participants_${g.code}`)]).filter(
      ([, n]) => n !== undefined,
    ),
  ) as Workshop['participantsByGroup'];
  const sum = Object.values(byGroup ?? {}).reduce((a, n) => a + (n ?? 0), 0);
  return defined({
    key: `${round.campaign}-${round.region.toLowerCase()}`,
    region: round.region,
    campaign: round.campaign,
    heldOn: str(w, 'held_on'),
    participants: num(w, 'participants_total') ?? (Object.keys(byGroup ?? {}).length ? sum : null),
    format: str(w, 'format') as Workshop['format'],
    participantsByGroup: Object.keys(byGroup ?? {}).length ? byGroup : undefined,
    outcome: str(w, 'outcome'),
    sources: [source],
  });
}

/** The records a regional report's response publishes; interviews are counted, never copied. */
export function reportRecords(
  answers: ResponseAnswers,
  round: Round,
  practiceSlugs: ReadonlySet<string>,
): ReportRecords {
  const source = roundSource(round.campaign, round.region);
  const counts: Partial<Record<string, number>> = {};
  for (const it of answers.interviews ?? []) {
    const g = str(it.answers, 'stakeholder_group');
    if (g) counts[g] = (counts[g] ?? 0) + 1;
  }
  const total = (answers.interviews ?? []).length;
  return {
    report: reportOf(answers, round, source),
    practices: practicesOf(answers, round, new Set(practiceSlugs)),
    interviews: {
      region: round.region,
      campaign: round.campaign,
      printedTotal: total,
      counts: counts as InterviewRow['counts'],
      sources: [source],
    },
    workshop: workshopOf(answers, round, source),
    uncoded: (answers.barriers ?? [])
      .filter((it) => str(it.answers, 'barrier') === OTHER_BARRIER)
      .map((it) => str(it.answers, 'other_description') ?? ''),
  };
}
