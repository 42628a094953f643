import { barriersByStakeholder, regionBarriers } from '../analysis/barrier-evidence.ts';
import { prevalence } from '../analysis/prevalence.ts';
import type { Db } from '../db/connect.ts';
import { BARRIERS, STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import {
  type BarriersByStakeholder,
  EVIDENCE_KINDS,
  type EvidenceCounts,
  type EvidenceKind,
  type Prevalence,
  type RegionBarriers,
} from '../domain/prevalence.ts';
import {
  countBarrierEvidence,
  countEvidenceByBarrierAndGroup,
  countEvidenceByGroup,
} from '../repositories/evidence.ts';
import { listRegions } from '../repositories/regions.ts';
import { oncePerVersion } from './data-version.ts';

/** The evidence kind a request names (`all` when it names none); anything else is a 400. */
export function evidenceKind(raw: string | undefined): EvidenceKind {
  if (raw === undefined || raw === '') return 'all';
  const kind = EVIDENCE_KINDS.find((k) => k === raw);
  if (!kind) throw unknownValue('evidence', raw, EVIDENCE_KINDS);
  return kind;
}

/**
 * Everything coded to a barrier, counted once per data version: stakeholder statements, the
 * challenges of the regions' fact sheets and the challenges of accepted campaign answers, each
 * item with its kind. Every count of barriers (matrix, barrier and region pages, compare,
 * prevalence, the API, figures and reports) is taken from this one model.
 */
export function getEvidenceCounts(db: Db): Promise<EvidenceCounts> {
  return oncePerVersion(db, 'evidence-counts', () => countBarrierEvidence(db.kysely));
}

/**
 * How many regions report each barrier and category, by stakeholder statements, regional-report
 * challenges, campaign answers or any (computed once per data version and kind).
 */
export function getPrevalence(db: Db, kind: EvidenceKind): Promise<Prevalence> {
  return oncePerVersion(db, `prevalence-${kind}`, async () => {
    const counts = await getEvidenceCounts(db);
    return prevalence(
      {
        statements: counts.codings.filter((c) => c.kind === 'statement'),
        challenges: counts.codings.flatMap((c) =>
          c.kind === 'statement' || c.region === null
            ? []
            : [{ region: c.region, barrier: c.barrier, answer: c.kind === 'answer' }],
        ),
        barriers: BARRIERS.map((b) => ({ code: b.code, category: b.category })),
      },
      kind,
    );
  });
}

/**
 * One region's barriers ranked by the evidence behind them: its statements coded to each and the
 * challenges its fact sheets map to each, ranked by the items of the kind asked (ties by code),
 * each with the regions reporting it by the same kind (the prevalence page's figure).
 * An unknown region is not_found, as its fact sheet is.
 */
export async function getRegionBarriers(
  db: Db,
  code: string,
  kind: EvidenceKind = 'all',
): Promise<RegionBarriers> {
  const q = db.kysely;
  const regions = await listRegions(q);
  if (!regions.some((r) => r.code === code))
    throw notFound('region', code, 'see the list of regions');
  const [counts, across] = await Promise.all([getEvidenceCounts(db), getPrevalence(db, kind)]);
  const mine = counts.codings.filter((c) => c.region === code);
  const repeat = (keep: (k: string) => boolean) =>
    mine.flatMap((c) => (keep(c.kind) ? Array<string>(c.n).fill(c.barrier) : []));
  return regionBarriers(
    {
      region: code,
      statements: mine.filter((c) => c.kind === 'statement'),
      challenges: repeat((k) => k !== 'statement'),
      answers: repeat((k) => k === 'answer'),
      distinctStatements: counts.items
        .filter((i) => i.kind === 'statement' && i.region === code)
        .reduce((a, i) => a + i.n, 0),
      across: {
        regions: new Map(across.barriers.map((b) => [b.code, b.regions])),
        of: across.regionsWithEvidence,
      },
    },
    kind,
  );
}

/**
 * Statements by barrier and the stakeholder group of who made them, with those that name no
 * group as `unknown` (computed once per data version).
 */
export function getBarriersByStakeholder(db: Db): Promise<BarriersByStakeholder> {
  return oncePerVersion(db, 'barriers-by-stakeholder', async () => {
    const [codings, statements] = await Promise.all([
      countEvidenceByBarrierAndGroup(db.kysely),
      countEvidenceByGroup(db.kysely),
    ]);
    return barriersByStakeholder({
      codings,
      statements,
      barriers: BARRIERS.map((b) => b.code),
      groups: STAKEHOLDER_GROUPS.map((g) => g.code),
    });
  });
}
