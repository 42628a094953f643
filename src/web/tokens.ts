/**
 * The design tokens: every colour, spacing step, font and radius of the atlas, in one place.
 * The SVG maps (map.tsx) and charts (charts.tsx) take their palettes from here, and the stylesheet
 * gets the same values as CSS custom properties (`tokensCss`, prepended to the served style.css),
 * so a colour is changed once. Colours meet WCAG AA contrast where text sits on them.
 */

/** The interface colours, named by role. */
export const COLOR = {
  ink: '#1b2430',
  muted: '#4a5565',
  line: '#d5dbe3',
  /** Borders that must stand out (form controls); also the neutral category of the charts. */
  lineStrong: '#7a8594',
  paper: '#ffffff',
  wash: '#f3f6f9',
  accent: '#0b5394',
  accentDark: '#083b6b',
  focus: '#b35c00',
  /** Actions that cannot be undone (deleting an account). */
  danger: '#a4262c',
  dangerDark: '#7f1d22',
  mark: '#fff0a8',
  tagDomain: '#e6eef7',
  tagDomainLine: '#b8cde4',
  mapSea: '#e8eef4',
  mapLand: '#dde3ea',
  mapLandLine: '#9aa5b1',
  /** The outline of a shaded shape, and of the legend swatches that stand for them. */
  mapShapeLine: '#5b6675',
} as const;

/** The sequential scale of the maps, light to dark: one fill per count class (ColorBrewer Blues). */
export const MAP_SCALE = [COLOR.wash, '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;

/**
 * The heat levels of the tables shaded by count (the barrier matrix), light to dark, each with a
 * text colour that stays AA on its fill: the count is printed in the cell, so the scale is lighter
 * than the maps' and ends at the accent.
 */
export const HEAT_SCALE = [
  { fill: COLOR.paper, text: COLOR.muted },
  { fill: '#e3edf8', text: COLOR.ink },
  { fill: '#b9d1ec', text: COLOR.ink },
  { fill: '#6f9fd3', text: '#0b1320' },
  { fill: COLOR.accent, text: COLOR.paper },
] as const;

/** The category colours of the charts, in the order of the categories. */
export const CHART_CATEGORIES = [
  COLOR.accent,
  MAP_SCALE[2],
  COLOR.focus,
  COLOR.lineStrong,
] as const;

/**
 * The colours of the stakeholder groups in charts, in the order of the code list, then the
 * neutral grey of "unknown" (statements that name no group): six categories where
 * CHART_CATEGORIES has four (its first three, then a green and a purple).
 */
export const CHART_GROUPS = [
  COLOR.accent,
  MAP_SCALE[2],
  COLOR.focus,
  '#2e7d32',
  '#6a3d9a',
  COLOR.lineStrong,
] as const;

/** Font stacks: the interface's, code's, and the charts' (measured on the server, no browser). */
export const FONT = {
  sans: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif',
  mono: 'ui-monospace, "DejaVu Sans Mono", monospace',
  chart: 'DejaVu Sans, sans-serif',
} as const;

/** Font sizes by role, smallest first; the charts' labels are in SVG pixels. */
export const FONT_SIZE = {
  tiny: '0.8rem',
  caption: '0.85rem',
  small: '0.9rem',
  footnote: '0.92rem',
  h3: '1.08rem',
  lead: '1.12rem',
  brand: '1.15rem',
  h2: '1.3rem',
  figure: '2rem',
  h1: 'clamp(1.6rem, 1.2rem + 1.6vw, 2.3rem)',
} as const;

/** The charts' label size, in SVG pixels. */
export const CHART_FONT_SIZE = 12;

/** The spacing steps in quarter-rems (`--space-4` is 1rem): margins, paddings and gaps. */
export const SPACE_STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12] as const;

/** Corner radii. */
export const RADIUS = { sm: '3px', md: '6px', pill: '999px' } as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every token as a CSS custom property name and value, in a stable order. */
export function cssProperties(): readonly (readonly [string, string])[] {
  return [
    ...Object.entries(COLOR).map(([k, v]) => [`--color-${kebab(k)}`, v] as const),
    ...MAP_SCALE.map((v, i) => [`--map-${i}`, v] as const),
    ...HEAT_SCALE.flatMap((h, i) => [
      [`--heat-${i}`, h.fill] as const,
      [`--heat-${i}-text`, h.text] as const,
    ]),
    ...CHART_CATEGORIES.map((v, i) => [`--chart-${i}`, v] as const),
    ...Object.entries(FONT).map(([k, v]) => [`--font-${k}`, v] as const),
    ...Object.entries(FONT_SIZE).map(([k, v]) => [`--font-size-${kebab(k)}`, v] as const),
    ...SPACE_STEPS.map((n) => [`--space-${n}`, `${n * 0.25}rem`] as const),
    ...Object.entries(RADIUS).map(([k, v]) => [`--radius-${k}`, v] as const),
  ];
}

/** The tokens as one `:root` rule, which the served stylesheet starts with. */
export function tokensCss(): string {
  const lines = cssProperties().map(([name, value]) => `  ${name}: ${value};`);
  return `/* Design tokens, generated from src/web/tokens.ts: change them there. */\n:root {\n${lines.join('\n')}\n}\n`;
}
