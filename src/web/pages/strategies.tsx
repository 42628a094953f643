import { servableLink } from '../../domain/links.ts';
import type { RegionInfo } from '../../domain/region.ts';
import {
  STRATEGY_LANGUAGES,
  type StrategyCounts,
  type StrategyRecord,
} from '../../domain/strategies.ts';
import type { StatedFigure, StrategiesView, StrategyReview } from '../../services/strategies.ts';
import { Breadcrumb, formatCount, formatDate, LinkOrReason, numberFormat } from '../components.tsx';
import { ErrorSummary, FieldNotes, type FormState, PostForm } from '../forms.tsx';
import { currentLocale, placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** A language code in the page's language ("es" → "Spanish"), or the code when unknown. */
export function languageName(code: string | null): string {
  if (!code) return t('strategies.unknown');
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "2021–2027", "from 2014", "until 2027" or "not stated". */
export function periodText(s: Pick<StrategyRecord, 'periodStart' | 'periodEnd'>): string {
  if (s.periodStart && s.periodEnd) return `${s.periodStart}–${s.periodEnd}`;
  if (s.periodStart) return t('strategies.periodFrom', { year: s.periodStart });
  if (s.periodEnd) return t('strategies.periodUntil', { year: s.periodEnd });
  return t('strategies.unknown');
}

/** Where the strategy is from: the region, or the place as printed with its country. */
const placeOf = (s: StrategyRecord) => {
  const region = placeName(s.region, s.regionName);
  return s.placeName ? `${s.placeName} (${region})` : region;
};

/** The flag with its evidence: the passage quoted, its page or source, who confirmed it and when. */
export function StrategyFlag({
  s,
  titles,
}: {
  s: StrategyRecord;
  titles?: ReadonlyMap<string, string>;
}) {
  if (s.state === 'not_assessed' || s.state === 'awaiting_review')
    return <p class="muted">{t(`strategies.state_${s.state}`)}</p>;
  const e = s.evidence;
  const where = e?.source
    ? t('strategies.quotedFrom', {
        source: titles?.get(e.source) ?? e.source,
        section: e.section ?? '',
      })
    : t('strategies.quotedFromDocument');
  const page =
    e?.page !== null && e?.page !== undefined ? t('strategies.page', { page: e.page }) : '';
  return (
    <div>
      <p>
        <strong>{t(`strategies.state_${s.state}`)}</strong>
      </p>
      {e ? (
        <figure class="evidence-quote">
          <blockquote>{e.passage}</blockquote>
          <figcaption>{[where, page].filter(Boolean).join(', ')}</figcaption>
        </figure>
      ) : null}
      {s.decision ? (
        <p class="note">
          {t(s.state === 'confirmed' ? 'strategies.confirmedBy' : 'strategies.rejectedBy', {
            who: s.decision.by,
            date: formatDate(s.decision.at),
          })}
          {s.decision.note ? ` ${s.decision.note}` : ''}
        </p>
      ) : null}
    </div>
  );
}

/** One strategy as the list and a region's page show it. */
export function StrategyItem({
  s,
  titles,
  level = 3,
}: {
  s: StrategyRecord;
  titles?: ReadonlyMap<string, string>;
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <li class="evidence" id={`strategy-${s.id}`}>
      <Heading>{servableLink(s.link) ? <a href={s.link ?? ''}>{s.title}</a> : s.title}</Heading>
      <dl class="facts">
        {s.link && !servableLink(s.link) ? (
          <>
            <dt>{t('strategies.link')}</dt>
            <dd>
              <LinkOrReason link={s.link} missing={null} />
            </dd>
          </>
        ) : null}
        <dt>{t('strategies.region')}</dt>
        <dd>
          <a href={`/regions/${encodeURIComponent(s.region)}`}>{placeOf(s)}</a>
        </dd>
        <dt>{t('strategies.period')}</dt>
        <dd>{periodText(s)}</dd>
        <dt>{t('strategies.language')}</dt>
        <dd>{languageName(s.language)}</dd>
        <dt>{t('strategies.priorityAreas')}</dt>
        <dd>{s.priorityAreas.length ? s.priorityAreas.join('; ') : t('strategies.unknown')}</dd>
        {s.document ? (
          <>
            <dt>{t('strategies.document')}</dt>
            <dd>
              {s.document.pages
                ? t('strategies.documentPages', {
                    name: s.document.name,
                    count: s.document.pages,
                    n: formatCount(s.document.pages),
                  })
                : s.document.name}
            </dd>
          </>
        ) : null}
      </dl>
      {s.description ? <p>{s.description}</p> : null}
      <StrategyFlag s={s} titles={titles} />
    </li>
  );
}

/** The region page's block: its strategies with their flags, or a line saying there are none. */
export function RegionStrategies({ strategies }: { strategies: readonly StrategyRecord[] }) {
  return (
    <section aria-labelledby="region-strategies">
      <h2 id="region-strategies">{t('strategies.regionHeading')}</h2>
      {strategies.length === 0 ? (
        <p>{t('strategies.regionNone')}</p>
      ) : (
        <ul class="evidence-list">
          {strategies.map((s) => (
            <StrategyItem s={s} />
          ))}
        </ul>
      )}
      <p>
        <a href="/strategies">{t('strategies.allLink')}</a>
      </p>
    </section>
  );
}

const percent = (n: number) => numberFormat({ maximumFractionDigits: 1 }).format(n);

/** The EC slides' figure beside the atlas's own count, each saying what it counts. */
function Counts({ counts, stated }: { counts: StrategyCounts; stated: StatedFigure | null }) {
  const atlas = t('strategies.atlasCount', {
    count: counts.total,
    n: formatCount(counts.total),
    confirmed: formatCount(counts.confirmed),
  });
  return (
    <section aria-labelledby="strategy-counts" class="data-note">
      <h2 id="strategy-counts">{t('strategies.countsHeading')}</h2>
      {stated ? (
        <p>
          {t('strategies.statedFigure', {
            prioritising: formatCount(stated.prioritising),
            analysed: formatCount(stated.analysed),
          })}{' '}
          {stated.printedPercent !== null && stated.printedPercent !== stated.computedPercent
            ? t('strategies.statedPercent', {
                printed: percent(stated.printedPercent),
                computed: percent(stated.computedPercent),
              })
            : ''}{' '}
          {stated.otherAnalysed !== null
            ? t('strategies.statedOther', { other: formatCount(stated.otherAnalysed) })
            : ''}
        </p>
      ) : null}
      <p>
        <strong>{atlas}</strong>{' '}
        {t('strategies.atlasStates', {
          awaiting: formatCount(counts.awaitingReview),
          rejected: formatCount(counts.rejected),
          notAssessed: formatCount(counts.notAssessed),
        })}
      </p>
      <p class="note">{t('strategies.countsNote')}</p>
    </section>
  );
}

/** The public list of strategies (/strategies). */
export function strategiesPage(v: StrategiesView, o: { curator: boolean; notice?: string }) {
  return renderPage(
    { title: t('strategies.title'), path: '/strategies', description: t('strategies.lead') },
    <>
      <h1>{t('strategies.title')}</h1>
      <p class="lead">{t('strategies.lead')}</p>
      {o.notice ? (
        <p class="notice" role="status">
          {o.notice}
        </p>
      ) : null}
      {o.curator ? (
        <p>
          <a href="/strategies/new">{t('strategies.uploadLink')}</a>
        </p>
      ) : null}
      <Counts counts={v.counts} stated={v.stated} />
      <h2>{t('strategies.listHeading')}</h2>
      {v.strategies.length === 0 ? (
        <p>{t('strategies.none')}</p>
      ) : (
        <ul class="evidence-list">
          {v.strategies.map((s) => (
            <StrategyItem s={s} titles={v.sourceTitles} />
          ))}
        </ul>
      )}
    </>,
  );
}

/** The upload form's fields, in order. */
export const UPLOAD_FIELDS = [
  'region',
  'placeName',
  'title',
  'periodStart',
  'periodEnd',
  'link',
  'language',
  'priorityAreas',
  'file',
  'text',
] as const;

const label = (f: string) => t(`strategies.field_${f}`);
const describedBy = (name: string, hint: boolean, error?: string) =>
  [hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

/** A labelled control with its hint and problem. */
function Control(p: {
  name: string;
  state: FormState;
  hint?: boolean;
  children: (a: { id: string; invalid?: 'true'; describedby?: string }) => unknown;
}) {
  const error = p.state.errors?.[p.name];
  const id = `field-${p.name}`;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label(p.name)}</label>
      <FieldNotes
        id={id}
        hint={p.hint ? t(`strategies.hint_${p.name}`) : undefined}
        error={error}
      />
      {p.children({
        id,
        invalid: error ? 'true' : undefined,
        describedby: describedBy(p.name, !!p.hint, error),
      })}
    </div>
  );
}

/** A text input of the upload form. */
function TextControl(p: { name: string; state: FormState; hint?: boolean; type?: string }) {
  return (
    <Control name={p.name} state={p.state} hint={p.hint}>
      {(a) => (
        <input
          id={a.id}
          name={p.name}
          type={p.type ?? 'text'}
          aria-invalid={a.invalid}
          aria-describedby={a.describedby}
          value={p.state.values?.[p.name] ?? ''}
        />
      )}
    </Control>
  );
}

/** The region and language choices of the upload form. */
function Choices({ regions, state }: { regions: readonly RegionInfo[]; state: FormState }) {
  const v = (name: string) => state.values?.[name] ?? '';
  return (
    <>
      <Control name="region" state={state} hint>
        {(a) => (
          <select id={a.id} name="region" aria-invalid={a.invalid} aria-describedby={a.describedby}>
            <option value="">{t('strategies.choose')}</option>
            {regions.map((r) => (
              <option value={r.code} selected={v('region') === r.code}>
                {placeName(r.code, r.name)} ({r.code})
              </option>
            ))}
          </select>
        )}
      </Control>
      <TextControl name="placeName" state={state} hint />
      <TextControl name="title" state={state} />
      <TextControl name="periodStart" state={state} hint />
      <TextControl name="periodEnd" state={state} />
      <TextControl name="link" state={state} type="url" />
      <Control name="language" state={state} hint>
        {(a) => (
          <select
            id={a.id}
            name="language"
            aria-invalid={a.invalid}
            aria-describedby={a.describedby}
          >
            <option value="">{t('strategies.detect')}</option>
            {STRATEGY_LANGUAGES.map((l) => (
              <option value={l} selected={v('language') === l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        )}
      </Control>
    </>
  );
}

/** The upload form (/strategies/new). */
export function newStrategyPage(p: {
  regions: readonly RegionInfo[];
  state: FormState;
  csrf: string;
  maxMegabytes: number;
}) {
  const labels = Object.fromEntries(UPLOAD_FIELDS.map((f) => [f, label(f)]));
  return renderPage(
    { title: t('strategies.newTitle'), path: '/strategies/new' },
    <>
      <Breadcrumb
        parent={{ href: '/strategies', label: t('strategies.title') }}
        current={t('strategies.newTitle')}
      />
      <h1>{t('strategies.newTitle')}</h1>
      <p>{t('strategies.newLead')}</p>
      <ErrorSummary state={p.state} labels={labels} />
      <form
        method="post"
        action="/strategies/new"
        enctype="multipart/form-data"
        class="stacked-form"
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <Choices regions={p.regions} state={p.state} />
        <Control name="priorityAreas" state={p.state} hint>
          {(a) => (
            <textarea id={a.id} name="priorityAreas" rows={3} aria-describedby={a.describedby}>
              {p.state.values?.priorityAreas ?? ''}
            </textarea>
          )}
        </Control>
        <Control name="file" state={p.state} hint>
          {(a) => (
            <input
              id={a.id}
              name="file"
              type="file"
              accept=".pdf,.docx,.html,.htm,.txt,application/pdf,text/html,text/plain"
              aria-invalid={a.invalid}
              aria-describedby={a.describedby}
            />
          )}
        </Control>
        <p class="hint">{t('strategies.fileLimits', { mb: p.maxMegabytes })}</p>
        <Control name="text" state={p.state} hint>
          {(a) => (
            <textarea
              id={a.id}
              name="text"
              rows={6}
              aria-invalid={a.invalid}
              aria-describedby={a.describedby}
            >
              {p.state.values?.text ?? ''}
            </textarea>
          )}
        </Control>
        <div class="form-actions">
          <button type="submit">{t('strategies.read')}</button>
          <a href="/strategies">{t('strategies.cancel')}</a>
        </div>
      </form>
    </>,
  );
}

/** One proposed passage, to choose as the confirmation's evidence. */
function PassageChoice({ p, first }: { p: StrategyReview['passages'][number]; first: boolean }) {
  const id = `passage-${p.id}`;
  const page = p.page === null ? t('strategies.noPage') : t('strategies.page', { page: p.page });
  return (
    <li class="evidence">
      <input type="radio" name="passage" value={String(p.id)} id={id} checked={first} />{' '}
      <label for={id}>
        {t('strategies.passageLabel', {
          rank: p.rank,
          page,
          score: numberFormat({ maximumFractionDigits: 2 }).format(p.score),
        })}
      </label>
      <figure class="evidence-quote">
        <blockquote>{p.text}</blockquote>
        <figcaption>{t('strategies.matched', { terms: p.terms.join(', ') })}</figcaption>
      </figure>
    </li>
  );
}

/** The review of a strategy (/strategies/{id}/review): the proposed passages and the decision. */
export function strategyReviewPage(p: {
  review: StrategyReview;
  csrf: string;
  state: FormState;
  notice?: string;
}) {
  const s = p.review.strategy;
  const path = `/strategies/${s.id}/review`;
  const open = s.state === 'awaiting_review';
  return renderPage(
    { title: t('strategies.reviewTitle', { title: s.title }), path },
    <>
      <Breadcrumb
        parent={{ href: '/strategies', label: t('strategies.title') }}
        current={s.title}
      />
      <h1>{t('strategies.reviewTitle', { title: s.title })}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <ErrorSummary
        state={p.state}
        labels={{ passage: t('strategies.field_passage'), note: t('strategies.field_note') }}
      />
      <ul class="evidence-list">
        <StrategyItem s={s} level={2} />
      </ul>
      <h2>{t('strategies.proposalHeading')}</h2>
      <p>
        {t(`strategies.proposal_${p.review.proposal}`, {
          count: p.review.passages.length,
          n: formatCount(p.review.passages.length),
        })}
      </p>
      {open ? (
        <DecisionForm review={p.review} csrf={p.csrf} path={path} state={p.state} />
      ) : (
        <p>{t('strategies.decided')}</p>
      )}
    </>,
  );
}

/** Confirm with a chosen passage, or reject. */
function DecisionForm(p: { review: StrategyReview; csrf: string; path: string; state: FormState }) {
  const passages = p.review.passages;
  return (
    <PostForm action={p.path} csrf={p.csrf}>
      {passages.length ? (
        <fieldset id="field-passage">
          <legend>{t('strategies.field_passage')}</legend>
          <ol class="evidence-list">
            {passages.map((x, i) => (
              <PassageChoice p={x} first={i === 0 && p.review.proposal === 'prioritises'} />
            ))}
          </ol>
        </fieldset>
      ) : null}
      <div class="field">
        <label for="field-note">{t('strategies.field_note')}</label>
        <textarea id="field-note" name="note" rows={3}>
          {p.state.values?.note ?? ''}
        </textarea>
      </div>
      <div class="form-actions">
        {passages.length ? (
          <button type="submit" name="decision" value="confirm">
            {t('strategies.confirm')}
          </button>
        ) : null}
        <button type="submit" name="decision" value="reject" class="button-secondary">
          {t('strategies.reject')}
        </button>
      </div>
    </PostForm>
  );
}
