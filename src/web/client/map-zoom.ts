// Zoom and pan for the server-drawn maps (figure[data-map-zoom]): the +, − and reset buttons,
// the keyboard (arrow keys pan, + and − zoom, 0 resets) while the focus is in the map, a drag to
// pan and a two-finger pinch to zoom. Only the SVG's viewBox changes, so the links inside keep
// working; without JavaScript the buttons stay hidden and the whole map is shown.

interface View {
  x: number;
  y: number;
  w: number;
  h: number;
}

const MAX_ZOOM = 8;

function parseView(svg: SVGSVGElement): View {
  const [x = 0, y = 0, w = 1, h = 1] = (svg.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
  return { x, y, w, h };
}

/** Sets up one map; `home` is the whole map's view, which zooming never goes beyond. */
function enhance(figure: HTMLElement): void {
  const svg = figure.querySelector<SVGSVGElement>('svg.map-svg');
  const controls = figure.querySelector<HTMLElement>('.map-zoom-controls');
  if (!svg || !controls) return;
  const home = parseView(svg);
  let view = { ...home };
  // The view is kept in the address (map-<id>=x,y,w,h), so a zoomed map can be shared and is
  // as it was after following one of its links and coming back.
  const key = `map-${(figure.getAttribute('aria-labelledby') ?? 'map').replace(/-caption$/, '')}`;
  const remember = (): void => {
    const url = new URL(window.location.href);
    if (view.w < home.w)
      url.searchParams.set(
        key,
        [view.x, view.y, view.w, view.h].map((v) => Math.round(v)).join(','),
      );
    else url.searchParams.delete(key);
    window.history.replaceState(window.history.state, '', url);
  };

  const apply = (next: View): void => {
    const w = Math.min(home.w, Math.max(home.w / MAX_ZOOM, next.w));
    const h = (w / home.w) * home.h;
    const x = Math.min(home.x + home.w - w, Math.max(home.x, next.x));
    const y = Math.min(home.y + home.h - h, Math.max(home.y, next.y));
    view = { x, y, w, h };
    svg.setAttribute('viewBox', [x, y, w, h].map((v) => Math.round(v * 10) / 10).join(' '));
    figure.classList.toggle('is-zoomed', w < home.w);
    remember();
  };
  /** Zooms by `factor` (above 1 = in) around the map point (cx, cy), the view's centre by default. */
  const zoom = (factor: number, cx = view.x + view.w / 2, cy = view.y + view.h / 2): void => {
    const w = view.w / factor;
    const h = view.h / factor;
    apply({ x: cx - ((cx - view.x) / view.w) * w, y: cy - ((cy - view.y) / view.h) * h, w, h });
  };
  const pan = (dx: number, dy: number): void => apply({ ...view, x: view.x + dx, y: view.y + dy });

  controls.hidden = false;
  controls.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-zoom]');
    if (!button) return;
    const action = button.dataset.zoom;
    if (action === 'in') zoom(1.5);
    else if (action === 'out') zoom(1 / 1.5);
    else apply(home);
  });

  figure.addEventListener('keydown', (event) => {
    if (!svg.contains(event.target as Node) && !controls.contains(event.target as Node)) return;
    const step = view.w / 8;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move) pan(move[0], move[1]);
    else if (event.key === '+' || event.key === '=') zoom(1.5);
    else if (event.key === '-' || event.key === '_') zoom(1 / 1.5);
    else if (event.key === '0') apply(home);
    else return;
    event.preventDefault();
  });

  touchAndDrag(svg, () => view, pan, zoom);
  const saved = new URL(window.location.href).searchParams.get(key)?.split(',').map(Number);
  if (saved?.length === 4 && saved.every(Number.isFinite)) {
    const [x = 0, y = 0, w = home.w] = saved;
    apply({ x, y, w, h: (w / home.w) * home.h });
  }
}

/** Drag to pan (mouse, pen or one finger) and pinch to zoom (two fingers). */
function touchAndDrag(
  svg: SVGSVGElement,
  current: () => View,
  pan: (dx: number, dy: number) => void,
  zoom: (factor: number, cx?: number, cy?: number) => void,
): void {
  const pointers = new Map<number, { x: number; y: number }>();
  let moved = false;
  /** Map units per screen pixel. */
  const scale = () => current().w / svg.getBoundingClientRect().width;
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  svg.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    moved = false;
  });
  svg.addEventListener('pointermove', (event) => {
    const last = pointers.get(event.pointerId);
    if (!last) return;
    const before = spread();
    const dx = event.clientX - last.x;
    const dy = event.clientY - last.y;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size >= 2) {
      const after = spread();
      const rect = svg.getBoundingClientRect();
      const v = current();
      const cx = v.x + ((event.clientX - rect.left) / rect.width) * v.w;
      const cy = v.y + ((event.clientY - rect.top) / rect.height) * v.h;
      if (before > 0 && after > 0) zoom(after / before, cx, cy);
    } else if (Math.abs(dx) + Math.abs(dy) > 0) {
      if (!moved && Math.hypot(dx, dy) < 3) return;
      moved = true;
      svg.setPointerCapture?.(event.pointerId);
      pan(-dx * scale(), -dy * scale());
    }
  });
  const end = (event: PointerEvent) => pointers.delete(event.pointerId);
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  // A drag that moved the map is not a click on the shape under it.
  svg.addEventListener(
    'click',
    (event) => {
      if (!moved) return;
      event.preventDefault();
      moved = false;
    },
    true,
  );
}

for (const figure of document.querySelectorAll<HTMLElement>('figure[data-map-zoom]')) {
  enhance(figure);
}
