import {
  FIELD_CODES,
  type FieldSpec,
  FORM_FIELDS,
  LINE_CODES,
} from '../../domain/contribution-fields.ts';
import {
  type ContributedEntity,
  ENTITY_KINDS,
  type EntityKind,
  type Transition,
  type VersionState,
} from '../../domain/contributions.ts';
import { INFERABLE_FIELDS } from '../../domain/schemas.ts';
import { isTranslatableKind, requiredField, TRANSLATABLE } from '../../domain/translations.ts';
import type { VersionView } from '../../services/contributions.ts';
import type { FieldChange, QueueItem, RecordHistory } from '../../services/reviews.ts';
import type { TranslationOriginal } from '../../services/translation-publisher.ts';
import { type CodeListName, codeLabel, formatCount, formatDate } from '../components.tsx';
import { ErrorSummary, type FormState, PostForm, ScrollTable } from '../forms.tsx';
import { hasKey, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { kindLabel as recommendationKindLabel } from '../recommended.tsx';
import { languageName } from '../record-language.tsx';
import { levelLabel } from './recommendations.tsx';

/** A kind's name in the page's language. */
export const kindLabel = (entity: ContributedEntity) => t(`contribute.kind_${entity}`);
export const stateText = (s: VersionState) => t(`contribute.state_${s}`);
/**
 * A field's label; "counts.industry" is the count of interviews with industry; a member with its
 * own label ("quote.text", kept as field_quote_text) has that.
 */
const fieldLabel = (name: string): string => {
  const [field = name, member] = name.split('.');
  const own = `contribute.field_${name.replaceAll('.', '_')}`;
  if (member && hasKey(own)) return t(own);
  if (member) return `${fieldLabel(field)}: ${codeLabel('stakeholderGroup', member)}`;
  return hasKey(`contribute.field_${field}`) ? t(`contribute.field_${field}`) : field;
};

/** Where a record's pages are. */
export const contributePath = (kind: EntityKind, key?: string) =>
  key === undefined
    ? `/contribute/${kind.path}`
    : `/contribute/${kind.path}/${encodeURIComponent(key)}`;
export const historyPath = (kind: EntityKind, key: string) =>
  `/history/${kind.path}/${encodeURIComponent(key)}`;

const CODE_LABELS: Partial<Record<string, CodeListName>> = {
  domain: 'domain',
  type: 'type',
  scope: 'scope',
  status: 'status',
  theme: 'theme',
  barrier: 'barrier',
  stakeholderGroup: 'stakeholderGroup',
};
const optionLabel = (codes: string, code: string) => {
  if (codes === 'workshopFormat') return t(`contribute.format_${code}`);
  if (codes === 'recommendationKind') return recommendationKindLabel(code);
  if (codes === 'recommendationLevel') return levelLabel(code);
  const list = CODE_LABELS[codes];
  return list ? `${codeLabel(list, code)}${codes === 'barrier' ? ` (${code})` : ''}` : code;
};

/** The code list a field's values come from, if any. */
function codesOfField(entity: ContributedEntity, field: string): string | undefined {
  return FORM_FIELDS[entity]?.find((s) => s.name === field)?.codes;
}

/** A value of a record as plain text: codes by their labels, lists joined, structured lines with "|". */
export function valueText(value: unknown, codes?: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string' && codes) return optionLabel(codes, value);
  if (Array.isArray(value))
    return value
      .map((v) => valueText(v, codes))
      .join(value.some((v) => typeof v === 'object') ? '\n' : ', ');
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>)
      .map((v) => (typeof v === 'object' && v !== null ? valueText(v) : String(v)))
      .join(' | ');
  if (typeof value === 'boolean') return value ? '✓' : '—';
  return String(value);
}

/** The hint of a field, with the codes its lines may use. */
function hintOf(spec: ShownSpec, sources: readonly string[]): string | undefined {
  const key = spec.hintKey ?? `contribute.hint_${spec.name.replaceAll('.', '_')}`;
  if (!hasKey(key)) return undefined;
  return t(key, {
    kinds: (spec.input === 'funding' ? LINE_CODES.funding : LINE_CODES.relation).join(', '),
    sources: sources.join(', '),
    fields: INFERABLE_FIELDS.join(', '),
  });
}

