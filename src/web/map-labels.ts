/**
 * Where the maps' labels go (map.tsx draws them). Each shaded place gets a label where one fits
 * (on a crowded map, every country shaded, a few keep only their link, title and table row), and
 * a label is plainly its own: over its shape when the text fits there, otherwise beside it with a leader line to a
 * point deep inside the shape. No label leaves the frame, overlaps another label or a leader
 * line, and a label avoids other shaded places. The same shapes, figures and names always give
 * the same labels.
 *
 * The shapes are rasterised once onto a grid of 2 map units, which answers "whose shape is here"
 * for any point; the layout is greedy, most initiatives first, with the places that found no
 * spot moved to the front for another round.
 */

/** A shape as the maps draw it: its code, name and SVG path in map units. */
export interface LabelShape {
  readonly code: string;
  readonly name: string;
  readonly path: string;
}

/** A placed label: its lines (baselines from `y`, centred on `x`) and its leader, if it has one. */
export interface PlacedLabel {
  readonly code: string;
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
  /** Which end of the lines `x` holds: the end that a leader line meets stays put. */
  readonly align: 'start' | 'middle' | 'end';
  /** From the label's edge to the point inside its shape. */
  readonly leader?: { x1: number; y1: number; x2: number; y2: number };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CELL = 2;

/** Advance widths of the labels' bold sans-serif (DejaVu Sans Bold, the widest usual one), per 100. */
const ASCII_WIDTHS = [
  35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
  70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85,
  73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72,
  71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
];
const CYRILLIC_WIDTHS = [
  77, 76, 76, 64, 89, 68, 122, 71, 84, 84, 82, 83, 100, 84, 85, 84, 73, 73, 68, 77, 99, 77, 93, 81,
  124, 133, 94, 104, 76, 73, 117, 77, 67, 70, 63, 52, 81, 68, 100, 58, 70, 70, 68, 73, 82, 69, 69,
  69, 72, 59, 58, 65, 99, 65, 74, 69, 106, 111, 75, 90, 63, 59, 97, 64,
];

function charWidth(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 32 && c < 127) return ASCII_WIDTHS[c - 32] ?? 72;
  if (c >= 0x410 && c < 0x450) return CYRILLIC_WIDTHS[c - 0x410] ?? 72;
  const base = ch.normalize('NFD')[0] ?? ch;
  if (base !== ch) return charWidth(base);
  return ch === ch.toLowerCase() ? 74 : 86;
}

/** The width of a line of label text in map units at font size `size`, with a small margin. */
export function textWidth(text: string, size: number): number {
  let sum = 0;
  for (const ch of text) sum += charWidth(ch);
  return (sum / 100) * size * 1.04;
}

/** The font's ascent and descent and the distance of two lines' baselines, in ems. */
const ASCENT = 0.93;
const DESCENT = 0.24;
export const LINE = 1.1;

/** The text split in two lines at the space or hyphen that makes the longer line shortest. */
function twoLines(text: string, size: number): string[] | null {
  let best: string[] | null = null;
  let bestWidth = Number.POSITIVE_INFINITY;
  for (const m of text.matchAll(/ |-/g)) {
    const i = m.index ?? 0;
    const lines = [text.slice(0, m[0] === '-' ? i + 1 : i), text.slice(i + 1)];
    if (lines.some((l) => l.trim().length < 2)) continue;
    const w = Math.max(...lines.map((l) => textWidth(l, size)));
    if (w < bestWidth) [best, bestWidth] = [lines, w];
  }
  return best;
}

/**
 * The texts a place's label may show, best first, with their cost: its name on one line, then on
 * two; without a parenthesis ("Sofia area (Yugozapaden)"); its first word ("North-East
 * Romania"); its code only as the last resort (the link's name and the table keep the full name).
 */
export function labelTexts(name: string, code: string, size: number) {
  const plain = name.replace(/\s*\(.*\)\s*$/, '').trim();
  const first = plain.split(/\s+/)[0] ?? '';
  const out: { lines: string[]; cost: number }[] = [];
  const add = (lines: string[] | null, cost: number) => {
    // A blank line (an empty name, a name all in brackets) would draw an invisible label.
    if (lines?.every((l) => l.trim()) && !out.some((o) => o.lines.join('\n') === lines.join('\n')))
      out.push({ lines, cost });
  };
  add([name], 0);
  add(twoLines(name, size), 3);
  add([plain], 6);
  add(twoLines(plain, size), 8);
  if (first.length >= 4) add([first], 14);
  add([code], 40);
  return out;
}

