import type { RegionLevelCode } from './codes.ts';

/** A region or country of the atlas, as services and views see it. */
export interface RegionInfo {
  /** NUTS code where one exists, else ISO 3166 (e.g. ES51, LT, UA-56). */
  readonly code: string;
  readonly name: string;
  readonly nativeName: string | null;
  readonly level: RegionLevelCode;
  readonly parentCode: string | null;
  readonly countryCode: string;
  /** A partner region of the consortium (it reported initiatives or held interviews). */
  readonly isPartner: boolean;
}

/** The home of EU institutions, European networks and EU-wide practices (region level supranational). */
export const EUROPEAN_HOME = 'EU';

/**
 * Whether a region record can be an initiative's home: a country, or the supranational home of EU
 * institutions and European networks (code EU), which have no single home country. These are the
 * values of the list's Country filter and the places the home-country counts go to.
 */
export function isHomeLevel(level: RegionLevelCode): boolean {
  return level === 'country' || level === 'supranational';
}
