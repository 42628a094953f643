import type { Generated, Selectable } from 'kysely';

/**
 * Row types of the database, shared by both dialects. Timestamps are ISO 8601 UTC strings and
 * booleans are 0/1 integers in both, so that rows look the same whichever database is behind them.
 * JSON columns hold text produced by JSON.stringify.
 */

interface Versioned {
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SourcesTable extends Versioned {
  code: string;
  title: string;
  publisher: string;
  year: number;
  url: string | null;
  file: string | null;
}

export interface RegionsTable extends Versioned {
  code: string;
  name: string;
  native_name: string | null;
  level: string;
  parent_code: string | null;
  country_code: string;
  is_partner: number;
}

export interface ThemesTable {
  code: string;
  label: string;
}

export interface InitiativesTable extends Versioned {
  id: Generated<number>;
  slug: string;
  name: string;
  acronym: string | null;
  native_name: string | null;
  summary: string | null;
  objectives: string | null;
  website: string | null;
  website_missing: string | null;
  home_country: string;
  submitting_region: string | null;
  scope_verbatim: string | null;
  status: string;
  status_note: string | null;
  status_as_of: string | null;
  domain: string;
  structural_type: string;
  notes: string | null;
  extra: string | null;
  /** JSON list of {field, reason}: the fields whose value the curators inferred, and why. */
  inferred: string | null;
  /** The document and section of the first source reference, the one the record was taken from. */
  origin_source: string | null;
  origin_section: string | null;
  /** The language of the record's texts: an ISO 639-1 code such as en or ca. */
  language: Generated<string>;
}

export interface InitiativeScopesTable {
  initiative_id: number;
  scope: string;
}

export interface InitiativeRegionsTable {
  initiative_id: number;
  region_code: string;
}

export interface InitiativeThemesTable {
  initiative_id: number;
  theme_code: string;
}

export interface InitiativeFundingTable {
  id: Generated<number>;
  initiative_id: number;
  funder: string;
  kind: string;
  programme: string | null;
  note: string | null;
}

export interface InitiativeRelationsTable {
  from_id: number;
  to_id: number;
  kind: string;
}

/** Provenance: which source (and where in it) a record comes from. */
export interface RecordSourcesTable {
  id: Generated<number>;
  entity: string;
  entity_key: string;
  source_code: string;
  section: string | null;
  row_ref: string | null;
  note: string | null;
}

export interface CodebooksTable {
  version: string;
  published_at: string;
  note: string | null;
}

export interface BarrierCategoriesTable extends Versioned {
  code: string;
  codebook_version: string;
  label: string;
  description: string | null;
  position: number;
}

export interface BarriersTable extends Versioned {
  code: string;
  codebook_version: string;
  category_code: string;
  number: number;
  label: string;
  description: string | null;
  sub_themes: string | null;
}

export interface CampaignsTable extends Versioned {
  slug: string;
  kind: string;
  title: string;
  opens_at: string | null;
  closes_at: string | null;
  rules: string | null;
  state: string;
  /** The questionnaire and version the round asks (0016); null for a campaign without one. */
  questionnaire_slug: string | null;
  questionnaire_version: number | null;
  /** JSON list of days before closing on which regions not yet submitted are reminded. */
  reminder_days: string | null;
  /** JSON list of the languages the round is run in. */
  languages: string | null;
  /** The round before this one, which its responses are compared with and carried from. */
  previous_slug: string | null;
  description: string | null;
}

export interface QuestionnairesTable {
  id: Generated<number>;
  slug: string;
  version: number;
  kind: string;
  /** The whole questionnaire as JSON (domain/questionnaires.ts). */
  definition: string;
  created_at: string;
}

export interface CampaignRegionsTable {
  campaign_slug: string;
  region_code: string;
  /** When the invitation mail went out; null until the campaign opened. */
  invited_at: string | null;
}

export interface CampaignResponsesTable {
  id: Generated<number>;
  campaign_slug: string;
  region_code: string;
  questionnaire_version: number;
  /** JSON: section key → items (domain ResponseAnswers). */
  answers: string;
  /** draft, submitted, changes_requested or accepted */
  state: string;
  /** Bumped by every save, so that a save based on an older revision is refused. */
  revision: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
  submitted_at: string | null;
  accepted_at: string | null;
}

export interface ResponseCommentsTable {
  id: Generated<number>;
  response_id: number;
  /** section.item.question, a section key, or null for the whole response */
  path: string | null;
  body: string;
  author_name: string;
  created_at: string;
}

export interface CampaignEventsTable {
  id: Generated<number>;
  campaign_slug: string;
  region_code: string | null;
  action: string;
  detail: string | null;
  actor_name: string;
  at: string;
}

export interface CampaignMailTable {
  campaign_slug: string;
  region_code: string;
  recipient: string;
  /** "invitation" or "reminder-N" (N days before closing) */
  kind: string;
  sent_at: string;
}

export interface EvidenceTable extends Versioned {
  id: Generated<number>;
  key: string;
  statement: string;
  region_code: string | null;
  stakeholder_group: string | null;
  campaign_slug: string | null;
  respondent_ref: string | null;
  /** JSON of the quotation the statement paraphrases ({text, attribution, printedIn}), or null. */
  quote: string | null;
  /** The language of the statement: an ISO 639-1 code such as en or ca. */
  language: Generated<string>;
}

export interface EvidenceBarriersTable {
  evidence_id: number;
  barrier_code: string;
}

export interface GoodPracticesTable extends Versioned {
  id: Generated<number>;
  slug: string;
  name: string;
  country_code: string | null;
  region_code: string | null;
  scope: string | null;
  summary: string | null;
  link: string | null;
  link_missing: string | null;
  key_players: string | null;
  impact: string | null;
  transferability: string | null;
  exemplary: number;
  notes: string | null;
  /** The language of the record's texts: an ISO 639-1 code such as en or ca. */
  language: Generated<string>;
  /** JSON array of { requires, note }: what the practice needs where it is taken up (0023). */
  transfer_conditions: string | null;
}

export interface GoodPracticeBarriersTable {
  good_practice_id: number;
  barrier_code: string;
}

/** A recommendation of a source (migration 0021), in the atlas's own words. */
export interface RecommendationsTable extends Versioned {
  id: Generated<number>;
  slug: string;
  title: string;
  text: string;
  /** way_forward, joint_roadmap, regional_outlook, pillar_next_step, icpermed, ec_action. */
  kind: string;
  /** european, national or regional. */
  level: string;
  pillar_code: string | null;
  actors_named: string | null;
  quote_text: string | null;
  quote_source: string | null;
  quote_section: string | null;
  quote_page: string | null;
  quote_note: string | null;
  language: Generated<string>;
  /** JSON arrays of the linked codes, so that a change of links versions the record. */
  actor_codes: string;
  region_codes: string;
}

export interface RecommendationBarriersTable {
  recommendation_id: number;
  barrier_code: string;
}

export interface RecommendationActorsTable {
  recommendation_id: number;
  actor_code: string;
}

export interface RecommendationRegionsTable {
  recommendation_id: number;
  region_code: string;
}

export interface RegionalReportsTable extends Versioned {
  id: Generated<number>;
  region_code: string;
  campaign_slug: string;
  overview: string | null;
  sections: string | null;
  state: string;
}

export interface InterviewRowsTable extends Versioned {
  id: Generated<number>;
  region_code: string;
  campaign_slug: string;
  printed_total: number | null;
  industry: number | null;
  healthcare_provider: number | null;
  research_academia: number | null;
  public_authority_other: number | null;
  patient_organisation: number | null;
}

export interface WorkshopsTable extends Versioned {
  id: Generated<number>;
  key: string;
  region_code: string;
  campaign_slug: string | null;
  held_on: string | null;
  participants: number | null;
  format: string | null;
  organisers: string | null;
  /** JSON: stakeholder group → participants (0016); null when only the total is known. */
  participants_by_group: string | null;
  outcome: string | null;
}

export interface PillarsTable extends Versioned {
  code: string;
  label: string;
  description: string | null;
  next_steps: string | null;
}

/** A region's RIS3 strategy and its reading (0018; replaces the unused strategy_documents). */
export interface StrategiesTable extends Versioned {
  id: Generated<number>;
  key: string;
  region_code: string;
  /** The place as printed when it is not a region of the atlas (the region is then its country). */
  place_name: string | null;
  title: string;
  period_start: number | null;
  period_end: number | null;
  link: string | null;
  language: string | null;
  /** JSON list of the strategy's priority areas, as named. */
  priority_areas: string;
  description: string | null;
  document_name: string | null;
  document_format: string | null;
  document_pages: number | null;
  document_sha256: string | null;
  /** not_assessed, awaiting_review, confirmed (prioritises personalised medicine) or rejected. */
  review_state: string;
  evidence_passage: string | null;
  evidence_page: number | null;
  /** The source the passage is quoted from when it is not the strategy document itself. */
  evidence_source: string | null;
  evidence_section: string | null;
  decided_by: string | null;
  decided_by_account: number | null;
  decided_at: string | null;
  decision_note: string | null;
  uploaded_by: string | null;
}

/** A passage the atlas proposed from a strategy document, ranked by BM25 score. */
export interface StrategyPassagesTable {
  id: Generated<number>;
  strategy_id: number;
  rank: number;
  page: number | null;
  text: string;
  score: number;
  /** JSON list of the terms of data/reference/pm-terms.json it matched. */
  terms: string;
}

export interface ReportedFiguresTable extends Versioned {
  id: Generated<number>;
  key: string;
  label: string;
  value: number;
  qualifier: string;
  measure: string | null;
  notes: string | null;
}

export interface AccountsTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  /** Unused since account_regions (migration 0011): an account may act for several regions. */
  region_code: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** The name the account's edits are attributed to in public history, and after it is deleted. */
  pseudonym: string | null;
  last_sign_in_at: string | null;
}

