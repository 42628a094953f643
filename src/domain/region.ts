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
