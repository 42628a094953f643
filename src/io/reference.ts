import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { invalidData } from '../domain/errors.ts';
import { Questionnaire } from '../domain/questionnaires.ts';
import { Recommendation } from '../domain/recommendations.ts';
import { isHomeLevel } from '../domain/region.ts';
import {
  BarrierCodebook,
  Campaign,
  Engagement,
  Evidence,
  GoodPractice,
  Initiative,
  Pillar,
  Region,
  RegionalReport,
  ReportedFigure,
  Source,
} from '../domain/schemas.ts';

/** The curated reference dataset as loaded from data/reference/. */
export interface ReferenceData {
  readonly sources: readonly Source[];
  readonly regions: readonly Region[];
  readonly initiatives: readonly Initiative[];
  readonly campaigns?: readonly Campaign[];
  readonly codebook?: BarrierCodebook;
  readonly evidence?: readonly Evidence[];
  readonly goodPractices?: readonly GoodPractice[];
  readonly regionalReports?: readonly RegionalReport[];
  readonly engagement?: Engagement;
  readonly pillars?: readonly Pillar[];
  readonly figures?: readonly ReportedFigure[];
  readonly questionnaires?: readonly Questionnaire[];
  readonly recommendations?: readonly Recommendation[];
}

/** The files of a reference folder: the first three are required, the others optional. */
export const REFERENCE_FILES = {
  sources: 'sources.json',
  regions: 'regions.json',
  initiatives: 'initiatives.json',
  extraInitiatives: 'icpermed-initiatives.json',
  campaigns: 'campaigns.json',
  codebook: 'barriers.json',
  evidence: 'evidence.json',
  goodPractices: 'good-practices.json',
  regionalReports: 'regional-reports.json',
  engagement: 'engagement.json',
  pillars: 'pillars.json',
  figures: 'figures.json',
  questionnaires: 'questionnaires.json',
  recommendations: 'recommendations.json',
} as const;

/** A problem found in the reference files: which file, which record, what is wrong. */
export interface ReferenceProblem {
  readonly file: string;
  readonly index: number;
  readonly key: string;
  readonly message: string;
}

/** Reads a JSON file; undefined when an optional file is absent. */
async function readJson(dir: string, file: string, optional: boolean): Promise<unknown> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (optional && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalidData(
      `cannot read ${path}: ${(e as Error).message}. Set REFERENCE_DIR to the folder that holds the reference files.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidData(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function keyOf(item: unknown): string {
  const o = (item ?? {}) as Record<string, unknown>;
  return String(o.slug ?? o.key ?? o.code ?? o.region ?? '?');
}

/** Where each validated record was read from, so cross-check problems name the right file and index. */
const ORIGIN = new WeakMap<object, { file: string; index: number }>();

/** Validates every element of an array; invalid ones become problems, valid ones are returned. */
function validArray<S extends z.ZodType>(
  raw: unknown,
  file: string,
  schema: S,
  problems: ReferenceProblem[],
): z.infer<S>[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ file, index: -1, key: '(file)', message: 'must hold a JSON array' });
    return [];
  }
  const out: z.infer<S>[] = [];
  raw.forEach((item: unknown, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      out.push(parsed.data);
      if (typeof parsed.data === 'object' && parsed.data !== null)
        ORIGIN.set(parsed.data, { file, index });
    } else {
      for (const issue of parsed.error.issues) {
        problems.push({
          file,
          index,
          key: keyOf(item),
          message: `${issue.path.join('.') || '(record)'}: ${issue.message}`,
        });
      }
    }
  });
  return out;
}

/** Validates a file holding one object. */
function validObject<S extends z.ZodType>(
  raw: unknown,
  file: string,
  schema: S,
  problems: ReferenceProblem[],
): z.infer<S> | undefined {
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.push({
      file,
      index: -1,
      key: issue.path.slice(0, 2).join('.'),
      message: `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    });
  }
  return undefined;
}

/** What the cross-check knows while it walks the files, and where it collects problems. */
interface CrossCheck {
  readonly problems: ReferenceProblem[];
  readonly sourceCodes: ReadonlySet<string>;
  readonly regionCodes: ReadonlySet<string>;
  readonly campaignSlugs: ReadonlySet<string>;
}

/** Where a record came from: the file and index it was read at (or the given defaults). */
function originOf(record: object, file: string, index: number): { file: string; index: number } {
  return ORIGIN.get(record) ?? { file, index };
}

/** References a record may make, to regions and to campaigns. */
interface Refs {
  regions?: (string | undefined)[];
  campaigns?: (string | undefined)[];
}

/** Unique keys, known regions, campaigns and sources in one collection. */
function checkList<T extends { sources: readonly { source: string }[] }>(
  cc: CrossCheck,
  file: string,
  list: readonly T[],
  key: (r: T) => string,
  refs: (r: T) => Refs = () => ({}),
): void {
  const seen = new Set<string>();
  list.forEach((r, index) => {
    const k = key(r);
    const bad = (message: string) =>
      cc.problems.push({ ...originOf(r, file, index), key: k, message });
    if (seen.has(k)) bad(`duplicate key ${k}`);
    seen.add(k);
    const { regions = [], campaigns = [] } = refs(r);
    for (const code of regions) {
      if (code && !cc.regionCodes.has(code)) bad(`unknown region ${code}: add it to regions.json`);
    }
    for (const slug of campaigns)
      if (slug && !cc.campaignSlugs.has(slug)) bad(`unknown campaign ${slug}`);
    for (const src of r.sources)
      if (!cc.sourceCodes.has(src.source)) bad(`unknown source ${src.source}`);
  });
}

