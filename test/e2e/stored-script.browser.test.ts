/**
 * Stored script in every free-text field of every kind of record a contributor writes (issue 14):
 * a script element, an event handler, a javascript: link as text and as markup are saved, published
 * and then shown, as text and inert, on every page that shows them in chromium — the record's public
 * pages, its workspace, its edit form, its history with the diffs between versions, and the review
 * queue. Links must be http(s): javascript: and its relatives are refused in every URL field.
 *
 * The free-text fields are not listed here: every field of FORM_FIELDS is tried with the payload,
 * and those the kind's schema accepts it in are covered (a field added later is covered too). The
 * browser context bypasses the Content-Security-Policy, so that what is checked is the escaping,
 * not the policy that would block an inline script as a second line of defence.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  contentFromForm,
  FIELD_CODES,
  type FieldInput,
  type FieldSpec,
  FORM_FIELDS,
  formFromContent,
  LINE_CODES,
  problemField,
} from '../../src/domain/contribution-fields.ts';
import {
  type ContributedEntity,
  checkDraft,
  type EntityKind,
  WRITABLE,
} from '../../src/domain/contributions.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createApp } from '../../src/http/app.ts';
import { SESSION_COOKIE } from '../../src/http/auth.ts';
import { createAccount, signIn } from '../../src/services/accounts.ts';
import { createDraft, saveDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** A region the reference data has no fact sheet, interview figures or workshops for. */
const REGION = 'SE23';
const COUNTRY = 'SE';
const CAMPAIGN = 'preciseu-barrier-mapping-2025';
const SOURCE = 'preciseu-d3-1';
const BARRIER = FIELD_CODES.barrier[0] ?? 'B01';
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'curator-xss@example.org';

/**
 * What a hostile contributor types, after a marker that tells the fields apart: the way out of a
 * textarea or a title, a script, a handler, a javascript: link as text and as markup, and an
 * entity that must stay as typed. A field takes the first that fits.
 */
const PAYLOADS: readonly ((marker: string) => string)[] = [
  (m) =>
    `${m}</textarea></title><script>window.__pwned=1</script>` +
    `<img src=x onerror="window.__pwned=1;alert(1)"> ` +
    `javascript:window.__pwned=1 <a href="javascript:window.__pwned=1">x</a> &lt;b&gt;`,
  // A short field (an acronym, a source's row) still holds an element with a handler.
  (m) => `${m}<svg onload=window.__pwned=1>`,
];
/** http(s) links the schema accepts that try to leave the attribute or the page's markup. */
const HOSTILE_URLS = {
  markup: (m: string) => `https://example.org/${m}"><script>window.__pwned=1</script>`,
  quote: (m: string) => `https://example.org/${m}'onmouseover='window.__pwned=1'`,
} as const;
/** Links that must be refused: only http and https are links. */
const SCRIPT_URLS = [
  'javascript:window.__pwned=1',
  'JavaScript:window.__pwned=1',
  ' javascript:window.__pwned=1',
  'java\tscript:window.__pwned=1',
  'javascript://example.org/%0Awindow.__pwned=1',
  'data:text/html,<script>window.__pwned=1</script>',
  'vbscript:msgbox(1)',
];
const MARKER = /mk\d{3}[a-d]/;

/** Each version a record goes through: its marker letter, the links it has, what happens to it. */
interface Round {
  readonly letter: string;
  readonly url?: keyof typeof HOSTILE_URLS;
  readonly move: 'publish' | 'submit';
}
const ROUNDS: readonly Round[] = [
  { letter: 'a', url: 'markup', move: 'publish' },
  // Without links the "why there is no link" fields take their place (the schema allows one).
  { letter: 'b', move: 'publish' },
  { letter: 'c', url: 'quote', move: 'publish' },
  { letter: 'd', url: 'markup', move: 'submit' },
];

