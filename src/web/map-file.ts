/**
 * A map of a page as a file of its own (SVG, and through it PNG): the map's drawing as the page
 * renders it (map.tsx), with the stylesheet's map rules written into it, its legend drawn below
 * it, its title and citation, so it reads the same wherever it is sent.
 */
import { COLOR, FONT, MAP_SCALE } from './tokens.ts';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The map rules of the stylesheet that the drawing needs, in the tokens' colours. */
const MAP_STYLE = [
  `.map-sea{fill:${COLOR.mapSea}}`,
  `.map-land{fill:${COLOR.mapLand};stroke:${COLOR.mapLandLine};stroke-width:0.5}`,
  `.map-shape path{stroke:${COLOR.mapShapeLine};stroke-width:0.5}`,
  `.map-shape circle{stroke:${COLOR.ink};stroke-width:1.5}`,
  `.map-labels text{fill:${COLOR.ink};stroke:${COLOR.paper};stroke-width:4;paint-order:stroke;stroke-linejoin:round;font-weight:600;font-size:16px;font-family:${FONT.chart}}`,
  `.legend text{fill:${COLOR.ink};font-size:14px;font-family:${FONT.chart}}`,
  `.title{fill:${COLOR.ink};font-size:18px;font-weight:600;font-family:${FONT.chart}}`,
].join('');

const TITLE_HEIGHT = 36;
const LEGEND_ROW = 24;

/** A text decoded from HTML (the few entities the renderer writes). */
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The standalone SVG of a map figure rendered by map.tsx (`figureHtml`, the <figure> element):
 * its drawing, then the legend's classes (swatch and label, as the page's legend has them).
 */
export function mapSvgFile(figureHtml: string, title: string, citation: string): string {
  const drawing = figureHtml.match(/<svg\b[^>]*\bviewBox="0 0 (\d+) (\d+)"[^>]*>([\s\S]*?)<\/svg>/);
  if (!drawing) throw new Error('the map figure has no drawing');
  const width = Number(drawing[1]);
  const height = Number(drawing[2]);
  // The page's own title and description name the page's figure; the file gets its own.
  const inner = (drawing[3] ?? '')
    .replace(/<title id="[^"]*">[\s\S]*?<\/title>/, '')
    .replace(/<desc id="[^"]*">[\s\S]*?<\/desc>/, '');
  const classes = [
    ...figureHtml.matchAll(/<span class="swatch swatch-(\d)"[^>]*><\/span>\s*([^<]*)<\/li>/g),
  ].map((m) => ({ fill: MAP_SCALE[Number(m[1])] ?? COLOR.wash, label: decode(m[2] ?? '').trim() }));
  const legendTop = TITLE_HEIGHT + height + 12;
  const legend = classes.map((c, i) => {
    const y = legendTop + i * LEGEND_ROW;
    return `<rect x="12" y="${y}" width="16" height="16" fill="${c.fill}" stroke="${COLOR.mapShapeLine}" stroke-width="0.5"/><text x="36" y="${y + 13}">${escapeXml(c.label)}</text>`;
  });
  const total = legendTop + classes.length * LEGEND_ROW + 8;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">`,
    `<title>${escapeXml(title)}</title><desc>${escapeXml(citation)}</desc>`,
    `<style>${MAP_STYLE}</style>`,
    `<rect width="${width}" height="${total}" fill="${COLOR.paper}"/>`,
    `<text class="title" x="12" y="24">${escapeXml(title)}</text>`,
    `<svg x="0" y="${TITLE_HEIGHT}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${inner}</svg>`,
    `<g class="legend">${legend.join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