/** The grid of a set of shapes: which shape (index + 1) covers each cell, and each shape's anchor. */
interface Grid {
  readonly cols: number;
  readonly rows: number;
  readonly owner: Int16Array;
  /** A point deep inside each shape (the cell farthest from its edge), or null when it covers none. */
  readonly anchors: readonly ([number, number] | null)[];
}

/** The rings of an SVG path as d3-geo writes them (absolute M, L and Z). */
function rings(path: string): [number, number][][] {
  const out: [number, number][][] = [];
  let ring: [number, number][] = [];
  for (const m of path.matchAll(/([MLZ])(?:(-?[\d.]+),(-?[\d.]+))?/g)) {
    if (m[1] === 'Z' || m[1] === 'M') {
      if (ring.length > 2) out.push(ring);
      ring = [];
    }
    if (m[1] !== 'Z') ring.push([Number(m[2]), Number(m[3])]);
  }
  if (ring.length > 2) out.push(ring);
  return out;
}

/** Marks the cells whose centres lie inside the path (even-odd, scanline by scanline). */
function rasterise(
  grid: { cols: number; rows: number; owner: Int16Array },
  path: string,
  v: number,
) {
  const crossings: number[][] = Array.from({ length: grid.rows }, () => []);
  for (const ring of rings(path)) {
    ring.forEach(([x1, y1], k) => {
      const [x2, y2] = ring[(k + 1) % ring.length] ?? [x1, y1];
      if (y1 === y2) return;
      const lo = Math.min(y1, y2);
      const hi = Math.max(y1, y2);
      const first = Math.max(0, Math.ceil(lo / CELL - 0.5));
      for (let r = first; r < grid.rows && (r + 0.5) * CELL < hi; r++) {
        const yc = (r + 0.5) * CELL;
        crossings[r]?.push(x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1));
      }
    });
  }
  crossings.forEach((xs, r) => {
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil((xs[k] ?? 0) / CELL - 0.5));
      for (let c = from; c < grid.cols && (c + 0.5) * CELL < (xs[k + 1] ?? 0); c++) {
        grid.owner[r * grid.cols + c] = v;
      }
    }
  });
}

/** Each cell's distance (in cells) to the nearest cell of another owner, by a two-pass chamfer. */
function depth(owner: Int16Array, cols: number, rows: number): Float32Array {
  const d = new Float32Array(cols * rows);
  const at = (r: number, c: number) =>
    r < 0 || c < 0 || r >= rows || c >= cols ? -1 : r * cols + c;
  const differs = (i: number, j: number) => j < 0 || owner[j] !== owner[i];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const edge = [at(r - 1, c), at(r + 1, c), at(r, c - 1), at(r, c + 1)].some((j) =>
        differs(i, j),
      );
      d[i] = edge ? 1 : 1e9;
    }
  const pass = (steps: [number, number, number][], forward: boolean) => {
    for (let k = 0; k < rows * cols; k++) {
      const i = forward ? k : rows * cols - 1 - k;
      const r = Math.floor(i / cols);
      const c = i % cols;
      for (const [dr, dc, w] of steps) {
        const j = at(r + dr, c + dc);
        if (j >= 0) d[i] = Math.min(d[i] ?? 0, (d[j] ?? 0) + w);
      }
    }
  };
  pass(
    [
      [0, -1, 1],
      [-1, 0, 1],
      [-1, -1, Math.SQRT2],
      [-1, 1, Math.SQRT2],
    ],
    true,
  );
  pass(
    [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, Math.SQRT2],
      [1, -1, Math.SQRT2],
    ],
    false,
  );
  return d;
}

const grids = new WeakMap<readonly LabelShape[], Grid>();

/** The grid of `shapes` in a frame of `width` × `height`, built once per set of shapes. */
function gridOf(shapes: readonly LabelShape[], width: number, height: number): Grid {
  const known = grids.get(shapes);
  if (known) return known;
  const cols = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const owner = new Int16Array(cols * rows);
  shapes.forEach((s, i) => {
    rasterise({ cols, rows, owner }, s.path, i + 1);
  });
  const d = depth(owner, cols, rows);
  const best = shapes.map(() => ({ i: -1, d: 0 }));
  owner.forEach((v, i) => {
    const b = best[v - 1];
    if (b && (d[i] ?? 0) > b.d) [b.i, b.d] = [i, d[i] ?? 0];
  });
  const anchors = best.map((b): [number, number] | null =>
    b.i < 0 ? null : [((b.i % cols) + 0.5) * CELL, (Math.floor(b.i / cols) + 0.5) * CELL],
  );
  const grid = { cols, rows, owner, anchors };
  grids.set(shapes, grid);
  return grid;
}

