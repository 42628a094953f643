import { DOMAINS, STATUSES, STRUCTURAL_TYPES, THEMES } from '../../domain/codes.ts';
import { fold } from './text.ts';

/**
 * The words files use for codes: labels, codes and common spellings (English, Spanish, German,
 * French) of domains, types, statuses, themes, scopes and countries, and how funders are told apart.
 */

/** Code lookups by folded label, code and the common spellings seen in survey files. */
function lookup(
  entries: readonly { code: string; label: string }[],
  extra: Readonly<Record<string, string>>,
): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) {
    m.set(fold(e.code.replace(/_/g, ' ')), e.code);
    m.set(fold(e.label), e.code);
  }
  for (const [k, v] of Object.entries(extra)) m.set(fold(k), v);
  return m;
}

/** Domain codes by folded label, code or spelling. */
export const DOMAIN_WORDS = lookup(DOMAINS, {
  'R&I': 'research_innovation',
  RI: 'research_innovation',
  'R and I': 'research_innovation',
  research: 'research_innovation',
  'research and development': 'research_innovation',
  'investigacion e innovacion': 'research_innovation',
  'forschung und innovation': 'research_innovation',
  'recherche et innovation': 'research_innovation',
  patient: 'patient_perspective',
  patients: 'patient_perspective',
  'patient perspective': 'patient_perspective',
  'patients perspective': 'patient_perspective',
  'perspectiva del paciente': 'patient_perspective',
  patientenperspektive: 'patient_perspective',
  'perspective des patients': 'patient_perspective',
  policy: 'policy_regulation',
  regulation: 'policy_regulation',
  'policy and regulation': 'policy_regulation',
  'policy regulation': 'policy_regulation',
  'politica y regulacion': 'policy_regulation',
  'politik und regulierung': 'policy_regulation',
  'politique et reglementation': 'policy_regulation',
  ecosystem: 'ecosystem',
  'innovation ecosystem': 'ecosystem',
  ecosistema: 'ecosystem',
  okosystem: 'ecosystem',
  ecosysteme: 'ecosystem',
});

/** Structural type codes by folded label, code or spelling. */
export const TYPE_WORDS = lookup(STRUCTURAL_TYPES, {
  project: 'ongoing_project',
  'ongoing project': 'ongoing_project',
  proyecto: 'ongoing_project',
  'proyecto en curso': 'ongoing_project',
  projekt: 'ongoing_project',
  projet: 'ongoing_project',
  institution: 'permanent_institution',
  'permanent institution': 'permanent_institution',
  'institucion permanente': 'permanent_institution',
  'standige einrichtung': 'permanent_institution',
  partnership: 'partnership',
  asociacion: 'partnership',
  alianza: 'partnership',
  partnerschaft: 'partnership',
  partenariat: 'partnership',
  study: 'study_publication',
  publication: 'study_publication',
  'strategic document': 'study_publication',
  strategy: 'study_publication',
  'study publication strategic document': 'study_publication',
  'study publication or strategic document': 'study_publication',
  estudio: 'study_publication',
  studie: 'study_publication',
  etude: 'study_publication',
});

/** Status codes by folded label, code or spelling. */
export const STATUS_WORDS = lookup(STATUSES, {
  'to be launched': 'planned',
  upcoming: 'planned',
  'not started': 'planned',
  'not yet started': 'planned',
  previsto: 'planned',
  planificado: 'planned',
  geplant: 'planned',
  prevu: 'planned',
  active: 'ongoing',
  running: 'ongoing',
  'in progress': 'ongoing',
  'en curso': 'ongoing',
  activo: 'ongoing',
  laufend: 'ongoing',
  'en cours': 'ongoing',
  finished: 'closed',
  completed: 'closed',
  ended: 'closed',
  terminated: 'closed',
  finalizado: 'closed',
  cerrado: 'closed',
  abgeschlossen: 'closed',
  beendet: 'closed',
  termine: 'closed',
  dauerhaft: 'permanent',
  'permanent institution': 'permanent',
  permanente: 'permanent',
});

