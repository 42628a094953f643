import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Campaign } from '../domain/schemas.ts';
import { listRecordSources, listRecordSourcesByKey } from './record-sources.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Inserts or updates a campaign and sets its invited regions (when it names them). */
export async function upsertCampaign(
  db: Q,
  c: Campaign,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const outcome = await upsertVersioned(
    db,
    {
      table: 'campaigns',
      entity: 'campaign',
      key: { slug: c.slug },
      columns: {
        kind: c.kind,
        title: c.title,
        opens_at: c.opensAt ?? null,
        closes_at: c.closesAt ?? null,
        rules: JSON.stringify(c.rules),
        state: c.state,
        description: c.description ?? null,
        questionnaire_slug: c.questionnaire?.slug ?? null,
        questionnaire_version: c.questionnaire?.version ?? null,
        reminder_days: json(c.reminderDays),
        languages: json(c.languages),
        previous_slug: c.previous ?? null,
      },
      sources: c.sources,
    },
    ctx,
  );
  if (c.regions) await setCampaignRegions(db, c.slug, c.regions);
  return outcome;
}

/** Makes the campaign's invited regions exactly `regions`, keeping when each was invited. */
export async function setCampaignRegions(
  db: Q,
  slug: string,
  regions: readonly string[],
): Promise<void> {
  const keep = new Set(regions);
  const have = await db
    .selectFrom('campaign_regions')
    .select('region_code')
    .where('campaign_slug', '=', slug)
    .execute();
  const gone = have.map((r) => r.region_code).filter((r) => !keep.has(r));
  if (gone.length)
    await db
      .deleteFrom('campaign_regions')
      .where('campaign_slug', '=', slug)
      .where('region_code', 'in', gone)
      .execute();
  const had = new Set(have.map((r) => r.region_code));
  const add = regions.filter((r) => !had.has(r));
  if (add.length)
    await db
      .insertInto('campaign_regions')
      .values(add.map((r) => ({ campaign_slug: slug, region_code: r, invited_at: null })))
      .execute();
}

/** Sets a campaign's state (and bumps its version). */
export async function setCampaignState(
  db: Q,
  slug: string,
  state: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('campaigns')
    .set((eb) => ({ state, updated_at: now, version: eb('version', '+', 1) }))
    .where('slug', '=', slug)
    .execute();
}

/** Marks the invited regions' invitations as sent now (where not sent before). */
export async function markInvited(db: Q, slug: string, regions: readonly string[], now: string) {
  if (regions.length === 0) return;
  await db
    .updateTable('campaign_regions')
    .set({ invited_at: now })
    .where('campaign_slug', '=', slug)
    .where('region_code', 'in', regions)
    .where('invited_at', 'is', null)
    .execute();
}

/** Invited regions by campaign, each with when its invitation went out. */
export async function listCampaignRegions(
  db: Q,
): Promise<Map<string, { region: string; invitedAt: string | null }[]>> {
  const rows = await db
    .selectFrom('campaign_regions')
    .selectAll()
    .orderBy('campaign_slug')
    .orderBy('region_code')
    .execute();
  const out = new Map<string, { region: string; invitedAt: string | null }[]>();
  for (const r of rows) {
    const list = out.get(r.campaign_slug) ?? [];
    list.push({ region: r.region_code, invitedAt: r.invited_at });
    out.set(r.campaign_slug, list);
  }
  return out;
}

type CampaignRow = Awaited<ReturnType<typeof campaignRows>>[number];
const campaignRows = (db: Q) => db.selectFrom('campaigns').selectAll().orderBy('slug').execute();

function toCampaign(
  r: CampaignRow,
  regions: readonly string[] | undefined,
): Omit<Campaign, 'sources'> {
  const c: Omit<Campaign, 'sources'> = {
    slug: r.slug,
    kind: r.kind as Campaign['kind'],
    title: r.title,
    rules: r.rules ? (JSON.parse(r.rules) as Campaign['rules']) : {},
    state: r.state as Campaign['state'],
  };
  if (r.opens_at !== null) c.opensAt = r.opens_at;
  if (r.closes_at !== null) c.closesAt = r.closes_at;
  if (r.description !== null) c.description = r.description;
  if (r.questionnaire_slug !== null && r.questionnaire_version !== null)
    c.questionnaire = { slug: r.questionnaire_slug, version: r.questionnaire_version };
  if (regions?.length) c.regions = [...regions];
  if (r.reminder_days !== null) c.reminderDays = JSON.parse(r.reminder_days) as number[];
  if (r.languages !== null) c.languages = JSON.parse(r.languages) as Campaign['languages'];
  if (r.previous_slug !== null) c.previous = r.previous_slug;
  return c;
}

/** One campaign by slug, with its invited regions and sources; undefined when there is none. */
export async function findCampaign(db: Q, slug: string): Promise<Campaign | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const [regions, sources] = await Promise.all([
    db
      .selectFrom('campaign_regions')
      .select('region_code')
      .where('campaign_slug', '=', slug)
      .orderBy('region_code')
      .execute(),
    listRecordSources(db, 'campaign', slug),
  ]);
  return {
    ...toCampaign(
      row,
      regions.map((r) => r.region_code),
    ),
    sources,
  };
}

/** Every campaign in the shape of the reference data, ordered by slug. */
export async function listCampaigns(db: Q): Promise<Campaign[]> {
  const [rows, sources, regions] = await Promise.all([
    campaignRows(db),
    listRecordSourcesByKey(db, 'campaign'),
    listCampaignRegions(db),
  ]);
  return rows.map((r) => ({
    ...toCampaign(
      r,
      regions.get(r.slug)?.map((x) => x.region),
    ),
    sources: sources.get(r.slug) ?? [],
  }));
}
