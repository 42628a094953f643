/**
 * Code lists of the PerMed Atlas domain. Each entry has a stable code (stored in the database
 * and used in URLs, filters and exports) and an English label. The lists follow the seed
 * documents: PRECISEU D3.1 (domains, structural types, scopes, statuses), PRECISEU D6.1
 * (barrier categories, barriers, stakeholder groups) and the EP PerMed article (pillars).
 */

/** One entry of a code list. */
export interface CodeEntry<C extends string = string> {
  readonly code: C;
  readonly label: string;
}

function list<const T extends readonly CodeEntry[]>(entries: T): T {
  return Object.freeze(entries.map((e) => Object.freeze(e))) as unknown as T;
}

/** The four domains of D3.1. */
export const DOMAINS = list([
  { code: 'research_innovation', label: 'Research & Innovation' },
  { code: 'patient_perspective', label: 'Patient perspective' },
  { code: 'policy_regulation', label: 'Policy & Regulation' },
  { code: 'ecosystem', label: 'Ecosystem' },
] as const);

/** The four structural types of D3.1. */
export const STRUCTURAL_TYPES = list([
  { code: 'ongoing_project', label: 'Ongoing project' },
  { code: 'permanent_institution', label: 'Permanent institution' },
  { code: 'partnership', label: 'Partnership' },
  { code: 'study_publication', label: 'Study, publication or strategic document' },
] as const);

/** Geographical scopes of D3.1; an initiative has a set of them. */
export const SCOPES = list([
  { code: 'local', label: 'Local' },
  { code: 'regional', label: 'Regional' },
  { code: 'national', label: 'National' },
  { code: 'european', label: 'European' },
  { code: 'international', label: 'International (wider than the EU)' },
] as const);

/** Lifecycle status of an initiative ("to be launched" in D3.1 is `planned`). */
export const STATUSES = list([
  { code: 'planned', label: 'Planned' },
  { code: 'ongoing', label: 'Ongoing' },
  { code: 'closed', label: 'Closed' },
  { code: 'permanent', label: 'Permanent' },
] as const);

/** Thematic tags used to describe initiatives. */
export const THEMES = list([
  { code: 'atmp', label: 'Advanced therapies (ATMP)' },
  { code: 'genomics', label: 'Genomics and omics' },
  { code: 'health_data', label: 'Health data' },
  { code: 'ai', label: 'Artificial intelligence' },
  { code: 'oncology', label: 'Oncology' },
  { code: 'rare_diseases', label: 'Rare diseases' },
  { code: 'biobanking', label: 'Biobanking' },
  { code: 'education', label: 'Education and training' },
  { code: 'clinical_trials', label: 'Clinical trials and testbeds' },
  { code: 'imaging', label: 'Imaging' },
  { code: 'digital_health', label: 'Digital health' },
  { code: 'cardiology', label: 'Cardiology' },
  { code: 'neurology', label: 'Neurology' },
  { code: 'nanomedicine', label: 'Nanomedicine' },
  { code: 'patient_engagement', label: 'Patient engagement' },
  { code: 'regulation', label: 'Regulation and HTA' },
  { code: 'innovation_support', label: 'Innovation support and entrepreneurship' },
] as const);

/** Kinds of funding source, so that free-text funders can be filtered and counted. */
export const FUNDING_KINDS = list([
  { code: 'eu', label: 'European Union' },
  { code: 'national', label: 'National public funding' },
  { code: 'regional', label: 'Regional public funding' },
  { code: 'charity', label: 'Charity or foundation' },
  { code: 'private', label: 'Private or industry' },
  { code: 'members', label: "Members' contributions" },
  { code: 'mixed', label: 'Several kinds combined' },
] as const);

/** The six barrier categories of D6.1. */
export const BARRIER_CATEGORIES = list([
  { code: 'health_data', label: 'Health data accessibility' },
  { code: 'financial', label: 'Financial barriers' },
  { code: 'regulatory', label: 'Regulatory barriers' },
  { code: 'competence', label: 'Competence and awareness' },
  { code: 'healthcare_readiness', label: 'Healthcare readiness' },
  { code: 'ecosystem_capacity', label: 'Innovation ecosystem capacity' },
] as const);

/** A barrier of the D6.1 codebook with its category. */
export interface BarrierEntry extends CodeEntry {
  readonly number: number;
  readonly category: BarrierCategoryCode;
}