/** Theme codes by folded label, code or spelling. */
export const THEME_WORDS = lookup(THEMES, {
  ATMP: 'atmp',
  'advanced therapies': 'atmp',
  genomics: 'genomics',
  omics: 'genomics',
  'health data': 'health_data',
  data: 'health_data',
  AI: 'ai',
  'artificial intelligence': 'ai',
  cancer: 'oncology',
  'rare diseases': 'rare_diseases',
  biobanks: 'biobanking',
  education: 'education',
  training: 'education',
  'clinical trials': 'clinical_trials',
  'digital health': 'digital_health',
  ehealth: 'digital_health',
  HTA: 'regulation',
});

/** Scope words of other languages, folded, as the English words the scope parser reads. */
export const SCOPE_WORDS: Readonly<Record<string, string>> = {
  lokal: 'local',
  nacional: 'national',
  nationale: 'national',
  europeo: 'european',
  europeenne: 'european',
  europaisch: 'european',
  eu: 'european',
  internacional: 'international',
  internationale: 'international',
  mondial: 'international',
  global: 'international',
  worldwide: 'international',
};

/** Country names in their own languages and other common spellings, by ISO code. */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  España: 'ES',
  Espanya: 'ES',
  Deutschland: 'DE',
  Sverige: 'SE',
  Italia: 'IT',
  Lietuva: 'LT',
  Polska: 'PL',
  Україна: 'UA',
  Ukraina: 'UA',
  Ελλάδα: 'GR',
  Hellas: 'GR',
  EL: 'GR',
  Nederland: 'NL',
  Holland: 'NL',
  Suomi: 'FI',
  Österreich: 'AT',
  België: 'BE',
  Belgique: 'BE',
  Éire: 'IE',
  Danmark: 'DK',
  Norge: 'NO',
  Česko: 'CZ',
  'Czech Republic': 'CZ',
  България: 'BG',
  Bulgaria: 'BG',
  Magyarország: 'HU',
  România: 'RO',
  Hrvatska: 'HR',
  Slovenija: 'SI',
  Slovensko: 'SK',
  Eesti: 'EE',
  Latvija: 'LV',
  UK: 'GB',
  'United Kingdom': 'GB',
  Schweiz: 'CH',
  Suisse: 'CH',
  Svizzera: 'CH',
};

/** Link cells that say there is no link. */
export const NON_VALUE =
  /^(n\s*\/?\s*a\.?|none|nil|no|-+|—|–|tbd|tbc|unknown|not available( yet)?\.?|no website|no link|not applicable|ninguno|no disponible|sin web|keine|k\.?\s*a\.?|entfallt|entfällt|aucun)$/i;

/** Patterns of funder names, by the kind of funder they tell. */
const FUNDER_KINDS: readonly [RegExp, string][] = [
  [
    /horizon|h2020|fp7|\beu\b|european (union|commission)|interreg|\beit\b|\bimi\b|erdf|erasmus|eu4health|digital europe/i,
    'eu',
  ],
  [
    /ministry|ministerio|ministerium|national|vinnova|isciii|research council|government|federal|bmbf|anr\b|nih\b/i,
    'national',
  ],
  [/region|county|junta|generalitat|gobierno de|landes|diputaci|provinc|comunidad/i, 'regional'],
  [/foundation|fundaci|stiftelse|stiftung|fondation|charity|trust\b|association/i, 'charity'],
  [/company|industry|pharma|private|ltd|gmbh|inc\b|s\.?a\.?$|\bab\b/i, 'private'],
  [/members|membership|partners' contributions/i, 'members'],
];

/** The kind of a funder named in free text, when its name says so. */
export function classifyFunder(funder: string): string | undefined {
  return FUNDER_KINDS.find(([re]) => re.test(funder))?.[1];
}