/** Sources: unique codes. Regions: unique codes, known parents and countries, known sources. */
function checkSourcesAndRegions(cc: CrossCheck, data: ReferenceData): void {
  const seenSources = new Set<string>();
  for (const [i, s] of data.sources.entries()) {
    if (seenSources.has(s.code))
      cc.problems.push({
        file: 'sources.json',
        index: i,
        key: s.code,
        message: `duplicate key ${s.code}`,
      });
    seenSources.add(s.code);
  }
  const seenRegions = new Set<string>();
  data.regions.forEach((r, i) => {
    const bad = (message: string) =>
      cc.problems.push({ file: 'regions.json', index: i, key: r.code, message });
    if (seenRegions.has(r.code)) bad(`duplicate key ${r.code}`);
    seenRegions.add(r.code);
    const refs: [string, string | undefined][] = [
      ['parent', r.parent],
      ['country', isHomeLevel(r.level) ? undefined : r.country],
    ];
    for (const [field, code] of refs) {
      if (code && !cc.regionCodes.has(code)) bad(`${field}: unknown region ${code}`);
    }
    for (const s of r.sources) {
      if (!cc.sourceCodes.has(s.source)) bad(`sources: unknown source ${s.source}`);
    }
  });
}

/** Initiatives: unique slugs first (relations may point forward), then their references. */
function checkInitiatives(cc: CrossCheck, data: ReferenceData): void {
  const slugs = new Set<string>();
  for (const [i, it] of data.initiatives.entries()) {
    const o = originOf(it, 'initiatives.json', i);
    if (slugs.has(it.slug))
      cc.problems.push({ ...o, key: it.slug, message: `duplicate key ${it.slug}` });
    slugs.add(it.slug);
  }
  data.initiatives.forEach((it, i) => {
    const bad = (message: string) =>
      cc.problems.push({ ...originOf(it, 'initiatives.json', i), key: it.slug, message });
    for (const code of [it.homeCountry, it.submittingRegion, ...it.regions]) {
      if (code && !cc.regionCodes.has(code)) bad(`unknown region ${code}: add it to regions.json`);
    }
    for (const s of it.sources)
      if (!cc.sourceCodes.has(s.source)) bad(`unknown source ${s.source}`);
    for (const r of it.relations) {
      if (!slugs.has(r.target)) bad(`relation ${r.kind} points to unknown initiative ${r.target}`);
      if (r.target === it.slug) bad(`relation ${r.kind} points to itself`);
    }
  });
}

/** The other collections: campaigns, codebook, evidence, practices, reports, engagement, pillars, figures. */
function checkCollections(cc: CrossCheck, data: ReferenceData): void {
  const inRegionAndCampaign = (r: { region: string; campaign?: string | undefined }): Refs => ({
    regions: [r.region],
    campaigns: [r.campaign],
  });
  const regionCampaignKey = (r: { region: string; campaign: string }) =>
    `${r.region}/${r.campaign}`;
  checkList(cc, 'campaigns.json', data.campaigns ?? [], (r) => r.slug);
  checkList(
    cc,
    'barriers.json',
    [...(data.codebook?.categories ?? []), ...(data.codebook?.barriers ?? [])],
    (r) => r.code,
  );
  checkList(cc, 'evidence.json', data.evidence ?? [], (r) => r.key, inRegionAndCampaign);
  checkList(
    cc,
    'good-practices.json',
    data.goodPractices ?? [],
    (r) => r.slug,
    (r) => ({ regions: [r.country, r.region] }),
  );
  checkList(
    cc,
    'regional-reports.json',
    data.regionalReports ?? [],
    regionCampaignKey,
    inRegionAndCampaign,
  );
  checkList(
    cc,
    'engagement.json',
    data.engagement?.interviews ?? [],
    regionCampaignKey,
    inRegionAndCampaign,
  );
  checkList(
    cc,
    'engagement.json',
    data.engagement?.workshops ?? [],
    (r) => r.key,
    inRegionAndCampaign,
  );
  checkList(cc, 'pillars.json', data.pillars ?? [], (r) => r.code);
  checkList(cc, 'figures.json', data.figures ?? [], (r) => r.key);
  const figureKeys = new Set((data.figures ?? []).map((f) => f.key));
  for (const [index, f] of (data.figures ?? []).entries()) {
    if (f.measure?.of === 'share') {
      for (const part of [f.measure.numerator, f.measure.denominator].filter(
        (k) => !figureKeys.has(k),
      ))
        cc.problems.push({
          file: 'figures.json',
          index,
          key: f.key,
          message: `share names an unknown figure ${part}`,
        });
    }
    if (
      f.measure?.of === 'initiatives' &&
      f.measure.source &&
      !cc.sourceCodes.has(f.measure.source)
    ) {
      cc.problems.push({
        file: 'figures.json',
        index,
        key: f.key,
        message: `measure counts an unknown source ${f.measure.source}`,
      });
    }
  }
}