/** The parts of a structured line, in the form's order, each with a value the schema accepts. */
type LineParts = readonly (readonly [name: string, value: string])[];
/** How each input carries text: one value, a link, or lines of parts. A new input must say which. */
const INPUT_SHAPE: Readonly<Record<FieldInput, 'single' | 'url' | LineParts>> = {
  text: 'single',
  textarea: 'single',
  month: 'single',
  select: 'single',
  checkboxes: 'single',
  checkbox: 'single',
  codes: 'single',
  count: 'single',
  url: 'url',
  sources: [
    ['source', SOURCE],
    ['section', ''],
    ['row', ''],
    ['note', ''],
  ],
  funding: [
    ['kind', LINE_CODES.funding[0] ?? 'eu'],
    ['funder', 'A funder'],
    ['programme', ''],
    ['note', ''],
  ],
  relations: [
    ['kind', LINE_CODES.relation[0] ?? 'part_of'],
    ['target', 'an-initiative'],
  ],
  challenges: [
    ['barrier', BARRIER],
    ['note', 'A note'],
  ],
  inferred: [
    ['field', 'homeCountry'],
    ['reason', 'A reason'],
  ],
  places: [
    ['source', SOURCE],
    ['section', ''],
    ['page', ''],
    ['note', ''],
  ],
  lines: [['line', 'A line']],
};

/** Values of fields that are codes (the payload is refused there). */
const CODED: Readonly<Record<string, string>> = {
  homeCountry: COUNTRY,
  country: COUNTRY,
  region: REGION,
  submittingRegion: REGION,
  campaign: CAMPAIGN,
};

/** One place a contributor's text goes: a field, or a part of a field's lines. */
interface Slot {
  readonly id: string;
  readonly url: boolean;
  marker(letter: string): string;
  value(round: Round): string | undefined;
}

/** A field with text in it, and the form text it gets in a round. */
interface FieldPlan {
  readonly spec: FieldSpec;
  readonly slots: readonly Slot[];
  text(round: Round): string | undefined;
}

/** A kind of record as this test writes it: its key, its form without text, its text fields. */
interface KindPlan {
  readonly kind: EntityKind;
  readonly key: string;
  readonly base: Readonly<Record<string, string[]>>;
  readonly fields: readonly FieldPlan[];
  /** The content of each round's version, by letter. */
  readonly versions: Map<string, Record<string, unknown>>;
}

let slotCount = 0;
const newMarker = () => {
  const n = String(slotCount++).padStart(3, '0');
  return (letter: string) => `mk${n}${letter}`;
};

/** A form value for a field without the payload: a code, a date, a count, plain text or the key. */
function baseValue(entity: ContributedEntity, spec: FieldSpec): string[] {
  const coded = CODED[spec.name];
  if (spec.key) return [coded ?? `xss-${entity.replaceAll('_', '-')}`];
  const first = spec.codes ? [FIELD_CODES[spec.codes][0] ?? ''] : [];
  // A member of an optional object (the quotation's words) is filled, so that each of its members
  // can take the payload alone: without the others the object is refused.
  const plain = spec.required || spec.name.includes('.') ? ['Plain text'] : [];
  const byInput: Record<FieldInput, string[]> = {
    text: coded ? [coded] : plain,
    textarea: plain,
    url: [],
    month: ['2025-03'],
    select: first,
    checkboxes: first,
    checkbox: ['on'],
    codes: [REGION],
    count: ['3'],
    sources: [SOURCE],
    funding: [],
    relations: [],
    lines: [],
    challenges: [],
    inferred: [],
    places: [SOURCE],
  };
  return byInput[spec.input];
}

/** True when the kind's schema keeps `text` given as this field's form value. */
function keepsText(
  plan: Pick<KindPlan, 'kind' | 'base'>,
  name: string,
  text: string,
  probe: string,
) {
  const content = contentFromForm(plan.kind.entity, { ...plan.base, [name]: [text] });
  return checkDraft(plan.kind, content).ok && JSON.stringify(content).includes(probe);
}

/** The first payload the field keeps, as a function of its marker; undefined for a code. */
function payloadFor(
  plan: Pick<KindPlan, 'kind' | 'base'>,
  name: string,
  around: (payload: string) => string,
) {
  return PAYLOADS.find((p) => keepsText(plan, name, around(p('mk999z')), 'mk999z'));
}

