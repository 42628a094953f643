/**
 * ISO 3166-1 alpha-3 codes of the countries the atlas's data names, by the alpha-2 code the
 * records use. Records follow Eurostat where it differs from ISO: Greece is EL (ISO GR) and the
 * United Kingdom may appear as UK (ISO GB); both spellings are here. The EU Publications Office
 * country authority (used by DCAT-AP's dct:spatial) identifies countries by alpha-3 code.
 */
const ALPHA3: Readonly<Record<string, string>> = Object.freeze({
  AE: 'ARE',
  AM: 'ARM',
  AR: 'ARG',
  AT: 'AUT',
  AU: 'AUS',
  BE: 'BEL',
  BG: 'BGR',
  BR: 'BRA',
  CA: 'CAN',
  CH: 'CHE',
  CL: 'CHL',
  CN: 'CHN',
  CY: 'CYP',
  CZ: 'CZE',
  DE: 'DEU',
  DK: 'DNK',
  EE: 'EST',
  EG: 'EGY',
  EL: 'GRC',
  ES: 'ESP',
  FI: 'FIN',
  FO: 'FRO',
  FR: 'FRA',
  GB: 'GBR',
  GE: 'GEO',
  GR: 'GRC',
  HR: 'HRV',
  HU: 'HUN',
  IE: 'IRL',
  IL: 'ISR',
  IN: 'IND',
  IS: 'ISL',
  IT: 'ITA',
  JO: 'JOR',
  JP: 'JPN',
  KR: 'KOR',
  LB: 'LBN',
  LI: 'LIE',
  LT: 'LTU',
  LU: 'LUX',
  LV: 'LVA',
  MA: 'MAR',
  MD: 'MDA',
  MT: 'MLT',
  MX: 'MEX',
  NL: 'NLD',
  NO: 'NOR',
  NZ: 'NZL',
  PA: 'PAN',
  PL: 'POL',
  PT: 'PRT',
  QA: 'QAT',
  RO: 'ROU',
  RS: 'SRB',
  SA: 'SAU',
  SE: 'SWE',
  SG: 'SGP',
  SI: 'SVN',
  SK: 'SVK',
  TN: 'TUN',
  TR: 'TUR',
  TW: 'TWN',
  UA: 'UKR',
  UK: 'GBR',
  US: 'USA',
  ZA: 'ZAF',
});

/** The ISO 3166-1 alpha-3 code of a record's country code, or undefined when the table lacks it. */
export function alpha3(country: string): string | undefined {
  return Object.hasOwn(ALPHA3, country) ? ALPHA3[country] : undefined;
}

/** The ISO 3166-1 alpha-2 spelling of a record's country code (Eurostat's EL and UK become GR and GB). */
export function isoAlpha2(country: string): string {
  return country === 'EL' ? 'GR' : country === 'UK' ? 'GB' : country;
}