/**
 * Questionnaires: each version once, citing known sources; a campaign's questionnaire version is
 * there and asks for the campaign's kind of round.
 */
function checkQuestionnaires(cc: CrossCheck, data: ReferenceData): void {
  const file = 'questionnaires.json';
  const versions = new Map<string, Questionnaire>();
  (data.questionnaires ?? []).forEach((q, i) => {
    const key = `${q.slug}@${q.version}`;
    const bad = (message: string) =>
      cc.problems.push({ ...originOf(q, file, i), key: q.slug, message });
    if (versions.has(key)) bad(`duplicate version ${q.version} of ${q.slug}`);
    versions.set(key, q);
    for (const code of new Set(q.sources.map((s) => s.source)))
      if (!cc.sourceCodes.has(code)) bad(`unknown source ${code}`);
  });
  (data.campaigns ?? []).forEach((c, i) => {
    if (!c.questionnaire) return;
    const { slug, version } = c.questionnaire;
    const bad = (message: string) =>
      cc.problems.push({ ...originOf(c, 'campaigns.json', i), key: c.slug, message });
    const q = versions.get(`${slug}@${version}`);
    if (!q) bad(`questionnaire ${slug} version ${version} is not in ${file}`);
    else if (q.kind !== c.kind)
      bad(`questionnaire ${slug} asks for a ${q.kind} round, but this campaign is ${c.kind}`);
    for (const code of c.regions ?? [])
      if (!cc.regionCodes.has(code)) bad(`unknown region ${code}: add it to regions.json`);
  });
}

/** Recommendations: unique slugs, known regions, and known sources (the quote's too). */
function checkRecommendations(cc: CrossCheck, data: ReferenceData): void {
  const withQuoteSource = (data.recommendations ?? []).map((r) => ({
    ...r,
    sources: r.quote ? [...r.sources, { source: r.quote.source }] : r.sources,
  }));
  checkList(
    cc,
    'recommendations.json',
    withQuoteSource,
    (r) => r.slug,
    (r) => ({ regions: r.regions }),
  );
}

/** Checks that records refer only to things that exist and that keys are unique. */
export function crossCheck(data: ReferenceData): ReferenceProblem[] {
  const cc: CrossCheck = {
    problems: [],
    sourceCodes: new Set(data.sources.map((s) => s.code)),
    regionCodes: new Set(data.regions.map((r) => r.code)),
    campaignSlugs: new Set((data.campaigns ?? []).map((c) => c.slug)),
  };
  checkSourcesAndRegions(cc, data);
  checkInitiatives(cc, data);
  checkCollections(cc, data);
  checkQuestionnaires(cc, data);
  checkRecommendations(cc, data);
  return cc.problems;
}

/** Reads and validates the reference files of a folder; throws one error listing every problem. */
export async function readReferenceData(dir: string): Promise<ReferenceData> {
  const problems: ReferenceProblem[] = [];
  const f = REFERENCE_FILES;
  const read = (file: string, optional = true) => readJson(dir, file, optional);
  const data: ReferenceData = {
    sources: validArray(await read(f.sources, false), f.sources, Source, problems),
    regions: validArray(await read(f.regions, false), f.regions, Region, problems),
    initiatives: [
      ...validArray(await read(f.initiatives, false), f.initiatives, Initiative, problems),
      ...validArray(await read(f.extraInitiatives), f.extraInitiatives, Initiative, problems),
    ],
    campaigns: validArray(await read(f.campaigns), f.campaigns, Campaign, problems),
    codebook: validObject(await read(f.codebook), f.codebook, BarrierCodebook, problems),
    evidence: validArray(await read(f.evidence), f.evidence, Evidence, problems),
    goodPractices: validArray(await read(f.goodPractices), f.goodPractices, GoodPractice, problems),
    regionalReports: validArray(
      await read(f.regionalReports),
      f.regionalReports,
      RegionalReport,
      problems,
    ),
    engagement: validObject(await read(f.engagement), f.engagement, Engagement, problems),
    pillars: validArray(await read(f.pillars), f.pillars, Pillar, problems),
    figures: validArray(await read(f.figures), f.figures, ReportedFigure, problems),
    questionnaires: validArray(
      await read(f.questionnaires),
      f.questionnaires,
      Questionnaire,
      problems,
    ),
    recommendations: validArray(
      await read(f.recommendations),
      f.recommendations,
      Recommendation,
      problems,
    ),
  };
  problems.push(...crossCheck(data));
  if (problems.length > 0) {
    const lines = problems
      .slice(0, 20)
      .map((p) => `  ${p.file}[${p.index}] ${p.key}: ${p.message}`)
      .join('\n');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw invalidData(
      `the reference data in ${dir} has ${problems.length} problem(s); nothing was loaded. Fix them and run again:\n${lines}${more}`,
      { problems },
    );
  }
  return data;
}