/** The 17 barriers of D6.1, numbered as in the report. */
export const BARRIERS: readonly BarrierEntry[] = list([
  { code: 'B01', number: 1, category: 'health_data', label: 'Health data fragmentation' },
  { code: 'B02', number: 2, category: 'health_data', label: 'Health data governance' },
  {
    code: 'B03',
    number: 3,
    category: 'health_data',
    label: 'Legal interpretation regarding health data use',
  },
  { code: 'B04', number: 4, category: 'health_data', label: 'Consent management of health data' },
  { code: 'B05', number: 5, category: 'financial', label: 'Reimbursement misalignment' },
  {
    code: 'B06',
    number: 6,
    category: 'financial',
    label: 'High development costs and limited investment',
  },
  {
    code: 'B07',
    number: 7,
    category: 'regulatory',
    label: 'Regulatory uncertainty of AI in healthcare',
  },
  {
    code: 'B08',
    number: 8,
    category: 'regulatory',
    label: 'Regulatory complexity within the field of ATMPs',
  },
  { code: 'B09', number: 9, category: 'regulatory', label: 'Unclear rules for hospital exemption' },
  {
    code: 'B10',
    number: 10,
    category: 'competence',
    label: 'Competence gaps across healthcare and innovation ecosystems',
  },
  { code: 'B11', number: 11, category: 'competence', label: 'Patient awareness' },
  {
    code: 'B12',
    number: 12,
    category: 'competence',
    label: 'Understanding, knowledge and support from policy makers and decision makers',
  },
  {
    code: 'B13',
    number: 13,
    category: 'healthcare_readiness',
    label: 'Infrastructure-related barriers in healthcare',
  },
  {
    code: 'B14',
    number: 14,
    category: 'healthcare_readiness',
    label: 'Regional inequities and centralization of services',
  },
  {
    code: 'B15',
    number: 15,
    category: 'ecosystem_capacity',
    label: 'Barriers to scalability in ATMP innovation and manufacturing',
  },
  {
    code: 'B16',
    number: 16,
    category: 'ecosystem_capacity',
    label:
      'Innovation ecosystem and coordination challenges across all fields of precision medicine',
  },
  {
    code: 'B17',
    number: 17,
    category: 'ecosystem_capacity',
    label: 'Access and integration of clinical trials and testbeds',
  },
] as const satisfies readonly BarrierEntry[]);

/** Stakeholder groups used for interviews and evidence (D6.1 table 3, plus patients). */
export const STAKEHOLDER_GROUPS = list([
  { code: 'industry', label: 'Industry and private sector (incl. SMEs)' },
  { code: 'healthcare_provider', label: 'Healthcare providers' },
  { code: 'research_academia', label: 'Research and academia' },
  { code: 'public_authority_other', label: 'Public authority or other' },
  { code: 'patient_organisation', label: 'Patient organisations' },
] as const);

/** The five pillars of action for PM implementation identified by EP PerMed. */
export const PILLARS = list([
  { code: 'P1', label: 'Engagement and support of healthcare professionals' },
  { code: 'P2', label: 'Patient and people engagement' },
  { code: 'P3', label: 'Public awareness and health literacy of citizens' },
  { code: 'P4', label: 'Engagement with medical societies' },
  {
    code: 'P5',
    label: 'Engagement with healthcare providers to adopt and transfer PM approaches',
  },
] as const);

/** Typed relations between initiatives. */
export const RELATION_KINDS = list([
  { code: 'part_of', label: 'Part of' },
  { code: 'member_of', label: 'Member of' },
  { code: 'funded_by', label: 'Funded by' },
  { code: 'successor_of', label: 'Successor of' },
] as const);

/** Levels of a region record. */
export const REGION_LEVELS = list([
  { code: 'country', label: 'Country' },
  { code: 'supranational', label: 'European Union / international body' },
  { code: 'nuts1', label: 'NUTS 1 region' },
  { code: 'nuts2', label: 'NUTS 2 region' },
  { code: 'nuts3', label: 'NUTS 3 region' },
  { code: 'other', label: 'Other subdivision' },
] as const);

/** Kinds of collection campaign. */
export const CAMPAIGN_KINDS = list([
  { code: 'initiative_mapping', label: 'Initiative mapping' },
  { code: 'barrier_mapping', label: 'Barrier mapping' },
  { code: 'good_practice_collection', label: 'Good practice collection' },
] as const);

/** Account roles. */
export const ROLES = list([
  { code: 'admin', label: 'Administrator' },
  { code: 'curator', label: 'Curator / reviewer' },
  { code: 'coordinator', label: 'Regional coordinator' },
] as const);

type Codes<T extends readonly CodeEntry[]> = T[number]['code'];
export type DomainCode = Codes<typeof DOMAINS>;
export type StructuralTypeCode = Codes<typeof STRUCTURAL_TYPES>;
export type ScopeCode = Codes<typeof SCOPES>;
export type StatusCode = Codes<typeof STATUSES>;
export type ThemeCode = Codes<typeof THEMES>;
export type BarrierCategoryCode = Codes<typeof BARRIER_CATEGORIES>;
export type StakeholderGroupCode = Codes<typeof STAKEHOLDER_GROUPS>;
export type FundingKindCode = Codes<typeof FUNDING_KINDS>;
export type RelationKindCode = Codes<typeof RELATION_KINDS>;
export type RegionLevelCode = Codes<typeof REGION_LEVELS>;
export type CampaignKindCode = Codes<typeof CAMPAIGN_KINDS>;
export type RoleCode = Codes<typeof ROLES>;

/** The codes of a list, as a non-empty tuple (for zod enums). */
export function codesOf<T extends readonly CodeEntry[]>(entries: T): [Codes<T>, ...Codes<T>[]] {
  return entries.map((e) => e.code) as [Codes<T>, ...Codes<T>[]];
}

/** The label of a code, or the code itself when the list does not know it. */
export function labelOf(entries: readonly CodeEntry[], code: string): string {
  return entries.find((e) => e.code === code)?.label ?? code;
}
