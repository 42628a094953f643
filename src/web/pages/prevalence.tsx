import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { BarriersByStakeholder, Prevalence } from '../../domain/prevalence.ts';
import { CrossTabChart } from '../charts.tsx';
import { Breadcrumb, barrierLabel, codeLabel, formatCount, numberFormat } from '../components.tsx';
import { Counting, KindSwitch } from '../evidence-kind.tsx';
import { PAIRS_SHOWN, prevalenceChart } from '../figure-tables.ts';
import { type FigureRef, FigureTools } from '../figure-tools.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { StakeholderSection } from '../stakeholder-table.tsx';

const percent = (share: number) =>
  numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(share);

/** The figure columns of the barrier table, after rank and barrier. */
const NUMBER_COLUMNS = [
  'prevalence.colRegions',
  'prevalence.colShare',
  'prevalence.colStatements',
  'prevalence.colBoth',
  'prevalence.colStatementsOnly',
  'prevalence.colChallengesOnly',
] as const;

/** The ranked barrier table: rank, regions, share, statements and the split by evidence. */
function BarrierTable({ p }: { p: Prevalence }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby="prevalence-caption" tabindex={0}>
      <table class="prevalence">
        <caption id="prevalence-caption">{t('prevalence.barriersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {t('prevalence.colRank')}
            </th>
            <th scope="col">{t('prevalence.colBarrier')}</th>
            {NUMBER_COLUMNS.map((key) => (
              <th scope="col" class="num">
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.barriers.map((b, i) => (
            <tr data-code={b.code}>
              <td class="num">{formatCount(i + 1)}</td>
              <th scope="row">
                <a href={`/barriers/${b.code}`}>{barrierLabel(b.code)}</a>
              </th>
              <td class="num">{formatCount(b.regions)}</td>
              <td class="num">{percent(b.share)}</td>
              <td class="num">{formatCount(b.statements)}</td>
              <td class="num">{formatCount(b.both)}</td>
              <td class="num">{formatCount(b.statementsOnly)}</td>
              <td class="num">{formatCount(b.challengesOnly)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A figure of the page, with the page's kind of evidence as the files' query. */
function figure(p: Prevalence, id: string, name: string, title: string): FigureRef {
  return {
    id,
    title,
    href: `/figures/${name}`,
    formats: name === 'prevalence' ? ['svg', 'png', 'csv'] : ['csv'],
    query: p.kind === 'all' ? undefined : `evidence=${p.kind}`,
  };
}

/** The /barriers/prevalence page, with statements by barrier and stakeholder group. */
export async function prevalencePage(p: Prevalence, byStakeholder: BarriersByStakeholder) {
  return renderPage(
    {
      title: t('prevalence.title'),
      path: '/barriers/prevalence',
      description: t('prevalence.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebPage',
        name: t('prevalence.title'),
        url: '/barriers/prevalence',
      },
    },
    <>
      <Breadcrumb
        parent={{ href: '/barriers', label: t('layout.navBarriers') }}
        current={t('prevalence.title')}
      />
      <h1>{t('prevalence.title')}</h1>
      <KindSwitch kind={p.kind} path="/barriers/prevalence" />
      <Counting kind={p.kind} id="counting" />
      <p class="lead">{t('prevalence.lead', { n: formatCount(p.regionsWithEvidence) })}</p>
      <div id="prevalence-chart">
        {await CrossTabChart({ ...prevalenceChart(p), label: t('prevalence.chartLabel') })}
      </div>
      <BarrierTable p={p} />
      <FigureTools
        figure={figure(p, 'prevalence-chart', 'prevalence', t('prevalence.barriersCaption'))}
      />
      <h2>{t('prevalence.categoriesHeading')}</h2>
      <div
        class="table-scroll"
        id="categories"
        role="region"
        aria-labelledby="categories-caption"
        tabindex={0}
      >
        <table>
          <caption id="categories-caption">{t('prevalence.categoriesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('prevalence.colCategory')}</th>
              <th scope="col" class="num">
                {t('prevalence.colRegions')}
              </th>
              <th scope="col" class="num">
                {t('prevalence.colShare')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.categories.map((c) => (
              <tr data-code={c.code}>
                <th scope="row">
                  <a href={`/barriers#cat-${c.code}`}>{codeLabel('barrierCategory', c.code)}</a>
                </th>
                <td class="num">{formatCount(c.regions)}</td>
                <td class="num">{percent(c.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FigureTools
        figure={figure(p, 'categories', 'prevalence-categories', t('prevalence.categoriesCaption'))}
      />
      <h2>{t('prevalence.pairsHeading')}</h2>
      <p>{t('prevalence.pairsLead')}</p>
      <div
        class="table-scroll"
        id="pairs"
        role="region"
        aria-labelledby="pairs-caption"
        tabindex={0}
      >
        <table>
          <caption id="pairs-caption">{t('prevalence.pairsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('prevalence.colPair')}</th>
              <th scope="col" class="num">
                {t('prevalence.colRegionsBoth')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.pairs.slice(0, PAIRS_SHOWN).map((x) => (
              <tr data-pair={`${x.a}+${x.b}`}>
                <th scope="row">
                  {barrierLabel(x.a)} + {barrierLabel(x.b)}
                </th>
                <td class="num">{formatCount(x.regions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FigureTools figure={figure(p, 'pairs', 'prevalence-pairs', t('prevalence.pairsCaption'))} />
      {await StakeholderSection({ x: byStakeholder })}
    </>,
  );
}