/** The anchor (a point deep inside) of each shape, by code, for markers and leader lines. */
export function shapeAnchors(
  shapes: readonly LabelShape[],
  width: number,
  height: number,
): ReadonlyMap<string, [number, number]> {
  const { anchors } = gridOf(shapes, width, height);
  const out = new Map<string, [number, number]>();
  shapes.forEach((s, i) => {
    const a = anchors[i];
    if (a) out.set(s.code, a);
  });
  return out;
}

interface Candidate {
  readonly lines: string[];
  readonly x: number;
  readonly y: number;
  readonly box: Box;
  readonly align: PlacedLabel['align'];
  readonly base: number;
  readonly leader?: { x1: number; y1: number; x2: number; y2: number };
}

/** What one layout knows: the grid, the shaded shapes and what is placed so far. */
interface Layout {
  readonly grid: Grid;
  readonly size: number;
  readonly width: number;
  readonly height: number;
  /** Grid owner values of the shaded shapes. */
  readonly shaded: ReadonlySet<number>;
  /** Discs around every shaded shape's anchor: where markers and leader ends go. */
  readonly dots: readonly { owner: number; box: Box }[];
  readonly boxes: Box[];
  readonly leaders: { x1: number; y1: number; x2: number; y2: number }[];
}

const overlaps = (a: Box, b: Box, pad = 0) =>
  a.x0 < b.x1 + pad && b.x0 < a.x1 + pad && a.y0 < b.y1 + pad && b.y0 < a.y1 + pad;

/** Whether segments p1–p2 and p3–p4 cross. */
function segmentsCross(a: Candidate['leader'] & {}, b: Candidate['leader'] & {}): boolean {
  const side = (x1: number, y1: number, x2: number, y2: number, x: number, y: number) =>
    Math.sign((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1));
  return (
    side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1) * side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2) < 0 &&
    side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1) * side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2) < 0
  );
}

/** Whether a segment passes through a box (sampled every 2 map units). */
function segmentHits(seg: Candidate['leader'] & {}, box: Box): boolean {
  const n = Math.ceil(Math.hypot(seg.x2 - seg.x1, seg.y2 - seg.y1) / 2);
  for (let k = 0; k <= n; k++) {
    const x = seg.x1 + ((seg.x2 - seg.x1) * k) / Math.max(n, 1);
    const y = seg.y1 + ((seg.y2 - seg.y1) * k) / Math.max(n, 1);
    if (x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1) return true;
  }
  return false;
}

const ownerAt = (g: Grid, x: number, y: number) => {
  const c = Math.floor(x / CELL);
  const r = Math.floor(y / CELL);
  return c < 0 || r < 0 || c >= g.cols || r >= g.rows ? 0 : (g.owner[r * g.cols + c] ?? 0);
};

/** The shares of a box's area over its own shape and over other shaded shapes. */
function cover(l: Layout, box: Box, own: number): { own: number; other: number } {
  let n = 0;
  let mine = 0;
  let other = 0;
  for (let y = box.y0 + 1; y < box.y1; y += 2 * CELL)
    for (let x = box.x0 + 1; x < box.x1; x += 2 * CELL) {
      const v = ownerAt(l.grid, x, y);
      n++;
      if (v === own) mine++;
      else if (l.shaded.has(v)) other++;
    }
  return { own: mine / Math.max(n, 1), other: other / Math.max(n, 1) };
}

/** Whether, growing the box step by step, another shaded shape shows up before its own. */
function nearerOther(l: Layout, box: Box, own: number): boolean {
  for (let m = 0; m <= 2 * l.size; m += l.size / 2) {
    const c = cover(l, { x0: box.x0 - m, y0: box.y0 - m, x1: box.x1 + m, y1: box.y1 + m }, own);
    if (c.own > 0 || c.other > 0) return c.other > c.own;
  }
  return false;
}

