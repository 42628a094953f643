import type { Db } from '../db/connect.ts';
import { DOMAINS } from '../domain/codes.ts';
import { invalidParameter, unknownValue } from '../domain/errors.ts';
import {
  REPORT_KINDS,
  REPORT_SECTIONS,
  type ReportKind,
  type ReportOptions,
} from '../domain/report.ts';
import type { Campaign } from '../domain/schemas.ts';
import { recordExistedAt } from '../repositories/as-of.ts';
import { listCampaigns } from '../repositories/campaigns.ts';
import { listRegions } from '../repositories/regions.ts';
import { resolveAsOf } from './as-of.ts';

/** The options of a report as they come from a form, a command line or a query string. */
export interface RawReportOptions {
  readonly kind?: string;
  readonly regions?: readonly string[];
  readonly campaign?: string;
  readonly since?: string;
  readonly domains?: readonly string[];
  readonly lang?: string;
  readonly sections?: readonly string[];
  /** A day (YYYY-MM-DD) or time: the records as they were then. */
  readonly asOf?: string;
}

/** What a report form offers: the regions, campaigns, domains and sections to choose from. */
export interface ReportChoices {
  readonly regions: readonly { readonly code: string; readonly name: string }[];
  readonly campaigns: readonly Pick<Campaign, 'slug' | 'title' | 'kind' | 'state' | 'previous'>[];
  readonly domains: readonly string[];
  readonly sections: Readonly<Record<ReportKind, readonly string[]>>;
}

/** The partner regions, the campaigns and the code lists a report can be made over. */
export async function reportChoices(db: Db): Promise<ReportChoices> {
  const [regions, campaigns] = await Promise.all([
    listRegions(db.kysely),
    listCampaigns(db.kysely),
  ]);
  return {
    regions: regions
      .filter((r) => r.isPartner)
      .map((r) => ({ code: r.code, name: r.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    campaigns: campaigns.map(({ slug, title, kind, state, previous }) => ({
      slug,
      title,
      kind,
      state,
      ...(previous ? { previous } : {}),
    })),
    domains: DOMAINS.map((d) => d.code),
    sections: REPORT_SECTIONS,
  };
}

/** Every value of `values` must be one of `allowed`; the first that is not is a clear 400. */
function checkAll(parameter: string, values: readonly string[], allowed: readonly string[]) {
  for (const v of values) if (!allowed.includes(v)) throw unknownValue(parameter, v, allowed);
}

/** The values of a repeatable option, repeated or comma-separated, without repeats or blanks. */
export function splitValues(values: readonly string[] = []): string[] {
  return [...new Set(values.flatMap((v) => v.split(',')).filter((v) => v !== ''))];
}

/**
 * Validates a report's options against the records: the kind, the regions (partner regions),
 * the campaigns, the domains, the language (one of `languages`, the interface's) and the sections
 * of the kind. An unknown value is an invalid_parameter error naming the allowed values. A fact
 * sheet needs exactly one region; `changes` compares a campaign with the round before it.
 */
export async function parseReportOptions(
  db: Db,
  raw: RawReportOptions,
  languages: readonly string[],
): Promise<ReportOptions> {
  const kind = raw.kind ?? '';
  if (!(REPORT_KINDS as readonly string[]).includes(kind))
    throw unknownValue('kind', kind, REPORT_KINDS);
  const k = kind as ReportKind;
  const choices = await reportChoices(db);
  const regions = splitValues(raw.regions).map((r) => r.toUpperCase());
  checkAll(
    'region',
    regions,
    choices.regions.map((r) => r.code),
  );
  const domains = splitValues(raw.domains);
  checkAll('domain', domains, choices.domains);
  const sections = splitValues(raw.sections);
  checkAll('section', sections, REPORT_SECTIONS[k]);
  const lang = raw.lang ?? 'en';
  checkAll('lang', [lang], languages);
  const slugs = choices.campaigns.map((c) => c.slug);
  const campaign = raw.campaign || undefined;
  if (campaign) checkAll('campaign', [campaign], slugs);
  let since = raw.since || undefined;
  if (since) checkAll('since', [since], slugs);
  if (k === 'fact-sheet' && regions.length !== 1)
    throw invalidParameter(
      'region',
      'a fact sheet is about one region: give exactly one region code (for example region=ES51)',
      { allowed: choices.regions.map((r) => r.code) },
    );
  if (k === 'changes') {
    const later = choices.campaigns.find((c) => c.slug === campaign);
    if (!later)
      throw invalidParameter(
        'campaign',
        `the changes report compares a campaign round with the one before it: give campaign (one of ${slugs.join(', ')})`,
        { allowed: slugs },
      );
    since ??= later.previous;
  }
  const asOf = raw.asOf?.trim() ? await resolveAsOf(db, raw.asOf) : undefined;
  if (asOf) await checkExistedAt(db, asOf, { campaign, since });
  return {
    kind: k,
    regions,
    domains,
    sections,
    lang,
    ...(campaign ? { campaign } : {}),
    ...(since ? { since } : {}),
    ...(asOf ? { asOf } : {}),
  };
}

/** The campaigns named must have existed at the moment asOf names: a clear 400 otherwise. */
async function checkExistedAt(
  db: Db,
  at: string,
  named: { campaign: string | undefined; since: string | undefined },
): Promise<void> {
  for (const [parameter, slug] of Object.entries(named)) {
    if (slug && !(await recordExistedAt(db.kysely, 'campaign', slug, at)))
      throw invalidParameter(
        parameter,
        `the campaign ${slug} did not exist at ${at}: choose a later asOf or another campaign`,
        { value: slug, asOf: at },
      );
  }
}
