import { createRequire } from 'node:module';
import { geoAzimuthalEqualArea, geoCentroid, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MapData } from '../services/home.ts';
import { formatCount } from './components.tsx';

/** ISO 3166-1 numeric codes (as world-atlas identifies countries) of the countries the map draws. */
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
};

const WIDTH = 640;
const HEIGHT = 560;

interface CountryShape {
  readonly code: string;
  readonly name: string;
  readonly path: string;
}

/** Country outlines of Europe projected once, at start-up, for every map the site draws. */
const SHAPES: readonly CountryShape[] = (() => {
  const topology = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const all = feature(topology, topology.objects.countries) as FeatureCollection<
    Geometry,
    { name: string }
  >;
  const inEurope = (f: Feature) => {
    const [lon, lat] = geoCentroid(f);
    return lon > -30 && lon < 50 && lat > 27 && lat < 75;
  };
  const features = all.features.filter(
    (f) => f.id !== undefined && NUMERIC_TO_CODE[String(f.id)] && inEurope(f),
  );
  // Lambert azimuthal equal-area centred on Europe, as the EU's own maps use (EPSG:3035).
  const projection = geoAzimuthalEqualArea()
    .rotate([-10, -52])
    .fitExtent(
      [
        [0, 0],
        [WIDTH, HEIGHT],
      ],
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'MultiPoint',
          coordinates: [
            [-11, 35],
            [34, 35],
            [-8, 70],
            [32, 70],
          ],
        },
      },
    );
  const path = geoPath(projection).digits(0);
  return features
    .map((f) => ({
      code: NUMERIC_TO_CODE[String(f.id)] as string,
      name: f.properties.name,
      path: path(f) ?? '',
    }))
    .filter((s) => s.path !== '');
})();

/** The colour classes of the map: upper bounds and fills, light to dark. */
const CLASSES = [
  { max: 0, fill: '#f3f6f9', label: 'none' },
  { max: 2, fill: '#c6dbef', label: '1–2' },
  { max: 5, fill: '#6baed6', label: '3–5' },
  { max: 10, fill: '#2171b5', label: '6–10' },
  { max: Number.POSITIVE_INFINITY, fill: '#08306b', label: 'more than 10' },
] as const;

function fillOf(n: number): string {
  return (CLASSES.find((c) => n <= c.max) ?? CLASSES[4]).fill;
}

/**
 * A choropleth of Europe rendered as SVG on the server: it works without JavaScript and prints.
 * Hovering or focusing a country shows its name and count (SVG titles); the same figures are in
 * the table that follows the map, which is its text alternative.
 */
export function EuropeMap({
  data,
  id,
  title,
  what,
}: {
  data: MapData;
  id: string;
  title: string;
  what: string;
}) {
  const rows = [...data.counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (
    <figure class="map" aria-labelledby={`${id}-caption`}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        class="map-svg"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          Countries shaded by the number of {what}; the table after the map gives every figure.
        </desc>
        <rect width={WIDTH} height={HEIGHT} class="map-sea" />
        {SHAPES.map((s) => {
          const n = data.counts.get(s.code) ?? 0;
          return (
            <path d={s.path} fill={fillOf(n)} class="map-country">
              <title>{`${data.names.get(s.code) ?? s.name}: ${formatCount(n)}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`}>
        <ul class="map-legend" aria-label="Legend">
          {CLASSES.map((c, i) => (
            <li>
              <span class={`swatch swatch-${i}`} aria-hidden="true" /> {c.label}
            </li>
          ))}
        </ul>
        <p>
          A national, regional or local initiative counts for its home country.{' '}
          {formatCount(data.unpinned)} {what} with a European or international scope are not pinned
          to one country and are left off the map.
        </p>
        <p class="muted">Country outlines: Natural Earth, via world-atlas.</p>
      </figcaption>
      <details class="map-table">
        <summary>The map's figures as a table</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col" class="num">
                Count
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, n]) => (
              <tr>
                <th scope="row">{data.names.get(code) ?? code}</th>
                <td class="num">{formatCount(n)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">European or international (not on the map)</th>
              <td class="num">{formatCount(data.unpinned)}</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