/** The share of a leader line that runs over other shaded shapes. */
function leaderOverOthers(l: Layout, seg: Candidate['leader'] & {}, own: number): number {
  const n = Math.max(1, Math.ceil(Math.hypot(seg.x2 - seg.x1, seg.y2 - seg.y1) / 2));
  let other = 0;
  for (let k = 0; k <= n; k++) {
    const v = ownerAt(
      l.grid,
      seg.x1 + ((seg.x2 - seg.x1) * k) / n,
      seg.y1 + ((seg.y2 - seg.y1) * k) / n,
    );
    if (v !== own && l.shaded.has(v)) other++;
  }
  return other / (n + 1);
}

/** The box of a label's lines centred on (cx, cy), and the baseline of its first line. */
function boxAt(lines: readonly string[], size: number, cx: number, cy: number) {
  const w = Math.max(...lines.map((t) => textWidth(t, size)));
  const h = (ASCENT + DESCENT + (lines.length - 1) * LINE) * size;
  const box = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
  return { box, x: cx, y: box.y0 + ASCENT * size, w, h };
}

/** Every spot a label may take: over its anchor (and a little off it), then around it with a leader. */
function candidates(shape: LabelShape, [px, py]: [number, number], size: number): Candidate[] {
  const out: Candidate[] = [];
  for (const { lines, cost } of labelTexts(shape.name, shape.code, size)) {
    const { w, h } = boxAt(lines, size, 0, 0);
    for (const [dx, dy, c] of [
      [0, 0, 0],
      [0, -h / 2, 1],
      [0, h / 2, 1],
      [-w / 4, 0, 1.5],
      [w / 4, 0, 1.5],
      [0, -h, 2],
      [0, h, 2],
    ] as const) {
      const at = boxAt(lines, size, px + dx, py + dy);
      out.push({ lines, x: at.x, y: at.y, box: at.box, align: 'middle', base: cost + c });
    }
    for (const d of [0.6, 1, 1.5, 2, 3, 4, 5.5, 7.5]) {
      for (let k = 0; k < 16; k++) {
        const ux = Math.cos((k * Math.PI) / 8);
        const uy = Math.sin((k * Math.PI) / 8);
        const [ax, ay] = [px + ux * d * size, py + uy * d * size];
        const t = Math.min(
          Math.abs(ux) < 1e-9 ? 1e9 : w / 2 / Math.abs(ux),
          Math.abs(uy) < 1e-9 ? 1e9 : h / 2 / Math.abs(uy),
        );
        const at = boxAt(lines, size, ax + ux * t, ay + uy * t);
        const leader = { x1: ax, y1: ay, x2: px, y2: py };
        const align =
          Math.abs(ax - at.box.x0) < 0.5
            ? 'start'
            : Math.abs(ax - at.box.x1) < 0.5
              ? 'end'
              : 'middle';
        const x = align === 'start' ? at.box.x0 : align === 'end' ? at.box.x1 : at.x;
        out.push({ lines, x, y: at.y, box: at.box, align, base: cost + 6 + 2 * d, leader });
      }
    }
  }
  return out.sort((a, b) => a.base - b.base);
}

/** Whether a spot is free: in the frame, clear of labels, leaders and other places' anchors. */
function isFree(l: Layout, c: Candidate, own: number): boolean {
  const { box } = c;
  const m = 2;
  if (box.x0 < m || box.y0 < m || box.x1 > l.width - m || box.y1 > l.height - m) return false;
  if (l.boxes.some((b) => overlaps(b, box, 2))) return false;
  if (
    l.leaders.some((s) =>
      segmentHits(s, { x0: box.x0 - 2, y0: box.y0 - 2, x1: box.x1 + 2, y1: box.y1 + 2 }),
    )
  )
    return false;
  if (l.dots.some((d) => d.owner !== own && overlaps(d.box, box))) return false;
  if (!c.leader) {
    const cy = (box.y0 + box.y1) / 2;
    return [
      [0, 0],
      [-4, 0],
      [4, 0],
      [0, -4],
      [0, 4],
    ].every(([dx, dy]) => ownerAt(l.grid, c.x + (dx ?? 0), cy + (dy ?? 0)) === own);
  }
  const seg = c.leader;
  return !l.boxes.some((b) => segmentHits(seg, b)) && !l.leaders.some((s) => segmentsCross(s, seg));
}