/** The text slots of one field: its value, its link, or the free parts of its lines. */
function planField(plan: Pick<KindPlan, 'kind' | 'base'>, spec: FieldSpec): FieldPlan | undefined {
  const shape = INPUT_SHAPE[spec.input];
  const id = `${plan.kind.entity}.${spec.name}`;
  if (spec.key) return undefined;
  if (shape === 'url') {
    const marker = newMarker();
    const slot: Slot = {
      id,
      url: true,
      marker,
      value: (r) => (r.url ? HOSTILE_URLS[r.url](marker(r.letter)) : undefined),
    };
    const first = ROUNDS[0] as Round;
    const kept = keepsText(plan, spec.name, slot.value(first) ?? '', marker(first.letter));
    assert.ok(kept, `${id} takes an https link with markup in it`);
    return { spec, slots: [slot], text: slot.value };
  }
  if (shape === 'single') {
    const payload = payloadFor(plan, spec.name, (p) => p);
    if (!payload) return undefined;
    const marker = newMarker();
    const slot: Slot = { id, url: false, marker, value: (r) => payload(marker(r.letter)) };
    return { spec, slots: [slot], text: slot.value };
  }
  const line = (fill: (i: number) => string | undefined) =>
    shape.map(([, base], i) => fill(i) ?? base).join(' | ');
  const slots: (Slot & { part: number })[] = [];
  shape.forEach(([part], i) => {
    const payload = payloadFor(plan, spec.name, (p) => line((j) => (j === i ? p : undefined)));
    if (!payload) return;
    const marker = newMarker();
    const value = (r: Round) => payload(marker(r.letter));
    slots.push({ id: `${id}.${part}`, url: false, marker, value, part: i });
  });
  if (slots.length === 0) return undefined;
  return {
    spec,
    slots,
    text: (r) => line((i) => slots.find((s) => s.part === i)?.value(r)),
  };
}

/** How this test writes a kind: the fields the payload is kept in, found by trying each one. */
function planKind(kind: EntityKind): KindPlan {
  const specs = FORM_FIELDS[kind.entity] ?? [];
  const base = Object.fromEntries(specs.map((s) => [s.name, baseValue(kind.entity, s)]));
  const baseContent = contentFromForm(kind.entity, base);
  const checked = checkDraft(kind, baseContent);
  assert.ok(
    checked.ok,
    `${kind.entity}: the form without text is valid: ${JSON.stringify(checked)}`,
  );
  const fields = specs.flatMap((s) => planField({ kind, base }, s) ?? []);
  return { kind, key: kind.key(baseContent), base, fields, versions: new Map() };
}

/** A round's content: every text field with the round's payloads, links as the round says. */
function roundContent(plan: KindPlan, round: Round): Record<string, unknown> {
  const form: Record<string, string[]> = { ...plan.base };
  for (const f of plan.fields) {
    const text = f.text(round);
    form[f.spec.name] = text === undefined ? (plan.base[f.spec.name] ?? []) : [text];
  }
  const first = checkDraft(plan.kind, contentFromForm(plan.kind.entity, form));
  if (!first.ok) {
    // A field the schema allows only without another (why there is no link, beside a link)
    // stays empty in this round; it has its text in the round without links.
    const clash = new Set(first.problems.map((p) => problemField(p.field)));
    for (const f of plan.fields)
      if (clash.has(f.spec.name) && f.spec.input !== 'url')
        form[f.spec.name] = plan.base[f.spec.name] ?? [];
  }
  const content = contentFromForm(plan.kind.entity, form);
  const checked = checkDraft(plan.kind, content);
  assert.ok(checked.ok, `${plan.kind.entity} ${round.letter}: ${JSON.stringify(checked)}`);
  plan.versions.set(round.letter, content);
  return content;
}

const PLANS: readonly KindPlan[] = WRITABLE.map(planKind);
const SLOTS = PLANS.flatMap((p) => p.fields.flatMap((f) => f.slots));

