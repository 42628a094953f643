import { Resvg } from '@resvg/resvg-js';
import { invalidFile } from '../domain/errors.ts';

/** A picture drawn from SVG: the PNG file and its size in pixels. */
export interface RasterImage {
  readonly png: Buffer;
  /** The PNG's width in pixels (the SVG's width times the scale). */
  readonly width: number;
  /** The PNG's height in pixels. */
  readonly height: number;
}

/** How many pixels a PNG gets per SVG unit unless told: twice, so that it stays crisp on paper and screens. */
const DEFAULT_SCALE = 2;

/** The widest PNG drawn, in pixels: a scale that asks for more is refused rather than filling memory. */
const MAX_WIDTH = 8000;

/**
 * Draws an SVG (a chart or map of a report) as PNG, `scale` pixels per SVG unit (default 2). Text
 * is set in the system's fonts, DejaVu Sans where the SVG names none or one that is not installed,
 * so Greek, accented and other European letters are drawn rather than left as boxes. An SVG that
 * cannot be read, or has no size, is an `invalid_file` AppError saying why.
 */
export function svgToPng(svg: string, options: { scale?: number } = {}): RasterImage {
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw invalidFile(`cannot draw the figure at scale ${scale}: the scale must be above 0`);
  }
  const resvg = parse(svg);
  const width = Math.round(resvg.width * scale);
  if (width < 1 || resvg.height <= 0) {
    throw invalidFile('cannot draw the figure as PNG: the SVG has no width or height', {
      width: resvg.width,
      height: resvg.height,
    });
  }
  if (width > MAX_WIDTH) {
    throw invalidFile(
      `cannot draw the figure ${width} pixels wide; at most ${MAX_WIDTH} pixels are drawn`,
      { width },
    );
  }
  const image = new Resvg(svg, {
    ...RENDER_OPTIONS,
    fitTo: { mode: 'width', value: width },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

const RENDER_OPTIONS = {
  font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  background: 'white',
  logLevel: 'off',
} as const;

/** Reads the SVG (without fonts: only its size is wanted here), turning resvg's error into an AppError. */
function parse(svg: string): Resvg {
  try {
    return new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw invalidFile(`cannot draw the figure as PNG: the SVG is not valid (${reason})`, {
      reason,
    });
  }
}
