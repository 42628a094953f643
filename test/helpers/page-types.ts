/**
 * One page of each type of the public atlas (on the reference data), for the tests that walk
 * every page type: the 13 languages in a browser, and the pseudo-language's hunt for text
 * written outside the catalogue.
 */
export const PAGE_TYPES = [
  '/',
  '/initiatives?q=cancer',
  '/initiatives/atmp-catalonia',
  '/regions',
  '/regions/ES51',
  '/regions/IT',
  '/barriers',
  '/barriers/B05',
  '/barriers/prevalence',
  '/good-practices',
  '/good-practices/padris-program',
  '/recommendations',
  '/recommendations/se232-national-standards-e-consent',
  '/compare?region=ES51&region=SE232',
  '/twinning?region=ES51',
  '/data-quality',
  '/about',
  '/downloads',
  '/reports',
  '/strategies',
  '/campaigns',
  '/sign-in',
  '/nothing-here',
] as const;
