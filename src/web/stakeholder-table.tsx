/** Barrier × stakeholder group on /barriers/prevalence: who names each barrier, where the evidence says who. */
import type { BarriersByStakeholder } from '../domain/prevalence.ts';
import { CrossTabChart } from './charts.tsx';
import { barrierLabel, formatCount } from './components.tsx';
import { stakeholderChart, stakeholderColumnLabel } from './figure-tables.ts';
import { FigureTools } from './figure-tools.tsx';
import { t } from './i18n.ts';

/** The figure's element id on the page (its citation's anchor). */
export const STAKEHOLDERS_ID = 'stakeholders';

/** The cross-table: barriers by group with row totals and both footer rows (codings, statements). */
function StakeholderCrossTable({ x }: { x: BarriersByStakeholder }) {
  const m = x.table;
  return (
    <div class="table-scroll" role="region" aria-labelledby="stakeholders-caption" tabindex={0}>
      <table class="matrix stakeholders" aria-describedby="stakeholders-lead">
        <caption id="stakeholders-caption">{t('prevalence.stakeholdersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('prevalence.colBarrier')}</th>
            {m.columns.map((g) => (
              <th scope="col" class="num" data-group={g}>
                {stakeholderColumnLabel(g)}
              </th>
            ))}
            <th scope="col" class="num">
              {t('prevalence.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {m.rows.map((b, i) => (
            <tr data-code={b}>
              <th scope="row">
                <a href={`/barriers/${b}`}>{barrierLabel(b)}</a>
              </th>
              {(m.cells[i] ?? []).map((n) => (
                <td class="num">{formatCount(n)}</td>
              ))}
              <td class="num">{formatCount(m.rowTotals[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-total="codings">
            <th scope="row">{t('prevalence.rowCodings')}</th>
            {m.columnTotals.map((n) => (
              <td class="num">{formatCount(n)}</td>
            ))}
            <td class="num">{formatCount(m.total)}</td>
          </tr>
          <tr data-total="statements">
            <th scope="row">{t('prevalence.rowStatements')}</th>
            {x.statementsPerColumn.map((n) => (
              <td class="num">{formatCount(n)}</td>
            ))}
            <td class="num">{formatCount(x.statements)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The section: what it counts (and that statements of no group are "unknown"), chart, table, files. */
export async function StakeholderSection({ x }: { x: BarriersByStakeholder }) {
  const chart = stakeholderChart(x);
  return (
    <section aria-labelledby="stakeholders-title">
      <h2 id="stakeholders-title">{t('prevalence.stakeholdersHeading')}</h2>
      <p id="stakeholders-lead">
        {t('prevalence.stakeholdersLead', {
          count: x.statements,
          n: formatCount(x.statements),
          withGroup: formatCount(x.withGroup),
          unknown: t('prevalence.groupUnknown'),
        })}
      </p>
      <div id={STAKEHOLDERS_ID}>
        {chart.table.rows.length > 0
          ? await CrossTabChart({ ...chart, label: t('prevalence.stakeholdersChartLabel') })
          : null}
      </div>
      <StakeholderCrossTable x={x} />
      <FigureTools
        figure={{
          id: STAKEHOLDERS_ID,
          title: t('prevalence.stakeholdersCaption'),
          href: '/figures/prevalence-stakeholders',
          formats: chart.table.rows.length > 0 ? ['svg', 'png', 'csv'] : ['csv'],
        }}
      />
    </section>
  );
}