/** The full cost of a free spot: its base, plus what it covers of other places and how it reads. */
function costOf(l: Layout, c: Candidate, own: number): number {
  const cov = cover(l, c.box, own);
  if (!c.leader && cov.own < 0.45) return Number.POSITIVE_INFINITY;
  let cost = c.base + 60 * cov.other + (c.leader ? 0 : 20 * (1 - cov.own));
  if (c.leader) cost += 15 * leaderOverOthers(l, c.leader, own);
  if (cost < Number.POSITIVE_INFINITY && nearerOther(l, c.box, own)) cost += 30;
  return cost;
}

/** The best free spot of one shape, or null. */
function bestSpot(l: Layout, shape: LabelShape, own: number, anchor: [number, number]) {
  let best: Candidate | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of candidates(shape, anchor, l.size)) {
    if (c.base >= bestCost) break;
    if (!isFree(l, c, own)) continue;
    const cost = costOf(l, c, own);
    if (cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

const ROUND = Math.round;

/** One greedy pass in the given order; the places that found no spot come back too. */
function placeAll(
  l: Layout,
  order: readonly { shape: LabelShape; owner: number; anchor: [number, number] }[],
) {
  const labels: PlacedLabel[] = [];
  const missing: string[] = [];
  for (const { shape, owner, anchor } of order) {
    const c = bestSpot(l, shape, owner, anchor);
    if (!c) {
      missing.push(shape.code);
      continue;
    }
    l.boxes.push(c.box);
    const leader = c.leader && {
      x1: ROUND(c.leader.x1),
      y1: ROUND(c.leader.y1),
      x2: ROUND(c.leader.x2),
      y2: ROUND(c.leader.y2),
    };
    if (leader) l.leaders.push(leader);
    labels.push({
      code: shape.code,
      lines: c.lines,
      align: c.align,
      x: ROUND(c.x),
      y: ROUND(c.y),
      ...(leader ? { leader } : {}),
    });
  }
  return { labels, missing };
}

/** Layouts made, per set of shapes (countries and partner regions share codes such as LT). */
const memo = new WeakMap<readonly LabelShape[], Map<string, PlacedLabel[]>>();

/**
 * The labels of the shaded shapes (a count above 0) of a map `width` × `height` at font size
 * `size` (map units), named by `names` (or their own names).
 */
export function layoutLabels(
  shapes: readonly LabelShape[],
  counts: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
  frame: { width: number; height: number; size: number; marker: number },
): PlacedLabel[] {
  const grid = gridOf(shapes, frame.width, frame.height);
  const items = shapes
    .map((s, i) => ({
      shape: { ...s, name: names.get(s.code) ?? s.name },
      owner: i + 1,
      anchor: grid.anchors[i],
    }))
    .filter(
      (it): it is typeof it & { anchor: [number, number] } =>
        it.anchor != null && (counts.get(it.shape.code) ?? 0) > 0,
    )
    .sort(
      (a, b) =>
        (counts.get(b.shape.code) ?? 0) - (counts.get(a.shape.code) ?? 0) ||
        (a.shape.code < b.shape.code ? -1 : 1),
    );
  const key = JSON.stringify([frame, items.map((it) => [it.shape.code, it.shape.name])]);
  const made = memo.get(shapes) ?? new Map<string, PlacedLabel[]>();
  memo.set(shapes, made);
  const known = made.get(key);
  if (known) return known;
  const r = frame.marker;
  const dots = items.map((it) => ({
    owner: it.owner,
    box: { x0: it.anchor[0] - r, y0: it.anchor[1] - r, x1: it.anchor[0] + r, y1: it.anchor[1] + r },
  }));
  let order = items;
  let best: ReturnType<typeof placeAll> | null = null;
  for (let round = 0; round < 6; round++) {
    const layout = {
      grid,
      ...frame,
      shaded: new Set(items.map((it) => it.owner)),
      dots,
      boxes: [],
      leaders: [],
    };
    const result = placeAll(layout, order);
    // Another round (the unlabelled first) is tried only while rounds still gain: on a crowded
    // map (every country shaded) rounds that gain nothing would cost about a second.
    const gained = !best || result.missing.length < best.missing.length;
    if (gained) best = result;
    if (result.missing.length === 0 || !gained) break;
    const late = new Set(result.missing);
    order = [
      ...order.filter((it) => late.has(it.shape.code)),
      ...order.filter((it) => !late.has(it.shape.code)),
    ];
  }
  const labels = best?.labels ?? [];
  if (made.size > 64) made.clear();
  made.set(key, labels);
  return labels;
}
