import { linkProblems } from '../domain/links.ts';
import { type FacetName, HIGHLIGHT_END, HIGHLIGHT_START } from '../domain/search.ts';
import {
  type CodeListName,
  codeLabel,
  currentLocale,
  hasKey,
  type LocalText,
  langIfOther,
  t,
} from './i18n.ts';

export { type CodeListName, codeLabel };

/** Names of regions and countries by code, for labels. */
export type RegionNames = ReadonlyMap<string, string>;

const FACET_LISTS: Partial<Record<FacetName, CodeListName>> = {
  domain: 'domain',
  type: 'type',
  scope: 'scope',
  status: 'status',
  theme: 'theme',
  funding: 'funding',
};

/** The label of a facet value: a code-list label or a region's name. */
export function facetValueLabel(facet: FacetName, value: string, regions: RegionNames): string {
  const list = FACET_LISTS[facet];
  if (list) return codeLabel(list, value);
  return regions.get(value) ?? value;
}

export const domainLabel = (c: string) => codeLabel('domain', c);
export const typeLabel = (c: string) => codeLabel('type', c);
export const statusLabel = (c: string) => codeLabel('status', c);
export const scopeLabel = (c: string) => codeLabel('scope', c);
export const themeLabel = (c: string) => codeLabel('theme', c);
export const barrierLabel = (c: string) => codeLabel('barrier', c);
/** The label of a relation as read from its source (outgoing) or its target (incoming). */
export function relationLabel(kind: string, direction: 'outgoing' | 'incoming'): string {
  if (direction === 'outgoing') return codeLabel('relation', kind);
  const key = `common.inverseRelation_${kind}`;
  return hasKey(key) ? t(key) : kind;
}

/** Text with highlight marks rendered as <mark> elements; everything else is escaped by JSX. */
export function Highlighted({ text }: { text: string }) {
  // Splitting on the marks alternates plain text (even indexes) and highlighted words (odd).
  const parts = text.split(new RegExp(`[${HIGHLIGHT_START}${HIGHLIGHT_END}]`));
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark>{p}</mark> : p))}</>;
}

/** A small label chip. */
export function Tag({ children, kind }: { children: string; kind?: string }) {
  return <span class={kind ? `tag tag-${kind}` : 'tag'}>{children}</span>;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A number format of the request's language, made once per language and options: making one
 * costs about 0.1 ms, and a dashboard of 300 regions formats thousands of figures.
 */
export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${currentLocale()} ${JSON.stringify(options)}`;
  const known = numberFormats.get(key);
  if (known) return known;
  const made = new Intl.NumberFormat(currentLocale(), options);
  numberFormats.set(key, made);
  return made;
}

/** A date format of the request's language, made once per language and options. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale()} ${JSON.stringify(options)}`;
  const known = dateFormats.get(key);
  if (known) return known;
  const made = new Intl.DateTimeFormat(currentLocale(), options);
  dateFormats.set(key, made);
  return made;
}

/** Formats a count for display in the language of the request. */
export function formatCount(n: number): string {
  return numberFormat().format(n);
}

/**
 * A message with one value in another language, such as a source document's own section title
 * (in English) inside a sentence of the interface: the value is marked with its language.
 */
export function MessageWith(props: {
  message: string;
  name: string;
  value: string;
  lang?: string;
  vars?: Record<string, string | number>;
}) {
  const marker = '\u0001';
  const [before = '', after = ''] = t(props.message, {
    ...props.vars,
    [props.name]: marker,
  }).split(marker);
  const lang = props.lang ?? 'en';
  return (
    <>
      {before}
      {langIfOther(lang) ? <span lang={lang}>{props.value}</span> : props.value}
      {after}
    </>
  );
}

/** The provenance of a record: each source with section, row and note. */
export function SourceList({
  sources,
  titles,
}: {
  sources: readonly { source: string; section?: string; row?: string; note?: string }[];
  titles: ReadonlyMap<string, string>;
}) {
  return (
    <ul class="sources">
      {sources.map((s) => (
        <li>
          <cite lang={langIfOther('en')}>{titles.get(s.source) ?? s.source}</cite>
          {s.section ? (
            <MessageWith message="common.sourceSection" name="section" value={s.section} />
          ) : (
            ''
          )}
          {s.row ? t('common.sourceRow', { row: s.row }) : ''}
          {s.note ? (
            <span class="note">
              {' '}
              — <span lang={langIfOther('en')}>{s.note}</span>
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The trail from the home page to the current page; the last item is the page itself. */
export function Breadcrumb({
  parent,
  current,
}: {
  parent: { href: string; label: string };
  current: string;
}) {
  return (
    <nav aria-label={t('common.breadcrumbLabel')} class="breadcrumb">
      <ol>
        <li>
          <a href="/">{t('common.breadcrumbHome')}</a>
        </li>
        <li>
          <a href={parent.href}>{parent.label}</a>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** A record's web link, or why there is none, as the source put it. */
export function LinkOrReason({
  link,
  missing,
}: {
  link: string | null | undefined;
  missing: string | null | undefined;
}) {
  const problems = link ? linkProblems(link) : [];
  if (link && problems.length > 0) {
    // A broken link is not served as clickable: the text as printed, and what is wrong with it.
    return (
      <span class="link-broken">
        <span class="mono">{link}</span>{' '}
        <span class="muted">
          {t('common.linkBroken', {
            problems: problems.map((p) => t(`common.linkProblem_${p}`)).join('; '),
          })}{' '}
          <a href="/data-quality#malformed_link">{t('common.linkBrokenSee')}</a>
        </span>
      </span>
    );
  }
  return link ? (
    <a href={link} rel="noopener noreferrer">
      {link}
    </a>
  ) : (
    <span class="muted">
      {missing ? t('common.noneGivenReason', { reason: missing }) : t('common.noneGiven')}
    </span>
  );
}

/** Formats an ISO timestamp as a date in the language of the request (e.g. 25 Nov 2026). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/**
 * A paragraph of content that may not be in the reader's language (an untranslated description
 * stays English): it says its own language so screen readers and translation tools read it right.
 */
export function LocalParagraph(props: { text: LocalText; class?: string }) {
  const { text, lang } = props.text;
  return (
    <p class={props.class} lang={lang === currentLocale() ? undefined : lang}>
      {text}
    </p>
  );
}