/** A marker with the text it stands in front of, in one round. */
interface Shown {
  readonly marker: string;
  readonly value: string;
  readonly id: string;
  readonly url: boolean;
}

/** The markers in a version's content with their slot's text. */
function shownIn(plan: KindPlan, letter: string): Shown[] {
  const json = JSON.stringify(plan.versions.get(letter) ?? {});
  const round = ROUNDS.find((r) => r.letter === letter) as Round;
  return plan.fields.flatMap((f) =>
    f.slots.flatMap((s) => {
      const value = s.value(round);
      return value !== undefined && json.includes(s.marker(letter))
        ? [{ marker: s.marker(letter), value, id: s.id, url: s.url }]
        : [];
    }),
  );
}

/** Every marker of every round, for reading pages. */
const ALL_SHOWN: readonly Shown[] = ROUNDS.flatMap((r) =>
  SLOTS.flatMap((s) => {
    const value = s.value(r);
    return value === undefined ? [] : [{ marker: s.marker(r.letter), value, id: s.id, url: s.url }];
  }),
);

/** The public pages that show a published record of each kind. */
const PUBLIC_PAGES: Readonly<Record<ContributedEntity, (c: Record<string, unknown>) => string[]>> =
  {
    initiative: (c) => [
      `/initiatives/${c.slug}`,
      `/initiatives?q=${String(c.name).match(MARKER)?.[0]}`,
    ],
    good_practice: (c) => [`/good-practices/${c.slug}`, `/good-practices?barrier=${BARRIER}`],
    evidence: () => [`/barriers/${BARRIER}`, `/regions/${REGION}`],
    regional_report: () => [`/regions/${REGION}`],
    interview_row: () => [`/regions/${REGION}`],
    workshop: () => [`/regions/${REGION}`],
    recommendation: (c) => [`/recommendations/${c.slug}`, `/recommendations?barrier=${BARRIER}`],
    translation: (c) => [`/initiatives/${c.slug}?lang=${c.language}`],
  };
/** Kinds whose public page prints numbers only (interview figures by stakeholder group). */
const NUMBERS_ONLY: ReadonlySet<ContributedEntity> = new Set(['interview_row']);

/** What a page held: the markers shown as text, and the attributes and elements that must not be. */
interface PageReport {
  readonly pwned: unknown;
  readonly bad: string[];
  readonly javascriptLinks: number;
  readonly text: string;
  readonly inBody: string[];
  readonly hrefs: string[];
}

/** Reads a page in the browser: handlers, script links, injected elements, visible text. */
function readPage(markers: readonly string[]): PageReport {
  const LINKS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster'];
  const bad: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const tag = el.localName;
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) bad.push(`<${tag} ${a.name}="${a.value}">`);
      if (!LINKS.includes(a.name)) continue;
      // The scheme as the browser reads it (spaces, controls, tabs and case do not hide it).
      let scheme = '';
      try {
        scheme = new URL(a.value, document.baseURI).protocol;
      } catch {}
      const navigates = ['a', 'area', 'form', 'button', 'input'].includes(tag);
      if (scheme === 'javascript:' || scheme === 'vbscript:' || (scheme === 'data:' && navigates))
        bad.push(`<${tag} ${a.name}="${a.value}">`);
    }
    const inline = tag === 'script' && el.getAttribute('type') !== 'application/ld+json';
    if (inline && (!el.hasAttribute('src') || /__pwned/.test(el.textContent ?? '')))
      bad.push(`<script>${el.textContent}</script>`);
    if (['iframe', 'object', 'embed', 'frame'].includes(tag)) bad.push(`<${tag}>`);
    if (tag === 'img' && el.getAttribute('src') === 'x') bad.push('<img src=x>');
  }
  // Text the page holds, but not inside elements whose text is not shown as such.
  const body = document.body.cloneNode(true) as HTMLElement;
  for (const el of Array.from(body.querySelectorAll('script, style, textarea, noscript, title')))
    el.remove();
  const held = body.textContent ?? '';
  return {
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    bad,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    // biome-ignore lint/performance/useDomNodeTextContent: what is shown is what is checked
    text: document.body.innerText.replace(/\s+/g, ' '),
    inBody: markers.filter((m) => held.includes(m)),
    hrefs: Array.from(document.querySelectorAll('a[href]')).map(
      (a) => a.getAttribute('href') ?? '',
    ),
  };
}

