import { barriersByStakeholder, regionBarriers } from '../analysis/barrier-evidence.ts';
import { prevalence } from '../analysis/prevalence.ts';
import type { Db } from '../db/connect.ts';
import { BARRIERS, STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import {
  type BarriersByStakeholder,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type Prevalence,
  type RegionBarriers,
} from '../domain/prevalence.ts';
import {
  countEvidenceByBarrierAndGroup,
  countEvidenceByBarrierAndRegion,
  countEvidenceByGroup,
  countRegionEvidence,
} from '../repositories/evidence.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
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
 * How many regions report each barrier and category, by stakeholder statements, fact-sheet
 * challenges or either (computed once per data version and kind).
 */
export function getPrevalence(db: Db, kind: EvidenceKind): Promise<Prevalence> {
  return oncePerVersion(db, `prevalence-${kind}`, async () => {
    const [statements, reports] = await Promise.all([
      countEvidenceByBarrierAndRegion(db.kysely),
      listRegionalReports(db.kysely),
    ]);
    return prevalence(
      {
        statements,
        challenges: reports.flatMap((r) =>
          r.challenges.map((c) => ({ region: r.region, barrier: c.barrier })),
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
  const [evidence, reports, across] = await Promise.all([
    countRegionEvidence(q, code),
    listRegionalReports(q, code),
    getPrevalence(db, kind),
  ]);
  return regionBarriers(
    {
      region: code,
      statements: evidence.perBarrier,
      challenges: reports.flatMap((r) => r.challenges.map((c) => c.barrier)),
      distinctStatements: evidence.statements,
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