/** The regions a coordinator acts for. */
export interface AccountRegionsTable {
  account_id: number;
  region_code: string;
}

/** A rate limit's hits by one client in the current window, shared by every instance (0025). */
export interface RateLimitHitsTable {
  /** The limit's name and the client's address, e.g. `api:203.0.113.7`. */
  key: string;
  hits: number;
  /** When the window ends, in milliseconds since the epoch. */
  window_ends: number;
}

/** A signed-in browser. `id` is the SHA-256 of the cookie's value, never the value itself. */
export interface SessionsTable {
  id: string;
  account_id: number;
  created_at: string;
  /** The absolute end of the session, whatever its activity. */
  expires_at: string;
  last_seen_at: string | null;
  csrf_token: string | null;
}

/** Personal API tokens: only their SHA-256 is kept; scopes is a comma-separated list. */
export interface ApiTokensTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** One-time links sent by mail: invitations (role, regions as JSON) and password resets (account_id). */
export interface AccountLinksTable {
  id: Generated<number>;
  purpose: string;
  token_hash: string;
  email: string;
  role: string | null;
  regions: string | null;
  account_id: number | null;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Failed sign-ins per account ("account:<email>") and per address ("address:<ip>"). */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  first_at: string;
  locked_until: string | null;
}

/** A correction a visitor suggested on a published record; address_hash is SHA-256 of the sender's address. */
export interface SuggestionsTable {
  id: Generated<number>;
  entity: string;
  entity_key: string;
  message: string;
  contact_email: string | null;
  address_hash: string;
  /** open, accepted or dismissed */
  state: string;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
}

