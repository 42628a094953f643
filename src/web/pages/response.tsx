import type { Child } from 'hono/jsx';
import { daysUntilClose } from '../../domain/campaigns.ts';
import { BARRIER_CATEGORIES, BARRIERS } from '../../domain/codes.ts';
import {
  type AnswerProblem,
  type AnswerValue,
  CARRY_STATES,
  OTHER_BARRIER,
  QUESTION_CODE_LISTS,
  type Question,
  type Questionnaire,
  type ResponseAnswers,
  type ResponseItem,
  type Section,
  textIn,
} from '../../domain/questionnaires.ts';
import { answerField, answersToForm, itemField } from '../../domain/response-form.ts';
import type { MoveOutcome } from '../../services/campaign-publish.ts';
import type {
  DuplicateHint,
  ResponseComment,
  ResponseView,
} from '../../services/campaign-responses.ts';
import { type CodeListName, codeLabel, formatCount, formatDate } from '../components.tsx';
import { PostForm } from '../forms.tsx';
import { currentLocale, hasKey, placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** A problem of a workbook upload, with the sheet and cell it is in. */
export interface WorkbookProblemView {
  readonly sheet: string;
  readonly cell?: string;
  readonly message: string;
}

/** Everything the response page shows. */
export interface ResponsePageView {
  readonly view: ResponseView;
  readonly regionName: string;
  readonly csrf: string;
  /** Curators: the comment form and the review moves. */
  readonly canReview: boolean;
  /** The answers the form shows: the stored ones, or what the person sent when it was not saved. */
  readonly answers: ResponseAnswers;
  readonly problems: readonly AnswerProblem[];
  /** The revision a save from this form is based on. */
  readonly revision: number;
  readonly notice?: string;
  /** A message on top of the form (a conflict, a refused submit), in English from the services. */
  readonly alert?: { readonly title: string; readonly message: string; readonly help?: string };
  readonly outcome?: MoveOutcome;
  /** The section that shows one more blank item (after "Add another"). */
  readonly more?: string;
  readonly workbookProblems?: readonly WorkbookProblemView[];
  readonly now: Date;
}

/** Where a region's response lives. */
export const responsePath = (slug: string, region: string) =>
  `/campaigns/${encodeURIComponent(slug)}/responses/${encodeURIComponent(region)}`;

/** The id of an answer's control, of an item's fieldset, of a section's fieldset. */
const answerId = (s: string, i: number, q: string) => `q-${s}-${i}-${q}`;
const itemId = (s: string, i: number) => `item-${s}-${i}`;
const sectionId = (s: string) => `section-${s}`;

/** Where a problem's link goes: the answer's control, or its section. */
export function problemAnchor(path: string): string {
  const [s = '', i, q] = path.split('.');
  return i !== undefined && q !== undefined ? answerId(s, Number(i), q) : sectionId(s);
}

/** A message of the services (English) in a page of another language, marked as English. */
function English({ text }: { text: string }) {
  return currentLocale() === 'en' ? text : <span lang="en">{text}</span>;
}

const LIST_LABELS: Readonly<Record<string, CodeListName>> = {
  scopes: 'scope',
  statuses: 'status',
  funding_kinds: 'funding',
  stakeholder_groups: 'stakeholderGroup',
  barriers: 'barrier',
};

/** The label of a code of a question's list, in the page's language. */
function optionLabel(list: string, code: string): string {
  const own = `response.format_${code}`;
  if (list === 'workshop_formats' && hasKey(own)) return t(own);
  const name = LIST_LABELS[list];
  if (name) return codeLabel(name, code);
  return QUESTION_CODE_LISTS[list]?.find((c) => c.code === code)?.label ?? code;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One item of a section in running text ("initiative"), or its plural where no singular is known. */
function itemWord(s: Section): string {
  const key = `response.one_${s.key}`;
  return hasKey(key) ? t(key) : textIn(s.itemLabel ?? s.title, currentLocale());
}

/** An item's name in legends and lists: "Initiative 3". */
function itemName(s: Section, index: number): string {
  const number = index + 1;
  return hasKey(`response.one_${s.key}`)
    ? t('response.item', { label: capital(itemWord(s)), number })
    : t('response.itemPlural', { label: capital(itemWord(s)), number });
}

/** An answer as text for the read-only view. */
function answerText(q: Question, v: AnswerValue | undefined): string {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))
    return t('response.noAnswer');
  if (typeof v === 'boolean') return v ? t('response.yes') : t('response.no');
  if (q.type === 'barrier')
    return v === OTHER_BARRIER
      ? t('response.otherBarrier')
      : `${v} ${codeLabel('barrier', `${v}`)}`;
  if (q.codes && Array.isArray(v)) return v.map((c) => optionLabel(q.codes ?? '', c)).join(', ');
  if (q.codes && typeof v === 'string') return optionLabel(q.codes, v);
  return String(v);
}

