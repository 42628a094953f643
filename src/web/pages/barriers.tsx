import type { JsonLd } from '../../domain/open-data.ts';
import type { BarrierOverview, BarrierView } from '../../services/barriers.ts';
import {
  Breadcrumb,
  barrierLabel,
  codeLabel,
  formatCount,
  LocalParagraph,
  type RegionNames,
} from '../components.tsx';
import { EvidenceStatement } from '../evidence.tsx';
import { Counting, KindSwitch } from '../evidence-kind.tsx';
import { FigureTools } from '../figure-tools.tsx';
import { currentLocale, localText, localTexts, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { RecommendedForBarrier } from '../recommended.tsx';
import { textLang } from '../record-language.tsx';

/** A heat level for a count, for the matrix's shading (the number is always printed too). */
function heat(n: number): string {
  return `heat heat-${Math.min(n, 4)}`;
}

/** The key under which the barrier page groups statements that name no region. */
const NO_REGION = '(none)';

/** A count with its noun, in the language of the request (plural forms from the catalogue). */
function counted(key: string, n: number): string {
  return t(key, { count: n, n: formatCount(n) });
}

/** The barriers page: categories and barriers, and the barrier × region matrix as a heat map. */
export function barriersPage(o: BarrierOverview, regions: RegionNames, jsonLd: JsonLd) {
  const m = o.matrix;
  const countsStatements = o.kind === 'all' || o.kind === 'statements';
  const figures = {
    barriers: formatCount(o.categories.reduce((n, c) => n + c.barriers.length, 0)),
    categories: formatCount(o.categories.length),
    regions: formatCount(m.columns.filter((c) => c !== NO_REGION).length),
  };
  return renderPage(
    {
      title: t('barriers.title'),
      path: '/barriers',
      description: t('barriers.description', figures),
      jsonLd,
    },
    <>
      <h1>{t('barriers.title')}</h1>
      <p class="lead">{t('barriers.lead', figures)}</p>
      <KindSwitch kind={o.kind} path="/barriers" />
      <Counting kind={o.kind} id="counting" />
      {o.categories.map((c) => (
        <section aria-labelledby={`cat-${c.code}`}>
          <h2 id={`cat-${c.code}`}>{codeLabel('barrierCategory', c.code)}</h2>
          {c.description ? (
            <LocalParagraph
              text={localText('barrierCategories', c.code, 'description', c.description)}
            />
          ) : null}
          <ul class="barrier-list">
            {c.barriers.map((b) => (
              <li>
                <a href={`/barriers/${b.code}`}>
                  {b.number}. {barrierLabel(b.code)}
                </a>{' '}
                <span class="muted" data-items={o.reach.get(b.code)?.items ?? 0}>
                  {t('evidence.itemsShort', { n: formatCount(o.reach.get(b.code)?.items ?? 0) })},{' '}
                  {t('evidence.regionsShort', {
                    n: formatCount(o.reach.get(b.code)?.regions.length ?? 0),
                  })}
                  , {counted('barriers.practiceCount', o.practicesPerBarrier.get(b.code) ?? 0)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="matrix-title" id="matrix" class="matrix-section">
        <h2 id="matrix-title">{t('barriers.matrixTitle')}</h2>
        <Counting kind={o.kind} id="matrix-counting" />
        <p id="matrix-help">{t('evidence.matrixHelp')}</p>
        <p>
          <a href="/barriers/prevalence">{t('prevalence.matrixLink')}</a>
        </p>
        <div class="table-scroll" role="region" aria-labelledby="matrix-title" tabindex={0}>
          <table class="matrix" aria-describedby="matrix-help">
            <caption class="visually-hidden">{t('evidence.matrixCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('barriers.colBarrier')}</th>
                {m.columns.map((r) => (
                  <th scope="col" class="num">
                    {regions.get(r) ?? r}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t('barriers.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {m.rows.map((b, i) => (
                <tr>
                  <th scope="row">
                    <a href={`/barriers/${b}`}>{barrierLabel(b)}</a>
                  </th>
                  {(m.cells[i] ?? []).map((n) => (
                    <td class={`num ${heat(n)}`}>{n}</td>
                  ))}
                  <td class="num">{m.rowTotals[i]}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-total="codings">
                <th scope="row">{t('barriers.rowCodings')}</th>
                {m.columnTotals.map((n) => (
                  <td class="num">{n}</td>
                ))}
                <td class="num">{m.total}</td>
              </tr>
              {countsStatements ? (
                <tr data-total="statements">
                  <th scope="row">{t('barriers.rowStatements')}</th>
                  {o.statementsPerColumn.map((n) => (
                    <td class="num">{n}</td>
                  ))}
                  <td class="num">{o.statements}</td>
                </tr>
              ) : null}
              {o.kind === 'statements' ? null : (
                <tr data-total="challenges">
                  <th scope="row">{t('evidence.rowChallenges')}</th>
                  {o.challengesPerColumn.map((n) => (
                    <td class="num">{n}</td>
                  ))}
                  <td class="num">{o.challenges}</td>
                </tr>
              )}
            </tfoot>
          </table>
        </div>
        <FigureTools
          figure={{
            id: 'matrix',
            title: t('barriers.matrixTitle'),
            href: '/figures/barrier-matrix',
            formats: ['csv', 'xlsx'],
            query: o.kind === 'all' ? undefined : `evidence=${o.kind}`,
          }}
        />
      </section>
    </>,
  );
}

/** The challenges the regions' own reports list under a barrier, by region, with their kind. */
function ReportChallenges({ v, regions }: { v: BarrierView; regions: RegionNames }) {
  const parts = (c: BarrierView['challenges'][number]) =>
    [
      ['evidence.affectedParties', c.affectedParties],
      ['evidence.impact', c.impact],
      ['evidence.recommendedActions', c.recommendedActions],
    ].filter((x): x is [string, string] => x[1] !== null);
  return (
    <section aria-labelledby="challenges-heading" id="challenges">
      <h2 id="challenges-heading">
        {t('evidence.challengesHeading', { n: formatCount(v.challenges.length) })}
      </h2>
      {v.challenges.length === 0 ? <p>{t('evidence.noChallenges')}</p> : null}
      <ul class="evidence-list">
        {v.challenges.map((c) => (
          <li data-region={c.region} data-kind={c.kind}>
            <a href={`/regions/${encodeURIComponent(c.region)}`}>
              {regions.get(c.region) ?? c.region}
            </a>{' '}
            <span class="muted">
              ({t(c.kind === 'answer' ? 'evidence.fromAnswer' : 'evidence.fromFactSheet')})
            </span>
            <p lang={textLang('en')}>{c.note}</p>
            {parts(c).map(([key, text]) => (
              <p>
                <strong>{t(key)}</strong> <span lang={textLang('en')}>{text}</span>
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One barrier: description, sub-themes, what each region said, and the practices that address it. */
export function barrierPage(v: BarrierView, regions: RegionNames, jsonLd: JsonLd) {
  const b = v.barrier;
  const byRegion = new Map<string, typeof v.evidence>();
  for (const e of v.evidence) {
    const key = e.region ?? NO_REGION;
    byRegion.set(key, [...(byRegion.get(key) ?? []), e]);
  }
  const path = `/barriers/${b.code}`;
  return renderPage(
    {
      title: `${b.number}. ${barrierLabel(b.code)}`,
      path,
      description: b.description ?? undefined,
      jsonLd,
    },
    <article>
      <Breadcrumb
        parent={{ href: '/barriers', label: t('barriers.title') }}
        current={t('barriers.breadcrumbCurrent', { number: b.number })}
      />
      <h1>
        {b.number}. {barrierLabel(b.code)}
      </h1>
      <p class="muted">
        {t('barriers.category', { category: codeLabel('barrierCategory', v.category.code) })}
      </p>
      {b.description ? (
        <LocalParagraph
          class="lead"
          text={localText('barriers', b.code, 'description', b.description)}
        />
      ) : null}
      {b.subThemes.length > 0 ? (
        <>
          <h2>{t('barriers.subThemes')}</h2>
          <ul>
            {localTexts('barriers', b.code, 'subThemes', b.subThemes).map((s) => (
              <li lang={s.lang === currentLocale() ? undefined : s.lang}>{s.text}</li>
            ))}
          </ul>
        </>
      ) : null}
      <KindSwitch kind={v.kind} path={path} />
      <Counting kind={v.kind} id="counting" />
      <p id="reach" data-regions={v.reach.regions.length}>
        {t('evidence.reach', {
          n: formatCount(v.reach.regions.length),
          of: formatCount(v.regionsWithEvidence),
          statements: formatCount(v.reach.byStatements),
          reports: formatCount(v.reach.byReports),
        })}
      </p>
      {v.kind === 'all' || v.kind === 'statements' ? (
        <h2>{t('barriers.evidenceHeading', { n: formatCount(v.evidence.length) })}</h2>
      ) : null}
      {(v.kind === 'all' || v.kind === 'statements') && v.evidence.length === 0 ? (
        <p>{t('barriers.noEvidence')}</p>
      ) : null}
      {[...byRegion.entries()].map(([region, items]) => (
        <section aria-labelledby={`ev-${region}`}>
          <h3 id={`ev-${region}`}>
            <a href={`/regions/${encodeURIComponent(region)}`}>
              {region === NO_REGION ? t('barriers.noRegion') : (regions.get(region) ?? region)}
            </a>
          </h3>
          <ul class="evidence-list">
            {items.map((e) => (
              <EvidenceStatement
                e={e}
                barrier={b.code}
                titles={v.sourceTitles}
                id={`statement-${e.key}`}
                path={`/barriers/${b.code}`}
              />
            ))}
          </ul>
        </section>
      ))}
      {v.kind === 'statements' ? null : <ReportChallenges v={v} regions={regions} />}
      <h2>{t('barriers.practicesHeading', { n: formatCount(v.practices.length) })}</h2>
      {v.practices.length === 0 ? (
        <p>{t('barriers.noPractices')}</p>
      ) : (
        <ul>
          {v.practices.map((p) => (
            <li>
              <a href={`/good-practices/${p.slug}`} lang={textLang(p.language)}>
                {p.name}
              </a>
              {p.country ? (
                <span class="muted"> ({regions.get(p.country) ?? p.country})</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <RecommendedForBarrier recommended={v.recommended} />
      <p class="muted">{t('barriers.sourceNote')}</p>
    </article>,
  );
}
