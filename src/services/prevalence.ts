import { prevalence } from '../analysis/prevalence.ts';
import type { Db } from '../db/connect.ts';
import { BARRIERS } from '../domain/codes.ts';
import { unknownValue } from '../domain/errors.ts';
import { EVIDENCE_KINDS, type EvidenceKind, type Prevalence } from '../domain/prevalence.ts';
import { countEvidenceByBarrierAndRegion } from '../repositories/evidence.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
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