const norm = (s: string) => s.replace(/\s+/g, ' ');

/** The signed-in curator's tab, and the dialogs any page opened. */
interface Tab {
  readonly page: Page;
  readonly dialogs: string[];
  readonly base: string;
}

/**
 * Search results show excerpts: PostgreSQL's ts_headline leaves out tag-like text, so there the
 * marker must be shown as text, but the payload after it need not be.
 */
const isExcerpt = (path: string) => path.startsWith('/initiatives?');

/**
 * Opens a page and checks that nothing ran and nothing injected is there, and that every marker
 * it holds is shown as text with its payload after it (the start of it where a label is cut).
 * Returns the markers shown.
 */
async function visit(tab: Tab, path: string): Promise<{ shown: Shown[]; links: Shown[] }> {
  tab.dialogs.splice(0);
  const response = await tab.page.goto(`${tab.base}${path}`);
  assert.equal(response?.status(), 200, `${path} answers`);
  const r = await tab.page.evaluate(
    readPage,
    ALL_SHOWN.map((s) => s.marker),
  );
  assert.equal(r.pwned, undefined, `${path}: a stored script ran`);
  assert.deepEqual(tab.dialogs, [], `${path}: a dialog opened`);
  assert.deepEqual(r.bad, [], `${path}: injected handlers, script links or elements`);
  assert.equal(r.javascriptLinks, 0, `${path}: a[href^="javascript:"]`);
  const shown = ALL_SHOWN.filter((s) => r.inBody.includes(s.marker));
  for (const s of shown) {
    const start = s.value.slice(0, isExcerpt(path) ? s.marker.length : s.marker.length + 8);
    const at = r.text.indexOf(s.marker);
    assert.ok(
      r.text.includes(norm(s.value)) || r.text.includes(norm(start)),
      `${path}: ${s.id} is on the page but not shown as text ${JSON.stringify(start)}; the page shows ${JSON.stringify(r.text.slice(at, at + 80))}`,
    );
  }
  const links: Shown[] = [];
  for (const href of r.hrefs) {
    const link = ALL_SHOWN.find((s) => s.url && href.includes(s.marker));
    if (!link) continue;
    assert.equal(href, link.value, `${path}: a link is exactly the address given`);
    links.push(link);
  }
  return { shown, links };
}

/** The workspace's link to the published version leads to a page that shows the record. */
async function checkPublishedLink(tab: Tab, workspace: string) {
  const link = tab.page.locator('main a', { hasText: /^Published version$/ });
  const href = await link.first().getAttribute('href');
  assert.ok(href, `${workspace}: a link to the published version`);
  const response = await tab.page.goto(`${tab.base}${href}`);
  assert.equal(response?.status(), 200, `${workspace} → ${href}`);
  const id = decodeURIComponent(new URL(href, tab.base).hash.slice(1));
  if (id) assert.equal(await tab.page.locator(`[id="${id}"]`).count(), 1, `${href}: its anchor`);
}

/** Asserts that each of `expected` is shown with its whole text on the page `seen` came from. */
function assertAllShown(path: string, seen: readonly Shown[], expected: readonly Shown[]) {
  const missing = expected.filter((e) => !seen.some((s) => s.marker === e.marker));
  assert.deepEqual(
    missing.map((m) => `${m.id} (${m.marker})`),
    [],
    `${path}: fields not shown`,
  );
}

const pathOf = (plan: KindPlan) => `${plan.kind.path}/${encodeURIComponent(plan.key)}`;
const curatorOf = (id: number) => ({ kind: 'account', id, role: 'curator', regions: [] }) as const;

/** One database with the atlas on it, served, and the curator who writes the records. */
interface Site {
  readonly t: TestDb;
  readonly actor: ReturnType<typeof curatorOf>;
  readonly tab: Tab;
}