/** Who did what: sign-ins, role changes, tokens, edits. Read by administrators only. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
  address: string | null;
}

/** One version of a contributed record; content is the record's JSON as its zod schema reads it. */
export interface RecordVersionsTable {
  id: Generated<number>;
  entity: string;
  record_key: string;
  /** 1, 2, … per record. */
  number: number;
  /** draft, submitted, changes_requested, published, superseded or withdrawn */
  state: string;
  content: string;
  /** JSON list of required fields still missing ("needs classification"); null when complete. */
  needs: string | null;
  /** JSON list of the region codes the record concerns, for coordinators' rights. */
  regions: string;
  /** The published version this one was drafted from. */
  base_number: number | null;
  /** Bumped by every save, so that a save based on an older revision is refused. */
  revision: number;
  reason: string | null;
  author_id: number | null;
  author_name: string;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** A reviewer's comment on a version, on one field or (field null) on the whole. */
export interface RecordCommentsTable {
  id: Generated<number>;
  version_id: number;
  field: string | null;
  body: string;
  author_id: number | null;
  author_name: string;
  created_at: string;
}

/** The answer to an API create sent with an Idempotency-Key, replayed when the key comes again. */
export interface IdempotencyKeysTable {
  account_id: number;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

/** Append-only history of every change to curated content. */
export interface HistoryTable {
  id: Generated<number>;
  entity: string;
  entity_key: string;
  action: string;
  actor: string;
  at: string;
  before: string | null;
  after: string | null;
}

/** The whole database as Kysely sees it. */
export interface ImportPresetsTable extends Versioned {
  name: string;
  /** JSON of the mapping, defaults and value mappings. */
  rules: string;
}

export interface ImportsTable {
  id: Generated<number>;
  /** The source rows of the file cite; null when every row brought its own sources. */
  source_code: string | null;
  file_name: string;
  sha256: string;
  format: string;
  rows: number;
  /** JSON of the counts of created, updated, unchanged, merged and skipped rows. */
  outcome: string;
  actor: string;
  at: string;
}

/** A key of a record an import run has planned; rows live only inside the run's transaction. */
export interface ImportKeysTable {
  run: string;
  kind: string;
  key: string;
  row: number;
  slug: string;
  name: string;
}

/** An approved translation of one text of a record (migration 0022). */
export interface RecordTranslationsTable {
  id: Generated<number>;
  /** initiative or good_practice. */
  record_kind: string;
  /** The record's key (its slug). */
  record_key: string;
  /** The field translated: name, summary. */
  field: string;
  /** The language of the translation: an ISO 639-1 code such as ca. */
  language: string;
  text: string;
  translated_by: string;
  /** approved: only published translations are stored (proposals wait in record_versions). */
  status: Generated<string>;
  /** The curator who published the translation. */
  reviewed_by: string | null;
  /** The number of the translation's published version in record_versions. */
  version_number: number | null;
  created_at: string;
  updated_at: string;
  /** The original's version the translation was made from (migration 0026). */
  source_version: number | null;
  /** The original's text of the field when the translation was made (migration 0026). */
  source_text: string | null;
}

/** Heavy jobs' finished files, waiting uploads and running jobs' progress (migration 0027). */
export interface JobResultsTable {
  key: string;
  kind: string;
  media_type: string | null;
  file_name: string | null;
  body: Uint8Array | null;
  size: number;
  progress: number | null;
  created_at: number;
  /** How many rows of job_result_chunks hold the file (migration 0029); null when `body` does. */
  chunks: number | null;
}

/** The pieces of a job's file, in order of `seq` from 0 (migration 0029). */
export interface JobResultChunksTable {
  key: string;
  seq: number;
  bytes: Uint8Array;
}

export interface Database {
  job_results: JobResultsTable;
  job_result_chunks: JobResultChunksTable;
  sources: SourcesTable;
  regions: RegionsTable;
  themes: ThemesTable;
  initiatives: InitiativesTable;
  initiative_scopes: InitiativeScopesTable;
  initiative_regions: InitiativeRegionsTable;
  initiative_themes: InitiativeThemesTable;
  initiative_funding: InitiativeFundingTable;
  initiative_relations: InitiativeRelationsTable;
  record_sources: RecordSourcesTable;
  codebooks: CodebooksTable;
  barrier_categories: BarrierCategoriesTable;
  barriers: BarriersTable;
  campaigns: CampaignsTable;
  questionnaires: QuestionnairesTable;
  campaign_regions: CampaignRegionsTable;
  campaign_responses: CampaignResponsesTable;
  response_comments: ResponseCommentsTable;
  campaign_events: CampaignEventsTable;
  campaign_mail: CampaignMailTable;
  evidence: EvidenceTable;
  evidence_barriers: EvidenceBarriersTable;
  good_practices: GoodPracticesTable;
  good_practice_barriers: GoodPracticeBarriersTable;
  recommendations: RecommendationsTable;
  recommendation_barriers: RecommendationBarriersTable;
  recommendation_actors: RecommendationActorsTable;
  recommendation_regions: RecommendationRegionsTable;
  regional_reports: RegionalReportsTable;
  interview_rows: InterviewRowsTable;
  pillars: PillarsTable;
  workshops: WorkshopsTable;
  strategies: StrategiesTable;
  strategy_passages: StrategyPassagesTable;
  reported_figures: ReportedFiguresTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  rate_limit_hits: RateLimitHitsTable;
  account_regions: AccountRegionsTable;
  api_tokens: ApiTokensTable;
  account_links: AccountLinksTable;
  sign_in_failures: SignInFailuresTable;
  audit_log: AuditLogTable;
  suggestions: SuggestionsTable;
  record_versions: RecordVersionsTable;
  record_comments: RecordCommentsTable;
  idempotency_keys: IdempotencyKeysTable;
  history: HistoryTable;
  import_presets: ImportPresetsTable;
  imports: ImportsTable;
  import_keys: ImportKeysTable;
  record_translations: RecordTranslationsTable;
}

export type InitiativeRow = Selectable<InitiativesTable>;
export type RegionRow = Selectable<RegionsTable>;
