import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { Initiative, Region, Source } from '../domain/schemas.ts';

/** The curated reference dataset as loaded from data/reference/. */
export interface ReferenceData {
  readonly sources: readonly Source[];
  readonly regions: readonly Region[];
  readonly initiatives: readonly Initiative[];
}

/** A problem found in the reference files: which file, which record, what is wrong. */
export interface ReferenceProblem {
  readonly file: string;
  readonly index: number;
  readonly key: string;
  readonly message: string;
}

async function readArray<S extends z.ZodType>(
  dir: string,
  file: string,
  schema: S,
  problems: ReferenceProblem[],
): Promise<z.infer<S>[]> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new AppError(
      'invalid_data',
      `cannot read ${path}: ${(e as Error).message}. Set REFERENCE_DIR to the folder that holds the reference files.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid_data', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new AppError('invalid_data', `${path} must hold a JSON array`);
  const out: z.infer<S>[] = [];
  raw.forEach((item: unknown, index) => {
    const key = String(
      (item as { slug?: unknown; code?: unknown })?.slug ??
        (item as { code?: unknown })?.code ??
        '?',
    );
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        problems.push({
          file,
          index,
          key,
          message: `${issue.path.join('.') || '(record)'}: ${issue.message}`,
        });
      }
    }
  });
  return out;
}

/** Checks that records refer only to things that exist and that keys are unique. */
export function crossCheck(data: ReferenceData): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const sourceCodes = new Set(data.sources.map((s) => s.code));
  const regionCodes = new Set(data.regions.map((r) => r.code));
  const slugs = new Set<string>();
  const dup = (file: string, index: number, key: string, seen: Set<string>) => {
    if (seen.has(key)) problems.push({ file, index, key, message: `duplicate key ${key}` });
    seen.add(key);
  };
  const seenSources = new Set<string>();
  for (const [i, s] of data.sources.entries()) dup('sources.json', i, s.code, seenSources);
  const seenRegions = new Set<string>();
  data.regions.forEach((r, i) => {
    dup('regions.json', i, r.code, seenRegions);
    const refs: [string, string | undefined][] = [
      ['parent', r.parent],
      ['country', r.level === 'country' ? undefined : r.country],
    ];
    for (const [field, code] of refs) {
      if (code && !regionCodes.has(code)) {
        problems.push({
          file: 'regions.json',
          index: i,
          key: r.code,
          message: `${field}: unknown region ${code}`,
        });
      }
    }
    for (const s of r.sources) {
      if (!sourceCodes.has(s.source)) {
        problems.push({
          file: 'regions.json',
          index: i,
          key: r.code,
          message: `sources: unknown source ${s.source}`,
        });
      }
    }
  });
  for (const [i, it] of data.initiatives.entries()) dup('initiatives.json', i, it.slug, slugs);
  data.initiatives.forEach((it, i) => {
    const bad = (message: string) =>
      problems.push({ file: 'initiatives.json', index: i, key: it.slug, message });
    for (const code of [it.homeCountry, it.submittingRegion, ...it.regions]) {
      if (code && !regionCodes.has(code)) bad(`unknown region ${code}: add it to regions.json`);
    }
    for (const s of it.sources) if (!sourceCodes.has(s.source)) bad(`unknown source ${s.source}`);
    for (const r of it.relations) {
      if (!slugs.has(r.target)) bad(`relation ${r.kind} points to unknown initiative ${r.target}`);
      if (r.target === it.slug) bad(`relation ${r.kind} points to itself`);
    }
  });
  return problems;
}

/** Reads and validates the reference files of a folder; throws one error listing every problem. */
export async function readReferenceData(dir: string): Promise<ReferenceData> {
  const problems: ReferenceProblem[] = [];
  const data: ReferenceData = {
    sources: await readArray(dir, 'sources.json', Source, problems),
    regions: await readArray(dir, 'regions.json', Region, problems),
    initiatives: await readArray(dir, 'initiatives.json', Initiative, problems),
  };
  problems.push(...crossCheck(data));
  if (problems.length > 0) {
    const lines = problems
      .slice(0, 20)
      .map((p) => `  ${p.file}[${p.index}] ${p.key}: ${p.message}`)
      .join('\n');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new AppError(
      'invalid_data',
      `the reference data in ${dir} has ${problems.length} problem(s); nothing was loaded. Fix them and run again:\n${lines}${more}`,
      { problems },
    );
  }
  return data;
}