/** A form's field with the label it is shown under (a translation's: the record's field). */
interface ShownSpec extends FieldSpec {
  readonly label: string;
  /** The catalogue key of its hint where the field's own does not fit the form. */
  readonly hintKey?: string;
}

/**
 * The fields a form shows. A translation's form for one kind of record (the `record` it was opened
 * for) shows only the texts that kind has, each under the label of the record's field it
 * translates (a recommendation's "Title", a statement's "Statement"), the one it needs marked
 * required.
 */
function shownSpecs(
  entity: ContributedEntity,
  values: Readonly<Record<string, readonly string[]>>,
): ShownSpec[] {
  const specs = FORM_FIELDS[entity] ?? [];
  if (entity !== 'translation') return specs.map((s) => ({ ...s, label: fieldLabel(s.name) }));
  // A translation's fields say what a translator does with them, not what a record's author does.
  const translating = (s: FieldSpec, label: string): ShownSpec => ({
    ...s,
    label,
    hintKey: s.name === 'translatedBy' ? undefined : `contribute.hint_translation_${s.name}`,
  });
  const record = values.record?.[0] ?? '';
  if (!isTranslatableKind(record)) return specs.map((s) => translating(s, fieldLabel(s.name)));
  const fields = TRANSLATABLE[record];
  return specs.flatMap((s) => {
    if (s.name !== 'name' && s.name !== 'summary') return [translating(s, fieldLabel(s.name))];
    const target = fields[s.name];
    if (!target) return [];
    const required = s.name === requiredField(record);
    return [{ ...translating(s, fieldLabel(target)), required }];
  });
}

