import { geoAzimuthalEqualArea, geoCentroid, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { countryOutlines, partnerRegionOutlines } from '../io/geo.ts';
import type { MapData } from '../services/home.ts';
import { formatCount } from './components.tsx';
import { t } from './i18n.ts';
import { MAP_SCALE } from './tokens.ts';

const WIDTH = 640;
const HEIGHT = 560;

interface Shape {
  readonly code: string;
  readonly name: string;
  readonly path: string;
  /** [[x0, y0], [x1, y1]] in map pixels. */
  readonly bounds: [[number, number], [number, number]];
}

// Lambert azimuthal equal-area centred on Europe, as the EU's own maps use (EPSG:3035), fitted
// once to the frame; whole-pixel coordinates keep the SVG small.
const PATH = geoPath(
  geoAzimuthalEqualArea()
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
          // Corners of the area to show; the southern points keep Crete and Cyprus in the frame.
          coordinates: [
            [-11, 35],
            [34, 34],
            [25, 34],
            [14, 35],
            [-8, 70],
            [32, 70],
          ],
        },
      },
    ),
).digits(0);

/** The bounds of a shape's largest polygon, so that islands far away (the Canaries, overseas
 * departments) do not pull a locator map away from the mainland. */
function mainBounds(f: Feature<Geometry>): Shape['bounds'] {
  if (f.geometry.type !== 'MultiPolygon') return PATH.bounds(f);
  const polygons = f.geometry.coordinates.map((coordinates) => ({
    type: 'Polygon' as const,
    coordinates,
  }));
  const largest = polygons.reduce((a, b) => (PATH.area(b) > PATH.area(a) ? b : a));
  return PATH.bounds(largest);
}

/** Country outlines of Europe (Natural Earth via world-atlas), projected once at start-up. */
const COUNTRIES: readonly Shape[] = (() => {
  const inEurope = (f: Feature) => {
    const [lon, lat] = geoCentroid(f);
    return lon > -30 && lon < 50 && lat > 27 && lat < 75;
  };
  return countryOutlines()
    .filter((o) => inEurope(o.feature))
    .map((o) => ({
      code: o.code,
      name: o.name,
      path: PATH(o.feature) ?? '',
      bounds: mainBounds(o.feature),
    }))
    .filter((s) => s.path !== '');
})();

/** Partner-region outlines (NUTS 2021, © EuroGeographics), extracted by tools/extract-nuts.ts. */
const PARTNER_REGIONS: readonly Shape[] = partnerRegionOutlines().map((o) => ({
  code: o.code,
  name: o.name,
  path: PATH(o.feature) ?? '',
  bounds: mainBounds(o.feature),
}));

/** The colour classes of the maps: upper bounds and fills (the tokens' scale), light to dark. */
const CLASSES = [
  { max: 0, fill: MAP_SCALE[0] },
  { max: 2, fill: MAP_SCALE[1] },
  { max: 5, fill: MAP_SCALE[2] },
  { max: 10, fill: MAP_SCALE[3] },
  { max: Number.POSITIVE_INFINITY, fill: MAP_SCALE[4] },
] as const;

/** The legend label of colour class `i`, in the language of the request. */
function classLabel(i: number): string {
  const lower = CLASSES[i - 1];
  const upper = CLASSES[i];
  if (!upper || !lower) return t('map.legendNone');
  if (upper.max === Number.POSITIVE_INFINITY)
    return t('map.legendMore', { n: formatCount(lower.max) });
  return `${formatCount(lower.max + 1)}–${formatCount(upper.max)}`;
}

function fillOf(n: number): string {
  return (CLASSES.find((c) => n <= c.max) ?? CLASSES[4]).fill;
}