/** Every URL field refuses javascript: and its relatives, in the schema and in the service. */
async function checkScriptLinksRefused(site: Site) {
  for (const plan of PLANS) {
    const content = roundContent(plan, ROUNDS[0] as Round);
    for (const f of plan.fields.filter((x) => x.spec.input === 'url')) {
      for (const url of SCRIPT_URLS) {
        const form = { ...formFromContent(plan.kind.entity, content), [f.spec.name]: [url] };
        const checked = checkDraft(plan.kind, contentFromForm(plan.kind.entity, form));
        assert.ok(!checked.ok && checked.problems.some((p) => p.field === f.spec.name), url);
      }
      // Through the service as well: refused, and nothing stored (the record is created later).
      const hostile = { ...content, [f.spec.name]: SCRIPT_URLS[0] };
      await assert.rejects(
        createDraft(site.t.db, site.actor, plan.kind.entity, hostile),
        (e) =>
          isAppError(e, 'invalid_data') &&
          JSON.stringify(e.details).includes(`"field":"${f.spec.name}"`),
      );
    }
  }
}

/**
 * Writes and publishes a round's version of every record, then opens every public page that shows
 * them. Returns the fields shown on a public page.
 */
async function publishRound(site: Site, round: Round): Promise<Set<string>> {
  const { t, actor, tab } = site;
  for (const plan of PLANS) {
    const content = roundContent(plan, round);
    if (round === ROUNDS[0]) await createDraft(t.db, actor, plan.kind.entity, content);
    else await saveDraft(t.db, actor, plan.kind.entity, plan.key, content);
    await moveVersion(t.db, actor, plan.kind.entity, plan.key, 'publish');
  }
  const seen = new Map<string, Awaited<ReturnType<typeof visit>>>();
  const publicShown = new Set<string>();
  for (const plan of PLANS) {
    const paths = PUBLIC_PAGES[plan.kind.entity](plan.versions.get(round.letter) ?? {});
    for (const path of paths) if (!seen.has(path)) seen.set(path, await visit(tab, path));
    const mine = shownIn(plan, round.letter);
    const on = (pick: 'shown' | 'links') =>
      paths
        .flatMap((p) => seen.get(p)?.[pick] ?? [])
        .filter((s) => mine.some((m) => m.marker === s.marker));
    const here = on('shown');
    if (!NUMBERS_ONLY.has(plan.kind.entity))
      assert.ok(here.length > 0, `${plan.kind.entity} ${round.letter}: no text shown in public`);
    for (const s of here) publicShown.add(s.id);
    // A link without markup is served as a link, its address whole in the href.
    if (round.url === 'quote') {
      const links = mine.filter((s) => s.url);
      assert.deepEqual(
        on('links')
          .map((s) => s.id)
          .sort(),
        links.map((s) => s.id).sort(),
      );
    }
  }
  for (const [path, { shown }] of seen) {
    const old = shown.filter((s) => !s.marker.endsWith(round.letter));
    assert.deepEqual(old, [], `${path} shows the version just published only`);
  }
  return publicShown;
}

/** Submits a last version of every record; its pages for contributors show every text inert. */
async function checkOpenChange(site: Site) {
  const { t, actor, tab } = site;
  const last = ROUNDS.at(-1) as Round;
  for (const plan of PLANS) {
    await saveDraft(t.db, actor, plan.kind.entity, plan.key, roundContent(plan, last));
    await moveVersion(t.db, actor, plan.kind.entity, plan.key, 'submit');
  }
  const labels: Shown[] = [];
  for (const plan of PLANS) {
    // The workspace compares the published version with the submitted one, field by field.
    const [published, open] = ['c', 'd'].map((l) => shownIn(plan, l)) as [Shown[], Shown[]];
    const workspace = `/contribute/${pathOf(plan)}`;
    assertAllShown(workspace, (await visit(tab, workspace)).shown, [...published, ...open]);
    await checkPublishedLink(tab, workspace);
    // The history shows each version's changes against the one it was drafted from.
    const history = `/history/${pathOf(plan)}`;
    const everyVersion = ROUNDS.flatMap((r) => shownIn(plan, r.letter));
    assertAllShown(history, (await visit(tab, history)).shown, everyVersion);
    await checkEditForm(tab, plan, last);
    const label = plan.kind.label(plan.versions.get(last.letter) ?? {});
    labels.push(...open.filter((s) => label.includes(s.marker)));
  }
  assert.ok(labels.length >= 3, 'names and statements label the changes in the queue');
  for (const path of ['/review', '/contribute'])
    assertAllShown(path, (await visit(tab, path)).shown, labels);
}