/** One field of a record form, with its label, hint and problem tied together. */
function FormField(p: {
  spec: ShownSpec;
  values: readonly string[];
  error?: string;
  sources: readonly string[];
  locked: boolean;
}) {
  const { spec } = p;
  const id = `field-${spec.name}`;
  const hint = hintOf(spec, p.sources);
  const described =
    [hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const label = `${spec.label}${spec.required ? ' *' : ''}`;
  const invalid = p.error ? 'true' : undefined;
  const text = p.values[0] ?? '';
  const notes = (
    <>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="field-problem" id={`${id}-error`}>
          {p.error}
        </p>
      ) : null}
    </>
  );
  if (spec.input === 'checkboxes') {
    return (
      <fieldset
        id={id}
        class={p.error ? 'field field-error' : 'field'}
        aria-describedby={described}
      >
        <legend>{label}</legend>
        {notes}
        <div class="checkbox-grid">
          {FIELD_CODES[spec.codes ?? 'scope'].map((code) => (
            <label>
              <input
                type="checkbox"
                name={spec.name}
                value={code}
                checked={p.values.includes(code)}
              />
              {optionLabel(spec.codes ?? '', code)}
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (spec.input === 'checkbox') {
    return (
      <div class="field field-check">
        <label for={id}>
          <input
            id={id}
            type="checkbox"
            name={spec.name}
            checked={p.values.includes('on')}
            aria-describedby={described}
          />
          {label}
        </label>
        {notes}
      </div>
    );
  }
  const control =
    spec.input === 'select' ? (
      <select id={id} name={spec.name} aria-invalid={invalid} aria-describedby={described}>
        <option value="">{t('contribute.choose')}</option>
        {FIELD_CODES[spec.codes ?? 'status'].map((code) => (
          <option value={code} selected={code === text}>
            {optionLabel(spec.codes ?? '', code)}
          </option>
        ))}
      </select>
    ) : [
        'textarea',
        'sources',
        'funding',
        'relations',
        'lines',
        'challenges',
        'inferred',
        'places',
      ].includes(spec.input) ? (
      <textarea
        id={id}
        name={spec.name}
        rows={spec.input === 'textarea' ? 5 : 3}
        aria-invalid={invalid}
        aria-describedby={described}
      >
        {text}
      </textarea>
    ) : (
      <input
        id={id}
        name={spec.name}
        type={spec.input === 'url' ? 'url' : 'text'}
        inputmode={spec.input === 'url' ? 'url' : spec.input === 'count' ? 'numeric' : undefined}
        value={text}
        readonly={p.locked}
        aria-invalid={invalid}
        aria-describedby={described}
      />
    );
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {notes}
      {control}
    </div>
  );
}

/** The form of a new record or of a change; it keeps what was typed and names each problem. */
export function recordFormPage(p: {
  kind: EntityKind;
  key?: string;
  name?: string;
  values: Readonly<Record<string, readonly string[]>>;
  state: FormState;
  expected?: string;
  csrf: string;
  sources: readonly string[];
  conflict?: boolean;
  /** For a translation: the record's texts in their language, shown above the fields. */
  original?: TranslationOriginal;
}) {
  const specs = shownSpecs(p.kind.entity, p.values);
  const title = p.key
    ? t('contribute.editTitle', { name: p.name ?? p.key })
    : t(`contribute.new_${p.kind.entity}`);
  const action = p.key ? `${contributePath(p.kind, p.key)}/edit` : `${contributePath(p.kind)}/new`;
  const labels = Object.fromEntries(specs.map((s) => [s.name, s.label]));
  return renderPage(
    { title, path: action },
    <>
      <h1>{title}</h1>
      <p>{t('contribute.lead')}</p>
      {p.conflict ? (
        <p class="notice" role="alert">
          {t('contribute.conflictHelp')}
        </p>
      ) : null}
      <ErrorSummary state={p.state} labels={labels} />
      {p.original ? <OriginalTexts original={p.original} labels={labels} /> : null}
      <PostForm action={action} csrf={p.csrf} class="stacked-form record-form">
        {p.expected ? <input type="hidden" name="_expected" value={p.expected} /> : null}
        {specs.map((spec) => (
          <FormField
            spec={spec}
            values={p.values[spec.name] ?? []}
            error={p.state.errors?.[spec.name]}
            sources={p.sources}
            locked={Boolean(spec.key && p.key)}
          />
        ))}
        <div class="field">
          <label for="field-_reason">{t('contribute.reason')}</label>
          <input
            id="field-_reason"
            name="_reason"
            type="text"
            value={p.values._reason?.[0] ?? ''}
          />
        </div>
        <div class="form-actions">
          <button type="submit">{t('contribute.saveDraft')}</button>
          <a href={p.key ? contributePath(p.kind, p.key) : '/contribute'}>
            {t('contribute.cancel')}
          </a>
        </div>
      </PostForm>
    </>,
  );
}

/**
 * The texts a translation is made from, as the record has them now, each under the label of the
 * field that takes its translation and marked with its language: the translator reads the
 * original here rather than in another tab (and, updating an outdated translation, sees the
 * original as it is now).
 */
function OriginalTexts(p: { original: TranslationOriginal; labels: Record<string, string> }) {
  return (
    <section class="translation-original" aria-labelledby="translation-original">
      <h2 id="translation-original">
        {t('translations.originalHeading', { language: languageName(p.original.language) })}
      </h2>
      <dl>
        {p.original.texts.map((o) => (
          <>
            <dt>{p.labels[o.field] ?? o.field}</dt>
            <dd lang={p.original.language}>{o.text}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** Field-by-field comparison: the published value beside the proposed one, in the form's order. */
export function DiffTable(p: {
  entity: ContributedEntity;
  changes: readonly FieldChange[];
  caption: string;
  oldHeading: string;
  newHeading: string;
}) {
  if (p.changes.length === 0) return <p>{t('contribute.noChanges')}</p>;
  const order = (FORM_FIELDS[p.entity] ?? []).map((s) => s.name);
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  const changes = [...p.changes].sort((a, b) => rank(a.field) - rank(b.field));
  const cell = (value: unknown, field: string, Tag: 'del' | 'ins') => {
    const text = valueText(value, codesOfField(p.entity, field));
    return text ? <Tag>{text}</Tag> : <em>{t('contribute.notSet')}</em>;
  };
  return (
    <ScrollTable caption={p.caption} keys={['contribute.field', p.oldHeading, p.newHeading]}>
      {changes.map((c) => (
        <tr>
          <th scope="row">{fieldLabel(c.field)}</th>
          <td class="diff-old">{cell(c.before, c.field, 'del')}</td>
          <td class="diff-new">{cell(c.after, c.field, 'ins')}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** Who and when, for a version. */
function Byline({ v }: { v: VersionView }) {
  return (
    <p class="byline">
      {t('contribute.version', { number: v.number })} · {stateText(v.state)} ·{' '}
      {t('contribute.by', { name: v.author })}
      {v.updatedAt ? ` · ${t('contribute.on', { date: formatDate(v.updatedAt) })}` : ''}
      {v.reason ? ` · ${v.reason}` : ''}
    </p>
  );
}

/** A button that moves the open change, with an optional note. */
function MoveForm(p: {
  action: string;
  csrf: string;
  transition: Transition;
  expected: string;
  note?: boolean;
  danger?: boolean;
}) {
  return (
    <PostForm action={p.action} csrf={p.csrf} class="move-form">
      <input type="hidden" name="transition" value={p.transition} />
      <input type="hidden" name="_expected" value={p.expected} />
      {p.note ? (
        <div class="field">
          <label for={`note-${p.transition}`}>{t('contribute.note')}</label>
          <textarea id={`note-${p.transition}`} name="note" rows={2} />
        </div>
      ) : null}
      <button type="submit" class={p.danger ? 'button-secondary' : undefined}>
        {t(`contribute.${p.transition === 'request-changes' ? 'requestChanges' : p.transition}`)}
      </button>
    </PostForm>
  );
}

/** What the signed-in person may do with the record's open change. */
export interface Abilities {
  readonly draft: boolean;
  readonly submit: boolean;
  readonly review: boolean;
  readonly publish: boolean;
}

/** The comments on the open change and the form to add one. */
function Comments(p: {
  kind: EntityKind;
  recordKey: string;
  comments: readonly { field: string | null; body: string; author: string; at: string }[];
  csrf: string;
}) {
  const specs = FORM_FIELDS[p.kind.entity] ?? [];
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t('contribute.comments')}</h2>
      {p.comments.length === 0 ? (
        <p>{t('contribute.noComments')}</p>
      ) : (
        <ul class="comments">
          {p.comments.map((c) => (
            <li>
              <strong>{c.field ? fieldLabel(c.field) : t('contribute.wholeRecord')}</strong>:{' '}
              {c.body}
              <span class="byline">
                {' '}
                — {c.author}, {formatDate(c.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <PostForm action={`${contributePath(p.kind, p.recordKey)}/comments`} csrf={p.csrf}>
        <div class="field">
          <label for="comment-field">{t('contribute.commentOn')}</label>
          <select id="comment-field" name="field">
            <option value="">{t('contribute.wholeRecord')}</option>
            {specs.map((s) => (
              <option value={s.name}>{fieldLabel(s.name)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="comment-body">{t('contribute.comment')}</label>
          <textarea id="comment-body" name="body" rows={3} required />
        </div>
        <button type="submit">{t('contribute.addComment')}</button>
      </PostForm>
    </section>
  );
}

/** A record's workspace: its open change against the published version, comments and the moves. */
export function workspacePage(p: {
  kind: EntityKind;
  key: string;
  name: string;
  published?: VersionView;
  open?: VersionView;
  changes: readonly FieldChange[];
  comments: readonly { field: string | null; body: string; author: string; at: string }[];
  can: Abilities;
  csrf: string;
  notice?: string;
}) {
  const base = contributePath(p.kind, p.key);
  const open = p.open;
  const move = (transition: Transition, extra: { note?: boolean; danger?: boolean } = {}) =>
    open ? (
      <MoveForm
        action={`${base}/move`}
        csrf={p.csrf}
        transition={transition}
        expected={open.tag}
        {...extra}
      />
    ) : null;
  const state = open?.state;
  return renderPage(
    { title: p.name, path: base },
    <>
      <p class="kicker">{kindLabel(p.kind.entity)}</p>
      <h1>{p.name}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <p>
        {p.published ? (
          <a href={publicPath(p.kind, p.key, p.published)}>{t('contribute.publishedVersion')}</a>
        ) : (
          t('contribute.newRecord')
        )}
        {' · '}
        <a href={historyPath(p.kind, p.key)}>{t('contribute.history')}</a>
      </p>
      {open ? (
        <section aria-labelledby="open-title">
          <h2 id="open-title">{stateText(open.state)}</h2>
          <Byline v={open} />
          {open.needs.length > 0 ? (
            <p class="notice" role="note">
              {t('contribute.needs', { fields: open.needs.map(fieldLabel).join(', ') })}
            </p>
          ) : null}
          <DiffTable
            entity={p.kind.entity}
            changes={p.changes}
            caption={t('contribute.changedFields')}
            oldHeading="contribute.publishedVersion"
            newHeading="contribute.proposed"
          />
          <div class="actions">
            {p.can.draft ? (
              <a class="button" href={`${base}/edit`}>
                {t('contribute.edit')}
              </a>
            ) : null}
            {p.can.submit && (state === 'draft' || state === 'changes_requested')
              ? move('submit')
              : null}
            {p.can.review && state === 'submitted'
              ? move('request-changes', { note: true, danger: true })
              : null}
            {p.can.publish ? move('publish', { note: true }) : null}
            {p.can.draft ? move('withdraw', { danger: true }) : null}
          </div>
        </section>
      ) : (
        <div class="actions">
          {p.can.draft ? (
            <a class="button" href={`${base}/edit`}>
              {t('contribute.editPublished')}
            </a>
          ) : null}
          {p.can.publish && p.published ? (
            <PostForm action={`${base}/move`} csrf={p.csrf} class="move-form">
              <input type="hidden" name="transition" value="withdraw" />
              <div class="field">
                <label for="note-unpublish">{t('contribute.note')}</label>
                <textarea id="note-unpublish" name="note" rows={2} />
              </div>
              <button type="submit" class="button-secondary">
                {t('contribute.withdrawPublished')}
              </button>
            </PostForm>
          ) : null}
        </div>
      )}
      {open ? (
        <Comments kind={p.kind} recordKey={p.key} comments={p.comments} csrf={p.csrf} />
      ) : null}
    </>,
  );
}

/** The public page of a published record (a statement: on its first barrier's page). */
export function publicPath(
  kind: EntityKind,
  key: string,
  published: { readonly regions: readonly string[]; readonly content: Record<string, unknown> },
): string {
  const k = encodeURIComponent(key);
  // Reports, interview figures and workshops are shown on their region's page.
  if (['regional_report', 'interview_row', 'workshop'].includes(kind.entity))
    return `/regions/${encodeURIComponent(published.regions[0] ?? '')}`;
  if (kind.entity === 'translation') {
    const [record, slug = '', language = ''] = key.split('/');
    const lang = `?lang=${encodeURIComponent(language)}`;
    // A statement has no page of its own: it is listed on its region's page (or, without a
    // region, under its barriers), anchored at its first listing.
    if (record === 'evidence') {
      const region = published.regions[0];
      const anchor = `#statement-${encodeURIComponent(slug)}`;
      return region ? `/regions/${encodeURIComponent(region)}${lang}${anchor}` : `/barriers${lang}`;
    }
    const paths: Record<string, string> = {
      good_practice: 'good-practices',
      recommendation: 'recommendations',
    };
    const path = paths[record ?? ''] ?? 'initiatives';
    return `/${path}/${encodeURIComponent(slug)}${lang}`;
  }
  if (kind.entity !== 'evidence') return `/${kind.path}/${k}`;
  const barriers = published.content.barriers;
  const first = Array.isArray(barriers) ? String(barriers[0] ?? '') : '';
  return `/barriers/${encodeURIComponent(first)}#statement-${k}`;
}

/** The contributor's start page: new records, and the changes in work they may see. */
export function contributeHomePage(p: {
  kinds: readonly EntityKind[];
  regions: readonly string[] | null;
  items: readonly QueueItem[];
  reviewer: boolean;
}) {
  return renderPage(
    { title: t('contribute.title'), path: '/contribute' },
    <>
      <h1>{t('contribute.title')}</h1>
      <p>{t('contribute.lead')}</p>
      <p>
        {p.regions === null
          ? t('contribute.allRegions')
          : t('contribute.yourRegions', { regions: p.regions.join(', ') })}
      </p>
      <ul class="actions-list">
        {p.kinds.map((k) => (
          <li>
            <a class="button" href={`${contributePath(k)}/new`}>
              {t(`contribute.new_${k.entity}`)}
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/contribute/import">{t('import.link')}</a>
      </p>
      <h2>{t('contribute.openChanges')}</h2>
      <QueueTable items={p.items} />
      <p>
        <a href="/review">{t('contribute.reviewQueue')}</a>
      </p>
    </>,
  );
}

/** Changes in work as a table. */
function QueueTable({ items }: { items: readonly QueueItem[] }) {
  if (items.length === 0) return <p>{t('contribute.noOpenChanges')}</p>;
  return (
    <ScrollTable
      caption={t('contribute.queueTitle')}
      hideCaption
      keys={[
        'contribute.record',
        'contribute.kind',
        'contribute.state',
        'contribute.regions',
        'contribute.changedFields',
        'contribute.waiting',
        'contribute.author',
      ]}
    >
      {items.map((i) => (
        <tr>
          <td>
            <a
              href={`/contribute/${kindPathOf(i.version.entity)}/${encodeURIComponent(i.version.key)}`}
            >
              {i.label}
            </a>
          </td>
          <td>{kindLabel(i.version.entity)}</td>
          <td>
            {stateText(i.version.state)}
            {i.version.needs.length > 0 ? ' ⚠' : ''}
          </td>
          <td>{i.version.regions.join(', ')}</td>
          <td>
            {i.version.baseNumber === null
              ? t('contribute.allFields')
              : i.changed.map(fieldLabel).join(', ')}
          </td>
          <td>{formatDate(i.version.updatedAt)}</td>
          <td>{i.version.author}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

const kindPathOf = (entity: ContributedEntity) => ENTITY_KINDS[entity].path;

/** The queue's filters. */
export interface QueueFilterView {
  readonly entity?: string;
  readonly state?: VersionState;
  readonly region?: string;
  readonly days?: number;
}

/** Publish every change the filters show, in one step (after an import, say). */
function PublishAll(p: { filter: QueueFilterView; csrf: string; count: number }) {
  const hidden = Object.entries(p.filter).filter(([, v]) => v !== undefined);
  return (
    <PostForm action="/review/publish-all" csrf={p.csrf} class="inline-form">
      {hidden.map(([k, v]) => (
        <input type="hidden" name={k} value={String(v)} />
      ))}
      <button type="submit">
        {t('contribute.publishAll', { count: p.count, n: formatCount(p.count) })}
      </button>
    </PostForm>
  );
}

/** The review queue with its filters (a GET form, so a filtered queue has an address). */
export function reviewQueuePage(p: {
  items: readonly QueueItem[];
  /** How many changes the filters select; items lists the longest waiting of them. */
  total: number;
  kinds: readonly EntityKind[];
  filter: QueueFilterView;
  csrf: string;
  canPublish: boolean;
  notice?: string;
}) {
  const states: VersionState[] = ['submitted', 'changes_requested', 'draft'];
  return renderPage(
    { title: t('contribute.queueTitle'), path: '/review' },
    <>
      <h1>{t('contribute.queueTitle')}</h1>
      <p>{t('contribute.queueLead')}</p>
      <form method="get" action="/review" class="filter-row">
        <div class="field">
          <label for="q-entity">{t('contribute.filterKind')}</label>
          <select id="q-entity" name="entity">
            <option value="">{t('contribute.any')}</option>
            {p.kinds.map((k) => (
              <option value={k.entity} selected={p.filter.entity === k.entity}>
                {kindLabel(k.entity)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="q-state">{t('contribute.filterState')}</label>
          <select id="q-state" name="state">
            <option value="">{t('contribute.any')}</option>
            {states.map((s) => (
              <option value={s} selected={p.filter.state === s}>
                {stateText(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="q-region">{t('contribute.filterRegion')}</label>
          <input id="q-region" name="region" type="text" value={p.filter.region ?? ''} />
        </div>
        <div class="field">
          <label for="q-days">{t('contribute.filterAge')}</label>
          <input
            id="q-days"
            name="days"
            type="text"
            inputmode="numeric"
            value={p.filter.days === undefined ? '' : String(p.filter.days)}
          />
        </div>
        <button type="submit">{t('contribute.filter')}</button>
      </form>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <p id="queue-count">
        {t('contribute.queueCount', { count: p.total, n: formatCount(p.total) })}
        {p.items.length < p.total
          ? ` ${t('contribute.queueShown', { shown: formatCount(p.items.length) })}`
          : null}
      </p>
      {p.canPublish && p.total > 0 ? (
        <PublishAll filter={p.filter} csrf={p.csrf} count={p.total} />
      ) : null}
      <QueueTable items={p.items} />
    </>,
  );
}

/**
 * The versions restore applies to: those no longer current. (The open change is the draft
 * already; the published version is what a new draft starts from anyway.)
 */
const RESTORABLE: readonly VersionState[] = ['superseded', 'withdrawn'];

/** A record's versions with what each changed, and restore for those who may draft. */
export function historyPage(p: {
  history: RecordHistory;
  name: string;
  csrf?: string;
  canRestore: boolean;
  notice?: string;
}) {
  const h = p.history;
  const kind = h.kind;
  const title = t('contribute.historyTitle', { name: p.name });
  const pages = Math.max(1, Math.ceil(h.total / h.perPage));
  const path = historyPath(kind, h.key);
  return renderPage(
    { title, path },
    <>
      <h1>{title}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <p id="history-count">
        {t('contribute.historyCount', { count: h.total, n: formatCount(h.total) })}
      </p>
      {h.staff ? null : <p>{t('contribute.historyPublicOnly')}</p>}
      <ol class="versions" reversed>
        {h.entries.map((e) => (
          <li id={`v${e.version.number}`}>
            <h2>
              {t('contribute.version', { number: e.version.number })} – {stateText(e.version.state)}
            </h2>
            <Byline v={e.version} />
            <DiffTable
              entity={kind.entity}
              changes={e.changes}
              caption={t('contribute.version', { number: e.version.number })}
              oldHeading="contribute.publishedVersion"
              newHeading="contribute.proposed"
            />
            {p.canRestore && p.csrf && RESTORABLE.includes(e.version.state) ? (
              <PostForm
                action={`${contributePath(kind, h.key)}/restore`}
                csrf={p.csrf}
                class="inline-form"
              >
                <input type="hidden" name="number" value={String(e.version.number)} />
                <button type="submit" class="button-secondary">
                  {t('contribute.restore')}
                </button>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav aria-label={t('contribute.history')} class="view-switch">
          {h.page > 1 ? <a href={`${path}?page=${h.page - 1}`}>{t('contribute.newer')}</a> : null}
          <span>{t('contribute.page', { page: h.page })}</span>
          {h.page < pages ? (
            <a href={`${path}?page=${h.page + 1}`}>{t('contribute.older')}</a>
          ) : null}
        </nav>
      ) : null}
    </>,
  );
}