/** A choropleth frame: countries as background or data, optional regions on top, legend, notes and table. */
function Choropleth(props: {
  id: string;
  title: string;
  description: string;
  /** Counts of the shaded shapes; countries are shaded only when `regions` is not given. */
  counts: ReadonlyMap<string, number>;
  names: ReadonlyMap<string, string>;
  regions?: readonly Shape[];
  notes: readonly string[];
  credit: string;
}) {
  const { id, counts, names, regions } = props;
  const shaded = (s: Shape) => {
    const n = counts.get(s.code) ?? 0;
    return (
      <path d={s.path} fill={fillOf(n)} class="map-shape">
        <title>
          {t('map.shapeTitle', { name: names.get(s.code) ?? s.name, n: formatCount(n) })}
        </title>
      </path>
    );
  };
  const rows = [...counts.entries()]
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
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>
          {props.description} {t('map.descTable')}
        </desc>
        <rect width={WIDTH} height={HEIGHT} class="map-sea" />
        {regions
          ? COUNTRIES.map((s) => <path d={s.path} class="map-land" />)
          : COUNTRIES.map(shaded)}
        {regions?.map(shaded)}
      </svg>
      <figcaption id={`${id}-caption`}>
        <ul class="map-legend" aria-label={t('map.legendLabel')}>
          {CLASSES.map((_, i) => (
            <li>
              <span class={`swatch swatch-${i}`} aria-hidden="true" /> {classLabel(i)}
            </li>
          ))}
        </ul>
        {props.notes.map((n) => (
          <p>{n}</p>
        ))}
        <p class="muted">{props.credit}</p>
      </figcaption>
      <details class="map-table">
        <summary>{t('map.tableSummary')}</summary>
        <table>
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{regions ? t('map.colRegion') : t('map.colCountry')}</th>
              <th scope="col" class="num">
                {t('map.colCount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, n]) => (
              <tr>
                <th scope="row">{names.get(code) ?? code}</th>
                <td class="num">{formatCount(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * A choropleth of Europe's countries rendered as SVG on the server: it works without JavaScript
 * and prints. Hovering a country shows its name and count (SVG titles); the table is its text
 * alternative.
 */
export function EuropeMap({ data, id, title }: { data: MapData; id: string; title: string }) {
  const names = new Map(data.names);
  return (
    <Choropleth
      id={id}
      title={title}
      description={t('map.europeDescription')}
      counts={data.counts}
      names={names}
      notes={[
        t('map.europeNote', { count: data.wideScope, n: formatCount(data.wideScope) }),
        ...data.withoutShape.map((h) =>
          t('map.withoutShapeNote', { count: h.n, n: formatCount(h.n), name: h.name }),
        ),
      ]}
      credit={t('map.europeCredit')}
    />
  );
}

/** The partner regions (NUTS where they have one) shaded by how many initiatives each reported. */
export function PartnerRegionsMap({
  id,
  counts,
  names,
}: {
  id: string;
  counts: ReadonlyMap<string, number>;
  names: ReadonlyMap<string, string>;
}) {
  const drawn = new Set(PARTNER_REGIONS.map((r) => r.code));
  const undrawn = [...counts.keys()]
    .filter((code) => !drawn.has(code))
    .map((code) => names.get(code) ?? code);
  return (
    <Choropleth
      id={id}
      title={t('map.regionsTitle')}
      description={t('map.regionsDescription')}
      counts={counts}
      names={names}
      regions={PARTNER_REGIONS}
      notes={[
        t('map.regionsNote'),
        ...(undrawn.length > 0 ? [t('map.regionsUndrawn', { regions: undrawn.join(', ') })] : []),
      ]}
      credit={t('map.regionsCredit')}
    />
  );
}

/** A small map that locates one initiative: its home country and neighbours, and its region where one is drawn. */
export function LocatorMap({
  country,
  regions,
  label,
}: {
  country: string;
  regions: readonly string[];
  label: string;
}) {
  const home = COUNTRIES.find((c) => c.code === country);
  if (!home) return null;
  const located = PARTNER_REGIONS.filter((r) => regions.includes(r.code));
  // Zoom to the home country with a margin, and draw only what falls in that window.
  const [[x0, y0], [x1, y1]] = home.bounds;
  const size = Math.max(x1 - x0, y1 - y0, 90) * 1.6;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const win = { x: Math.round(cx - size / 2), y: Math.round(cy - size / 2), s: Math.round(size) };
  const visible = (b: Shape['bounds']) =>
    b[1][0] >= win.x && b[0][0] <= win.x + win.s && b[1][1] >= win.y && b[0][1] <= win.y + win.s;
  return (
    <figure class="locator">
      <svg
        viewBox={`${win.x} ${win.y} ${win.s} ${win.s}`}
        role="img"
        aria-label={label}
        class="map-svg"
        focusable="false"
      >
        <rect x={win.x} y={win.y} width={win.s} height={win.s} class="map-sea" />
        {COUNTRIES.filter((c) => visible(c.bounds)).map((s) => (
          <path d={s.path} class={s.code === country ? 'locator-home' : 'map-land'} />
        ))}
        {located.map((r) => (
          <path d={r.path} class="locator-region" />
        ))}
      </svg>
      <figcaption class="muted">
        {t(located.length > 0 ? 'map.locatorCaptionRegions' : 'map.locatorCaption', { label })}
      </figcaption>
    </figure>
  );
}