/** The comments of a curator on one path. */
function Comments({ list, on }: { list: readonly ResponseComment[]; on: string }) {
  if (list.length === 0) return null;
  return (
    <ul class="response-comments" aria-label={on}>
      {list.map((c) => (
        <li class="notice">
          <strong>{on}</strong> (
          {t('response.commentBy', { author: c.author, date: formatDate(c.at) })}): {c.body}
        </li>
      ))}
    </ul>
  );
}

/** The first lines: campaign, region, state, closing, last save. */
function Facts({ p }: { p: ResponsePageView }) {
  const v = p.view;
  const closes = v.campaign.closesAt;
  const left = closes ? daysUntilClose(closes, p.now) : undefined;
  const date = closes ? formatDate(closes) : '';
  const closing =
    left === undefined
      ? t('response.noClosingDate')
      : left < 0
        ? t('response.closed', { date })
        : left === 0
          ? t('response.closesToday', { date })
          : t('response.daysLeft', { date, count: left });
  return (
    <dl class="facts">
      <dt>{t('response.campaign')}</dt>
      <dd>
        <a href={`/campaigns/${encodeURIComponent(v.campaign.slug)}`}>{v.campaign.title}</a>
      </dd>
      <dt>{t('response.region')}</dt>
      <dd>
        {placeName(v.region, p.regionName)} ({v.region})
      </dd>
      <dt>{t('response.state')}</dt>
      <dd>{t(`response.state_${v.state}`)}</dd>
      <dt>{t('response.closes')}</dt>
      <dd>{closing}</dd>
      {v.updatedAt && v.updatedBy ? (
        <>
          <dt>{t('response.lastSavedTerm')}</dt>
          <dd>{t('response.lastSaved', { name: v.updatedBy, date: formatDate(v.updatedAt) })}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** How complete the response is: the percent and each counted section's items against its rule. */
function CompletenessBox({ p }: { p: ResponsePageView }) {
  const c = p.view.completeness;
  const counted = c.sections.filter((s) => s.min !== undefined || s.max !== undefined);
  const titleOf = (key: string) => {
    const s = p.view.questionnaire.sections.find((x) => x.key === key);
    return s ? textIn(s.title, currentLocale()) : key;
  };
  return (
    <section aria-labelledby="completeness-title" class="completeness">
      <h2 id="completeness-title">{t('response.completeness')}</h2>
      <p>
        <progress max={100} value={c.percent} aria-labelledby="completeness-title" />{' '}
        {t('response.percent', { percent: formatCount(c.percent) })}
      </p>
      {counted.length ? (
        <ul>
          {counted.map((s) => {
            const vars = {
              section: titleOf(s.key),
              count: formatCount(s.items),
              min: s.min ?? 0,
              max: s.max ?? 0,
            };
            const key =
              s.min !== undefined && s.max !== undefined
                ? 'response.sectionItemsRange'
                : s.min !== undefined
                  ? 'response.sectionItemsMin'
                  : 'response.sectionItemsMax';
            const state =
              s.min !== undefined && s.items < s.min
                ? 'countTooFew'
                : s.max !== undefined && s.items > s.max
                  ? 'countTooMany'
                  : 'countOk';
            return (
              <li>
                {t(key, vars)} ({t(`response.${state}`)})
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** Every problem of the answers, each linking to its field or section. */
function ProblemSummary({ p }: { p: ResponsePageView }) {
  if (p.problems.length === 0 && !p.alert) return null;
  const qn = p.view.questionnaire;
  const labelOf = (path: string) => {
    const [sk = '', i, qk] = path.split('.');
    const s = qn.sections.find((x) => x.key === sk);
    if (!s) return path;
    const title = textIn(s.title, currentLocale());
    const q = s.questions.find((x) => x.key === qk);
    if (i === undefined || !q) return title;
    const where = s.repeat ? `${itemName(s, Number(i))}: ` : '';
    return `${title} · ${where}${textIn(q.label, currentLocale())}`;
  };
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">
        {p.alert ? p.alert.title : t('response.problemsTitle', { count: p.problems.length })}
      </h2>
      {p.alert ? (
        <p>
          <English text={p.alert.message} />
        </p>
      ) : null}
      {p.alert?.help ? <p>{p.alert.help}</p> : null}
      {p.problems.length ? (
        <ul>
          {p.problems.map((pr) => (
            <li>
              <a href={`#${problemAnchor(pr.path)}`}>
                {labelOf(pr.path)}: <English text={pr.message} />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The control of one answer, by its question's type. */
function Control(p: {
  q: Question;
  name: string;
  id: string;
  values: readonly string[];
  described?: string;
  invalid: boolean;
}) {
  const { q, name, id } = p;
  const value = p.values[0] ?? '';
  const aria = { 'aria-describedby': p.described, 'aria-invalid': p.invalid ? 'true' : undefined };
  switch (q.type) {
    case 'long_text':
      return (
        <textarea id={id} name={name} rows={4} {...aria}>
          {value}
        </textarea>
      );
    case 'count':
      return (
        <input
          id={id}
          name={name}
          type="number"
          min={0}
          step={1}
          inputmode="numeric"
          value={value}
          {...aria}
        />
      );
    case 'url':
      return <input id={id} name={name} type="text" inputmode="url" value={value} {...aria} />;
    case 'choice':
      return (
        <select id={id} name={name} {...aria}>
          <option value="">{t('response.choose')}</option>
          {(QUESTION_CODE_LISTS[q.codes ?? ''] ?? []).map((c) => (
            <option value={c.code} selected={c.code === value}>
              {optionLabel(q.codes ?? '', c.code)}
            </option>
          ))}
        </select>
      );
    case 'barrier':
      return (
        <select id={id} name={name} {...aria}>
          <option value="">{t('response.choose')}</option>
          {BARRIER_CATEGORIES.map((cat) => (
            <optgroup label={codeLabel('barrierCategory', cat.code)}>
              {BARRIERS.filter((b) => b.category === cat.code).map((b) => (
                <option value={b.code} selected={b.code === value}>
                  {b.code} {codeLabel('barrier', b.code)}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={OTHER_BARRIER} selected={value === OTHER_BARRIER}>
            {t('response.otherBarrier')}
          </option>
        </select>
      );
    default:
      return (
        <input
          id={id}
          name={name}
          type="text"
          inputmode={q.type === 'date' ? 'numeric' : undefined}
          value={value}
          {...aria}
        />
      );
  }
}

/** What one question's field needs from the page. */
interface FieldContext {
  readonly s: Section;
  readonly i: number;
  readonly values: Readonly<Record<string, readonly string[]>>;
  readonly problems: ReadonlyMap<string, string>;
  readonly comments: readonly ResponseComment[];
  /** New items that look like an initiative the atlas has. */
  readonly duplicates?: readonly DuplicateHint[];
}

/** "Already in the atlas?": the initiative a new item may duplicate, and why. */
function DuplicateNote({ hint }: { hint: DuplicateHint | undefined }) {
  if (!hint) return null;
  return (
    <p class="field-hint duplicate-hint" role="note">
      <strong>{t('response.duplicateTitle')}</strong> {t('response.duplicateOf')}{' '}
      <a href={`/initiatives/${encodeURIComponent(hint.slug)}`}>{hint.name}</a> (
      <English text={hint.detail} />
      ). {t('response.duplicateAdvice')}
    </p>
  );
}

/** The label line of a question: its text, required, not published. */
function QuestionLabel({ q, form = true }: { q: Question; form?: boolean }) {
  return (
    <>
      {textIn(q.label, currentLocale())}
      {q.required && form ? ` (${t('response.required')})` : ''}
      {q.private ? (
        <>
          {' '}
          <span class="tag">{t('response.notPublished')}</span>
        </>
      ) : null}
    </>
  );
}

/** Checkboxes (choices) or yes/no radio buttons in a fieldset named by the question. */
function ChoiceGroup(p: {
  q: Question;
  id: string;
  name: string;
  values: readonly string[];
  error?: string;
  described?: string;
  children: Child;
}) {
  const { q } = p;
  const options =
    q.type === 'yes_no'
      ? [
          { code: 'yes', label: t('response.yes') },
          { code: 'no', label: t('response.no') },
        ]
      : (QUESTION_CODE_LISTS[q.codes ?? ''] ?? []).map((o) => ({
          code: o.code,
          label: optionLabel(q.codes ?? '', o.code),
        }));
  return (
    <fieldset
      id={p.id}
      tabindex={-1}
      class={p.error ? 'field field-error' : 'field'}
      aria-describedby={p.described}
    >
      <legend>
        <QuestionLabel q={q} />
      </legend>
      {p.children}
      <div class="checkbox-grid">
        {options.map((o) => (
          <label>
            <input
              type={q.type === 'yes_no' ? 'radio' : 'checkbox'}
              name={p.name}
              value={o.code}
              checked={p.values.includes(o.code)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One question of one item: label, help, problem, comments and control tied together. */
function QuestionField({ q, c }: { q: Question; c: FieldContext }) {
  const path = `${c.s.key}.${c.i}.${q.key}`;
  const id = answerId(c.s.key, c.i, q.key);
  const name = answerField(c.s.key, c.i, q.key);
  const values = c.values[name] ?? [];
  const error = c.problems.get(path);
  const help = q.help
    ? textIn(q.help, currentLocale())
    : q.type === 'date'
      ? t('response.dateHint')
      : '';
  const described =
    [help ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const notes = (
    <>
      {help ? (
        <p class="field-hint" id={`${id}-hint`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="field-problem" id={`${id}-error`}>
          <English text={error} />
        </p>
      ) : null}
      <Comments
        list={c.comments.filter((x) => x.path === path)}
        on={t('response.commentOnAnswer')}
      />
    </>
  );
  if (q.type === 'choices' || q.type === 'yes_no')
    return (
      <ChoiceGroup q={q} id={id} name={name} values={values} error={error} described={described}>
        {notes}
      </ChoiceGroup>
    );
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        <QuestionLabel q={q} />
      </label>
      {notes}
      <Control
        q={q}
        name={name}
        id={id}
        values={values}
        described={described}
        invalid={Boolean(error)}
      />
    </div>
  );
}

/** The carry state of an item carried forward (or "new", kept hidden for a new item). */
function CarryChoice({ s, i, item }: { s: Section; i: number; item: ResponseItem | undefined }) {
  const name = itemField('carry', s.key, i);
  if (!item?.ref)
    return s.carry || item?.carry ? (
      <input type="hidden" name={name} value={item?.carry ?? 'new'} />
    ) : null;
  const id = `carry-${s.key}-${i}`;
  return (
    <>
      <p class="field-hint">{t('response.carried', { ref: item.ref })}</p>
      <input type="hidden" name={itemField('ref', s.key, i)} value={item.ref} />
      <div class="field">
        <label for={id}>{t('response.carryLabel')}</label>
        <select id={id} name={name}>
          {CARRY_STATES.filter((c) => c !== 'new').map((c) => (
            <option value={c} selected={(item.carry ?? 'unchanged') === c}>
              {t(`response.carry_${c}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** One item of a section (or the blank row that adds one) in its own fieldset. */
function ItemFields({
  s,
  i,
  item,
  c,
}: {
  s: Section;
  i: number;
  item?: ResponseItem;
  c: Omit<FieldContext, 'i'>;
}) {
  const ctx = { ...c, i };
  const label = s.repeat
    ? item
      ? itemName(s, i)
      : t('response.newItem', { label: itemWord(s) })
    : undefined;
  const fields = (
    <>
      <CarryChoice s={s} i={i} item={item} />
      {s.questions.map((q) => (
        <QuestionField q={q} c={ctx} />
      ))}
    </>
  );
  if (!s.repeat) return fields;
  const removeId = `remove-${s.key}-${i}`;
  return (
    <fieldset id={itemId(s.key, i)} class="response-item">
      <legend>{label}</legend>
      <div class="stacked-form response-fields">
        {item ? null : <p class="field-hint">{t('response.blankHelp')}</p>}
        <DuplicateNote hint={c.duplicates?.find((d) => d.path === `${s.key}.${i}`)} />
        {fields}
        {item ? (
          <div class="field field-check">
            <label for={removeId}>
              <input
                id={removeId}
                type="checkbox"
                name={itemField('remove', s.key, i)}
                value="on"
              />{' '}
              {t('response.remove')}
            </label>
          </div>
        ) : null}
      </div>
    </fieldset>
  );
}

/** One section: its title and help, its comments and problems, its items, a blank row and "Add another". */
function SectionFields({
  s,
  p,
  values,
}: {
  s: Section;
  p: ResponsePageView;
  values: Record<string, string[]>;
}) {
  const items = p.answers[s.key] ?? [];
  const problems = new Map<string, string>();
  for (const pr of p.problems)
    problems.set(
      pr.path,
      problems.has(pr.path) ? `${problems.get(pr.path)}; ${pr.message}` : pr.message,
    );
  const c = { s, values, problems, comments: p.view.comments, duplicates: p.view.duplicates };
  const own = problems.get(s.key);
  const blanks = s.repeat ? 1 + (p.more === s.key ? 1 : 0) : items.length === 0 ? 1 : 0;
  const title = textIn(s.title, currentLocale());
  return (
    <fieldset
      id={sectionId(s.key)}
      tabindex={-1}
      class={own ? 'response-section field-error' : 'response-section'}
    >
      <legend>
        <h2>{title}</h2>
      </legend>
      {s.help ? <p class="field-hint">{textIn(s.help, currentLocale())}</p> : null}
      {own ? (
        <p class="field-problem">
          <English text={own} />
        </p>
      ) : null}
      <Comments
        list={p.view.comments.filter((x) => x.path === s.key)}
        on={t('response.commentOnSection')}
      />
      <div class="stacked-form response-fields">
        {items.map((item, i) => (
          <ItemFields s={s} i={i} item={item} c={c} />
        ))}
        {Array.from({ length: blanks }, (_, k) => (
          <ItemFields s={s} i={items.length + k} c={c} />
        ))}
        {s.repeat ? (
          <button type="submit" name="add" value={s.key} class="button-secondary">
            {t('response.addAnother', { label: itemWord(s) })}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

/** The answers as text, for a response that cannot change now (submitted, accepted, closed). */
function ReadOnlyAnswers({ p }: { p: ResponsePageView }) {
  const lang = currentLocale();
  return (
    <>
      {p.view.questionnaire.sections.map((s) => (
        <section id={sectionId(s.key)} aria-labelledby={`${sectionId(s.key)}-title`} tabindex={-1}>
          <h2 id={`${sectionId(s.key)}-title`}>{textIn(s.title, lang)}</h2>
          <Comments
            list={p.view.comments.filter((x) => x.path === s.key)}
            on={t('response.commentOnSection')}
          />
          {(p.answers[s.key] ?? []).map((item, i) => (
            <div id={itemId(s.key, i)}>
              {s.repeat ? (
                <h3>
                  {itemName(s, i)}
                  {item.carry ? ` (${t(`response.carry_${item.carry}`)})` : ''}
                </h3>
              ) : null}
              <dl class="facts">
                {s.questions.map((q) => (
                  <>
                    <dt id={answerId(s.key, i, q.key)}>
                      <QuestionLabel q={q} form={false} />
                    </dt>
                    <dd>
                      {answerText(q, item.answers[q.key])}
                      <Comments
                        list={p.view.comments.filter((x) => x.path === `${s.key}.${i}.${q.key}`)}
                        on={t('response.commentOnAnswer')}
                      />
                    </dd>
                  </>
                ))}
              </dl>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

/** The form a region fills in: every section, Save, Submit, and the autosave status. */
function AnswerForm({ p }: { p: ResponsePageView }) {
  const path = responsePath(p.view.campaign.slug, p.view.region);
  const values = answersToForm(p.view.questionnaire, p.answers);
  return (
    // novalidate: a draft may be saved incomplete; the server names each problem beside its field.
    <form
      method="post"
      action={path}
      class="stacked-form record-form response-form"
      id="response-form"
      novalidate
    >
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="revision" value={String(p.revision)} />
      {p.view.questionnaire.sections.map((s) => (
        <SectionFields s={s} p={p} values={values} />
      ))}
      <p class="field-hint">{t('response.submitHelp')}</p>
      <div class="form-actions">
        <button type="submit" name="intent" value="save">
          {t('response.save')}
        </button>
        <button
          type="submit"
          formaction={`${path}/move`}
          name="move"
          value="submit"
          class="button-secondary"
        >
          {t('response.submit')}
        </button>
      </div>
      <p
        id="autosave-status"
        class="muted"
        role="status"
        aria-live="polite"
        data-on={t('response.autosaveOn')}
        data-saving={t('response.autosaveSaving')}
        data-saved={t('response.autosaveSaved')}
        data-conflict={t('response.autosaveConflict')}
        data-failed={t('response.autosaveFailed')}
        data-duplicate-title={t('response.duplicateTitle')}
        data-duplicate-of={t('response.duplicateOf')}
        data-duplicate-advice={t('response.duplicateAdvice')}
      >
        {t('response.autosaveOff')}
      </p>
    </form>
  );
}

/** The answers a curator may comment on: the whole, each section, each given answer. */
function commentTargets(p: ResponsePageView): { value: string; label: string }[] {
  const lang = currentLocale();
  const out = [{ value: '', label: t('response.commentWhole') }];
  for (const s of p.view.questionnaire.sections) {
    out.push({ value: s.key, label: textIn(s.title, lang) });
    (p.view.answers[s.key] ?? []).forEach((item, i) => {
      for (const q of s.questions) {
        if (item.answers[q.key] === undefined) continue;
        const where = s.repeat ? `${itemName(s, i)}: ` : '';
        out.push({
          value: `${s.key}.${i}.${q.key}`,
          label: `${textIn(s.title, lang)} · ${where}${textIn(q.label, lang)}`,
        });
      }
    });
  }
  return out;
}

/** The curators' forms: a comment on the whole or one answer, request changes, accept. */
function ReviewForms({ p }: { p: ResponsePageView }) {
  const path = responsePath(p.view.campaign.slug, p.view.region);
  const submitted = p.view.state === 'submitted';
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t('response.reviewTitle')}</h2>
      {p.view.state === 'not_started' ? null : (
        <PostForm action={`${path}/comments`} csrf={p.csrf} class="stacked-form">
          <div class="field">
            <label for="comment-path">{t('response.commentOn')}</label>
            <select id="comment-path" name="path">
              {commentTargets(p).map((o) => (
                <option value={o.value}>{o.label}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="comment-body">{t('response.commentBody')}</label>
            <textarea id="comment-body" name="body" rows={3} required />
          </div>
          <button type="submit">{t('response.commentSend')}</button>
        </PostForm>
      )}
      {submitted ? (
        <>
          <PostForm action={`${path}/move`} csrf={p.csrf} class="stacked-form move-form">
            <input type="hidden" name="move" value="request-changes" />
            <input type="hidden" name="revision" value={String(p.view.revision)} />
            <div class="field">
              <label for="request-note">{t('response.requestNote')}</label>
              <textarea id="request-note" name="note" rows={3} required />
            </div>
            <button type="submit" class="button-secondary">
              {t('response.requestChanges')}
            </button>
          </PostForm>
          <PostForm action={`${path}/move`} csrf={p.csrf} class="stacked-form move-form">
            <input type="hidden" name="move" value="accept" />
            <input type="hidden" name="revision" value={String(p.view.revision)} />
            <p class="field-hint">{t('response.acceptHelp')}</p>
            <button type="submit">{t('response.accept')}</button>
          </PostForm>
        </>
      ) : null}
    </section>
  );
}

/** The "other" barriers of the answers, which a curator still has to code. */
function uncodedBarriers(qn: Questionnaire, answers: ResponseAnswers): string[] {
  const out: string[] = [];
  for (const s of qn.sections)
    for (const q of s.questions.filter((x) => x.otherOf))
      for (const item of answers[s.key] ?? [])
        if (
          item.answers[q.otherOf ?? ''] === OTHER_BARRIER &&
          typeof item.answers[q.key] === 'string'
        )
          out.push(item.answers[q.key] as string);
  return out;
}

/** What accepting did: records published by kind, initiatives to classify, barriers to code. */
function Outcome({ p }: { p: ResponsePageView }) {
  const o = p.outcome;
  if (!o) return null;
  const uncoded = o.uncoded ?? uncodedBarriers(p.view.questionnaire, p.view.answers);
  return (
    <section aria-labelledby="outcome-title" class="notice">
      <h2 id="outcome-title">{t('response.outcomeTitle')}</h2>
      <ul>
        {Object.entries(o.published ?? {}).map(([kind, n]) => (
          <li>
            {t('response.outcomePublished', {
              kind: hasKey(`response.kind_${kind}`) ? t(`response.kind_${kind}`) : kind,
              n: formatCount(n ?? 0),
            })}
          </li>
        ))}
      </ul>
      {o.toClassify?.length ? (
        <>
          <p>{t('response.outcomeClassify')}</p>
          <ul>
            {o.toClassify.map((slug) => (
              <li>
                <a href={`/contribute/initiatives/${encodeURIComponent(slug)}`}>{slug}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {uncoded.length ? (
        <>
          <p>{t('response.outcomeUncoded')}</p>
          <ul>
            {uncoded.map((text) => (
              <li>{text}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Download the response as a workbook, and upload one filled in offline. */
function WorkbookBox({ p, editable }: { p: ResponsePageView; editable: boolean }) {
  const path = responsePath(p.view.campaign.slug, p.view.region);
  const wp = p.workbookProblems ?? [];
  return (
    <section aria-labelledby="workbook-title" id="workbook">
      <h2 id="workbook-title">{t('response.workbookTitle')}</h2>
      <p>{t('response.workbookHelp')}</p>
      <p>
        <a href={`${path}/workbook.xlsx`} download>
          {t('response.workbookDownload')}
        </a>
      </p>
      {wp.length ? (
        <div
          class="error-summary"
          role="alert"
          aria-labelledby="workbook-problems-title"
          tabindex={-1}
        >
          <h3 id="workbook-problems-title">{t('response.workbookProblemsTitle')}</h3>
          <ul>
            {wp.map((w) => (
              <li>
                {w.cell
                  ? t('response.workbookCell', { sheet: w.sheet, cell: w.cell })
                  : w.sheet
                    ? t('response.workbookSheet', { sheet: w.sheet })
                    : ''}
                {w.sheet ? ': ' : ''}
                <English text={w.message} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {editable ? (
        <form
          method="post"
          action={`${path}/workbook`}
          enctype="multipart/form-data"
          class="stacked-form"
        >
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="revision" value={String(p.revision)} />
          <div class="field">
            <label for="workbook-file">{t('response.workbookFile')}</label>
            <input
              id="workbook-file"
              name="file"
              type="file"
              required
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            />
          </div>
          <button type="submit">{t('response.workbookUpload')}</button>
        </form>
      ) : null}
    </section>
  );
}

/** A region's response: the form to fill in, or the answers to read, with the review beside them. */
export function responsePage(p: ResponsePageView) {
  const v = p.view;
  const title = t('response.title', { region: placeName(v.region, p.regionName) });
  const editable = v.refusal === null;
  const whole = v.comments.filter((c) => c.path === null);
  return renderPage(
    {
      title: `${title} · ${v.campaign.title}`,
      path: responsePath(v.campaign.slug, v.region),
      scripts: editable ? ['response-form.js'] : [],
    },
    <>
      <h1>{title}</h1>
      <Facts p={p} />
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <Outcome p={p} />
      <CompletenessBox p={p} />
      <ProblemSummary p={p} />
      {whole.length ? (
        <section aria-labelledby="comments-title">
          <h2 id="comments-title">{t('response.commentsTitle')}</h2>
          <Comments list={whole} on={t('response.commentsTitle')} />
        </section>
      ) : null}
      <details>
        <summary>{t('response.instructions')}</summary>
        <p>{textIn(v.questionnaire.instructions, currentLocale())}</p>
      </details>
      {editable ? (
        <AnswerForm p={p} />
      ) : (
        <>
          <p class="notice">
            {t('response.readOnly')} <English text={v.refusal ?? ''} />
          </p>
          <ReadOnlyAnswers p={p} />
        </>
      )}
      {p.canReview ? <ReviewForms p={p} /> : null}
      <WorkbookBox p={p} editable={editable} />
    </>,
  );
}
