/** A fact sheet's barriers ranked by the evidence behind them: the table and its download. */
import type { RegionView } from '../services/regions.ts';
import { barrierLabel, formatCount } from './components.tsx';
import { FigureTools } from './figure-tools.tsx';
import { placeName, t } from './i18n.ts';

/** The figure's element id on the fact sheet (its citation's anchor). */
export const REGION_BARRIERS_ID = 'barrier-ranking';

/** The table's caption (and the figure's title) for a region. */
export function regionBarriersTitle(v: RegionView): string {
  return t('regions.barrierRankingCaption', { name: placeName(v.region.code, v.region.name) });
}

/** The region's barriers, most evidence first, each linking to its barrier page. */
function RankingTable({ v }: { v: RegionView }) {
  return (
    <div
      class="table-scroll"
      role="region"
      aria-labelledby={`${REGION_BARRIERS_ID}-caption`}
      tabindex={0}
    >
      <table class="region-barriers" id={REGION_BARRIERS_ID}>
        <caption id={`${REGION_BARRIERS_ID}-caption`}>{regionBarriersTitle(v)}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {t('regions.rankColRank')}
            </th>
            <th scope="col">{t('regions.rankColBarrier')}</th>
            <th scope="col" class="num">
              {t('regions.rankColStatements')}
            </th>
            <th scope="col" class="num">
              {t('regions.rankColChallenges')}
            </th>
            <th scope="col" class="num">
              {t('regions.rankColItems')}
            </th>
            <th scope="col" class="num">
              {t('regions.rankColRegions', { n: formatCount(v.barriers.regionsWithEvidence) })}
            </th>
          </tr>
        </thead>
        <tbody>
          {v.barriers.barriers.map((b) => (
            <tr data-code={b.code}>
              <td class="num">{formatCount(b.rank)}</td>
              <th scope="row">
                <a href={`/barriers/${b.code}`}>{barrierLabel(b.code)}</a>
              </th>
              <td class="num">{formatCount(b.statements)}</td>
              <td class="num">{formatCount(b.challenges)}</td>
              <td class="num">{formatCount(b.items)}</td>
              <td class="num">{formatCount(b.regions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The section of a fact sheet: what it counts, the ranked table, its CSV and citation. */
export function RegionBarrierRanking({ v }: { v: RegionView }) {
  const n = v.barriers.barriers.length;
  const name = placeName(v.region.code, v.region.name);
  return (
    <section aria-labelledby={`${REGION_BARRIERS_ID}-title`}>
      <h2 id={`${REGION_BARRIERS_ID}-title`}>{t('regions.barrierRankingHeading')}</h2>
      {n === 0 ? (
        <p>{t('regions.barrierRankingNone', { name })}</p>
      ) : (
        <>
          <p>
            {t('regions.barrierRankingLead', { count: n, n: formatCount(n), name })}{' '}
            <a href="/barriers/prevalence">{t('regions.barrierRankingAcross')}</a>
          </p>
          <RankingTable v={v} />
          <FigureTools
            figure={{
              id: REGION_BARRIERS_ID,
              title: regionBarriersTitle(v),
              href: `/figures/regions/${encodeURIComponent(v.region.code)}/barriers`,
              formats: ['csv'],
            }}
          />
        </>
      )}
    </section>
  );
}
