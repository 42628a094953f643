// Map and chart details with JavaScript: hovering a shaded country or region, or a bar, shows its
// figure next to the pointer; a chart can also be focused and walked with the arrow keys (a map's
// shapes are links, so Tab reaches them),
// each step announced in a polite live region. Without JavaScript the SVG titles and the tables
// after each figure give the same figures.
const SHAPES =
  '.map-shape, .chart [aria-label][aria-roledescription="bar"], .chart path[aria-label]';

/** The figure a shape stands for: a map shape's SVG title, or a chart mark's label. */
function textOf(shape: Element): string {
  return (
    shape.querySelector(':scope > title')?.textContent ?? shape.getAttribute('aria-label') ?? ''
  );
}

const tooltip = document.createElement('div');
tooltip.className = 'figure-tooltip';
tooltip.hidden = true;
document.body.append(tooltip);

/** Shows `text` in the tooltip just below and right of the page point (x, y). */
function show(text: string, x: number, y: number): void {
  tooltip.textContent = text;
  tooltip.hidden = false;
  tooltip.style.left = `${Math.round(x + 12)}px`;
  tooltip.style.top = `${Math.round(y + 12)}px`;
}

function hide(): void {
  tooltip.hidden = true;
}

/** True when a shape is drawn: a chart's other drawing (wide or narrow) is not displayed. */
function shown(shape: Element): boolean {
  return shape.getClientRects().length > 0;
}

/** Makes one map or chart focusable and walkable with the arrow keys, and its shapes hoverable. */
function enhance(container: Element): void {
  const all = [...container.querySelectorAll(SHAPES)].filter((s) => textOf(s) !== '');
  if (all.length === 0) return;
  hoverable(all);
  // A map's shapes are links, reachable with Tab; its arrow keys pan the map (map-zoom.js).
  if (container.matches('figure.map')) return;
  const announcer = document.createElement('p');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('aria-live', 'polite');
  container.append(announcer);
  // A chart's SVG is hidden from assistive technology, so its labelled wrapper takes the focus.
  const focusTarget = container.matches('.chart')
    ? container
    : (container.querySelector('svg') ?? container);
  focusTarget.setAttribute('tabindex', '0');
  focusTarget.setAttribute('aria-keyshortcuts', 'ArrowRight ArrowLeft Escape');
  let index = -1;
  // The shapes of the drawing on screen, asked at the start of each walk (the window may have
  // been resized since the last).
  let shapes = all.filter(shown);

  const select = (next: number): void => {
    shapes[index]?.classList.remove('is-active');
    if (index < 0) shapes = all.filter(shown);
    index = (next + shapes.length) % shapes.length;
    const shape = shapes[index];
    if (!shape) return;
    shape.classList.add('is-active');
    const box = shape.getBoundingClientRect();
    show(textOf(shape), box.right + window.scrollX - 12, box.top + window.scrollY - 12);
    announcer.textContent = textOf(shape);
  };

  focusTarget.addEventListener('keydown', (event) => {
    if (!(event instanceof KeyboardEvent)) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') select(index + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') select(index - 1);
    else if (event.key === 'Escape') hide();
    else return;
    event.preventDefault();
  });
  focusTarget.addEventListener('blur', () => {
    shapes[index]?.classList.remove('is-active');
    // The next walk starts afresh, over the drawing shown then.
    index = -1;
    hide();
  });
}

/** Shows a shape's figure next to the pointer while it is over the shape. */
function hoverable(shapes: readonly Element[]): void {
  for (const shape of shapes) {
    shape.addEventListener('pointermove', (event) => {
      if (event instanceof PointerEvent) show(textOf(shape), event.pageX, event.pageY);
    });
    shape.addEventListener('pointerleave', hide);
  }
}

for (const container of document.querySelectorAll('figure.map, .chart')) enhance(container);