/** The edit form of the open change holds every text as typed, in its controls. */
async function checkEditForm(tab: Tab, plan: KindPlan, round: Round) {
  const path = `/contribute/${pathOf(plan)}/edit`;
  await visit(tab, path);
  const form = formFromContent(plan.kind.entity, plan.versions.get(round.letter) ?? {});
  for (const f of plan.fields) {
    const expected = form[f.spec.name]?.[0] ?? '';
    const control = tab.page.locator(`[name="${f.spec.name}"]`);
    assert.equal(await control.inputValue(), expected, `${path}: ${f.spec.name} as typed`);
  }
}

/** Opens a migrated database with the reference data, a curator, the app and a signed-in tab. */
async function openSite(
  dialect: (typeof DIALECTS)[number],
  context: () => Promise<BrowserContext>,
) {
  const t = await dialect.open();
  await seedReference(t.db, REFERENCE_DIR);
  const account = await createAccount(
    t.db,
    { email: EMAIL, password: PASSWORD, role: 'curator' },
    'cli',
  );
  const session = await signIn(t.db, { email: EMAIL, password: PASSWORD, address: '::1' });
  const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx = await context();
  await ctx.addCookies([{ name: SESSION_COOKIE, value: session.cookie, url: base }]);
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const site: Site = { t, actor: curatorOf(account.id), tab: { page, dialogs, base } };
  const close = async () => {
    await ctx.close();
    await new Promise((resolve) => server.close(resolve));
    await t.dispose();
  };
  return { site, close };
}

/** One browser for every database. */
let browser: Promise<Browser> | undefined;
const newContext = async () => {
  browser ??= launchBrowser();
  const context = await (await browser).newContext({ bypassCSP: true });
  context.setDefaultTimeout(15_000);
  return context;
};

for (const dialect of DIALECTS) {
  describe(`stored script in every free-text field on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let site: Site;
    let close: () => Promise<void> = async () => {};
    before(async () => {
      ({ site, close } = await openSite(dialect, newContext));
    });
    after(() => close());

    test('every free-text field of every kind is found; every URL field refuses javascript: and its relatives', async (ctx) => {
      const ids = SLOTS.map((s) => s.id);
      for (const must of [
        'initiative.name',
        'good_practice.transferability',
        'workshop.organisers',
        'evidence.quote.text',
        'evidence.quote.attribution',
        'evidence.quote.printedIn.note',
        'regional_report.workshopNote.text',
        'regional_report.workshopNote.sources.note',
      ])
        assert.ok(ids.includes(must), `${must} is among ${ids.join(', ')}`);
      const fields = PLANS.flatMap((p) => p.fields.map((f) => `${p.kind.entity}.${f.spec.name}`));
      ctx.diagnostic(`${fields.length} fields, ${ids.length} places for text: ${ids.join(', ')}`);
      await checkScriptLinksRefused(site);
    });

    test('published three times (links with markup, the reasons without links, links with quotes): every public page shows the text inert', async (ctx) => {
      const shown = new Set<string>();
      for (const round of ROUNDS.filter((r) => r.move === 'publish'))
        for (const id of await publishRound(site, round)) shown.add(id);
      const unshown = SLOTS.filter((s) => !shown.has(s.id)).map((s) => s.id);
      ctx.diagnostic(`not on any public page: ${unshown.join(', ')}`);
    });

    test('a change submitted for review: the workspace, the edit form, the history with every diff and the review queue show it inert', async () => {
      await checkOpenChange(site);
    });
  });
}

after(async () => {
  await (await browser)?.close();
});
