/** Something that addresses barriers, e.g. a good practice. */
export interface AddressesBarriers {
  readonly slug: string;
  readonly barriers: readonly string[];
}

/**
 * Ranks practices by how many of a region's barriers they address (most first, then by slug),
 * leaving out the excluded ones and those that address none; at most `limit`.
 */
export function rankByBarrierOverlap<T extends AddressesBarriers>(
  practices: readonly T[],
  barriers: ReadonlySet<string>,
  exclude: ReadonlySet<string>,
  limit: number,
): { practice: T; shared: string[] }[] {
  return practices
    .filter((p) => !exclude.has(p.slug))
    .map((practice) => ({ practice, shared: practice.barriers.filter((b) => barriers.has(b)) }))
    .filter((m) => m.shared.length > 0)
    .sort(
      (a, b) => b.shared.length - a.shared.length || (a.practice.slug < b.practice.slug ? -1 : 1),
    )
    .slice(0, limit);
}
