import { geoAzimuthalEqualArea, geoCentroid, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { countryOutlines, partnerRegionOutlines } from '../io/geo.ts';
import type { MapData } from '../services/home.ts';
import { formatCount } from './components.tsx';
import { localPlaceNames, placeName, t } from './i18n.ts';
import { LINE as LABEL_LINE, layoutLabels, type PlacedLabel, shapeAnchors } from './map-labels.ts';
import { COLOR, MAP_SCALE } from './tokens.ts';

const WIDTH = 640;
const HEIGHT = 560;

export interface Shape {
  readonly code: string;
  readonly name: string;
  readonly path: string;
  /** [[x0, y0], [x1, y1]] in map pixels. */
  readonly bounds: [[number, number], [number, number]];
}

/**
 * Lambert azimuthal equal-area centred on Europe, as the EU's own maps use (EPSG:3035), fitted to
 * a frame of `width` × `height` (the atlas's maps and the reports' maps).
 */
export function europeProjection(width: number, height: number) {
  return geoAzimuthalEqualArea()
    .rotate([-10, -52])
    .fitExtent(
      [
        [0, 0],
        [width, height],
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
    );
}

// Fitted once to the frame; whole-pixel coordinates keep the SVG small.
const PATH = geoPath(europeProjection(WIDTH, HEIGHT)).digits(0);

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

/**
 * Font sizes of the labels in map units, one layer of labels for each (the stylesheet shows the
 * one that fits the map's width): 24 of 640 is 12 px on screen when the map is 320 px wide, and
 * 16 is 12 px from 480 px up, where the narrow layer gives way to the wide one.
 */
const LABEL_SIZES = { narrow: 24, wide: 16 } as const;
/** Shapes smaller than this (map units) get a round marker, so that they can be seen and hit. */
const MIN_SHAPE = 16;
const MARKER_RADIUS = 10;

/** The point deep inside each shape of a map (labels' leader lines and markers end there). */
function anchorsOf(shapes: readonly Shape[]): ReadonlyMap<string, [number, number]> {
  return shapeAnchors(shapes, WIDTH, HEIGHT);
}

/** Where a shape's hit area goes: the centre of its largest polygon's bounds. */
function anchorOf(s: Shape): [number, number] {
  const [[x0, y0], [x1, y1]] = s.bounds;
  return [Math.round((x0 + x1) / 2), Math.round((y0 + y1) / 2)];
}

function isSmall(s: Shape): boolean {
  const [[x0, y0], [x1, y1]] = s.bounds;
  return Math.max(x1 - x0, y1 - y0) < MIN_SHAPE;
}

/**
 * The least width and height of a place's tap target in map units: 24 CSS px (WCAG 2.5.8) on a
 * map drawn 320 px wide, the narrowest a phone shows it.
 */
const MIN_TARGET = 48;

/** Whether a shape is narrower or lower than a tap target, so its link needs a larger hit area. */
function needsHitArea(s: Shape): boolean {
  const [[x0, y0], [x1, y1]] = s.bounds;
  return Math.min(x1 - x0, y1 - y0) < MIN_TARGET;
}

/**
 * The shapes in drawing order: those that get a hit area last, so that a larger neighbour
 * drawn later does not cover it (a tap on Luxembourg's area opens Luxembourg, not Belgium).
 */
function tapOrder(shapes: readonly Shape[], linked: (s: Shape) => boolean): Shape[] {
  const small = (s: Shape) => linked(s) && needsHitArea(s);
  return [...shapes.filter((s) => !small(s)), ...shapes.filter(small)];
}

/**
 * Labels for the shapes with a figure at one font size (map-labels.ts places them): over the
 * shape when the name fits there, otherwise beside it with a leader line to a point inside it.
 */
export function placeLabels(
  shapes: readonly Shape[],
  counts: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
  size: number = LABEL_SIZES.narrow,
): PlacedLabel[] {
  return layoutLabels(shapes, counts, names, {
    width: WIDTH,
    height: HEIGHT,
    size,
    marker: MARKER_RADIUS,
  });
}

/**
 * One layer of labels: leader lines, their ends, then the texts (their halo over the lines). The
 * narrow layer is hidden unless the stylesheet shows it, so a file without the stylesheet (a
 * downloaded map) shows the wide one.
 */
function LabelLayer(props: { labels: readonly PlacedLabel[]; layer: 'narrow' | 'wide' }) {
  const size = LABEL_SIZES[props.layer];
  const led = props.labels.filter((l) => l.leader);
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a group of text, nothing in it takes the focus; the links carry the names
    <g
      class={`map-labels map-labels-${props.layer}`}
      aria-hidden="true"
      {...(props.layer === 'narrow' ? { display: 'none' } : {})}
    >
      {led.map((l) => (
        <line
          class="map-leader"
          data-code={l.code}
          x1={l.leader?.x1}
          y1={l.leader?.y1}
          x2={l.leader?.x2}
          y2={l.leader?.y2}
          stroke={COLOR.ink}
          stroke-width="1.25"
          vector-effect="non-scaling-stroke"
        />
      ))}
      {led.map((l) => (
        <circle
          class="map-leader-end"
          data-code={l.code}
          cx={l.leader?.x2}
          cy={l.leader?.y2}
          r={size / 6}
          fill={COLOR.ink}
          stroke={COLOR.paper}
          stroke-width="1"
          vector-effect="non-scaling-stroke"
        />
      ))}
      {props.labels.map((l) => (
        <text x={l.x} y={l.y} data-code={l.code} font-size={size} text-anchor={l.align}>
          {l.lines.length === 1
            ? l.lines[0]
            : l.lines.map((line, i) => (
                <tspan x={l.x} y={Math.round(l.y + i * LABEL_LINE * size)}>
                  {line}
                </tspan>
              ))}
        </text>
      ))}
    </g>
  );
}

/** The list of initiatives filtered by a place: by home country, or by reporting region. */
export function placeHref(kind: 'country' | 'region', code: string): string {
  return `/initiatives?${kind}=${encodeURIComponent(code)}`;
}

/** Zoom and pan buttons; hidden until assets/map-zoom.js shows them, as they need JavaScript. */
function ZoomControls({ id }: { id: string }) {
  return (
    <div class="map-zoom-controls" hidden aria-label={t('map.zoomControls')} role="group">
      <button type="button" data-zoom="in" aria-controls={`${id}-svg`}>
        <span aria-hidden="true">+</span>
        <span class="visually-hidden">{t('map.zoomIn')}</span>
      </button>
      <button type="button" data-zoom="out" aria-controls={`${id}-svg`}>
        <span aria-hidden="true">−</span>
        <span class="visually-hidden">{t('map.zoomOut')}</span>
      </button>
      <button type="button" data-zoom="reset" aria-controls={`${id}-svg`}>
        {t('map.zoomReset')}
      </button>
      <span class="map-zoom-hint muted">{t('map.zoomHint')}</span>
    </div>
  );
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
  const kind = regions ? 'region' : 'country';
  const linked = regions ?? COUNTRIES;
  const hasFigure = (s: Shape) => (counts.get(s.code) ?? 0) > 0;
  const anchors = anchorsOf(linked);
  const shaded = (s: Shape) => {
    const n = counts.get(s.code) ?? 0;
    const title = t('map.shapeTitle', { name: names.get(s.code) ?? s.name, n: formatCount(n) });
    const [x, y] = anchorOf(s);
    const [mx, my] = anchors.get(s.code) ?? [x, y];
    const body = (
      <>
        <title>{title}</title>
        <path d={s.path} fill={fillOf(n)} />
        {n > 0 && isSmall(s) ? (
          <circle cx={mx} cy={my} r={MARKER_RADIUS} fill={fillOf(n)} class="map-marker" />
        ) : null}
        {n > 0 && needsHitArea(s) ? (
          <rect
            class="map-hit"
            x={x - MIN_TARGET / 2}
            y={y - MIN_TARGET / 2}
            width={MIN_TARGET}
            height={MIN_TARGET}
            fill="transparent"
          />
        ) : null}
      </>
    );
    // A place without initiatives is drawn but not linked: its list would be empty.
    if (n === 0) return <g class="map-shape">{body}</g>;
    return (
      <a
        href={placeHref(kind, s.code)}
        class="map-shape"
        data-code={s.code}
        aria-label={t('map.shapeLink', {
          name: names.get(s.code) ?? s.name,
          count: n,
          n: formatCount(n),
        })}
      >
        {body}
      </a>
    );
  };
  const rows = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return (
    <figure class="map" aria-labelledby={`${id}-caption`} data-map-zoom="">
      <ZoomControls id={id} />
      <div class="map-viewport">
        <svg
          id={`${id}-svg`}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="group"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
          class="map-svg"
        >
          <title id={`${id}-title`}>{props.title}</title>
          <desc id={`${id}-desc`}>
            {props.description} {t('map.descLinks')} {t('map.descTable')}
          </desc>
          <rect width={WIDTH} height={HEIGHT} class="map-sea" />
          {regions
            ? COUNTRIES.map((s) => <path d={s.path} class="map-land" />)
            : tapOrder(COUNTRIES, hasFigure).map(shaded)}
          {regions ? tapOrder(regions, hasFigure).map(shaded) : null}
          <LabelLayer
            labels={placeLabels(linked, counts, names, LABEL_SIZES.narrow)}
            layer="narrow"
          />
          <LabelLayer labels={placeLabels(linked, counts, names, LABEL_SIZES.wide)} layer="wide" />
        </svg>
      </div>
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
                <th scope="row">
                  <a href={placeHref(kind, code)}>{names.get(code) ?? code}</a>
                </th>
                <td class="num">{formatCount(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <script type="module" src="/assets/map-zoom.js" />
    </figure>
  );
}

/**
 * A choropleth of Europe's countries rendered as SVG on the server: it works without JavaScript
 * and prints. Hovering a country shows its name and count (SVG titles); the table is its text
 * alternative.
 */
export function EuropeMap({ data, id, title }: { data: MapData; id: string; title: string }) {
  const names = localPlaceNames(new Map(data.names));
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
          t('map.withoutShapeNote', {
            count: h.n,
            n: formatCount(h.n),
            name: placeName(h.code, h.name),
          }),
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
