import { BARRIER_CATEGORIES, DOMAINS } from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { Comparison } from '../../services/compare.ts';
import { codeLabel, domainLabel, formatCount } from '../components.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/**
 * Says where the category rows add up to more than the statements: a statement coded to barriers
 * of two categories counts once in each, and a reader adding the rows should know why.
 */
function MultiCategoryNote({ chosen }: { chosen: Comparison['chosen'] }) {
  const over = chosen
    .map((x) => ({
      name: x.summary.name,
      statements: x.summary.statements,
      codings: [...x.statementsByCategory.values()].reduce((a, b) => a + b, 0),
    }))
    .filter((x) => x.codings > x.statements);
  if (over.length === 0) return null;
  return (
    <p class="note" id="multi-category-note">
      {t('compare.multiCategory', {
        regions: over
          .map((x) =>
            t('compare.multiCategoryRegion', {
              name: x.name,
              codings: formatCount(x.codings),
              statements: formatCount(x.statements),
            }),
          )
          .join('; '),
      })}
    </p>
  );
}

/** Two to four regions side by side: initiatives by domain, barrier statements, practices, engagement. */
export function comparePage(c: Comparison) {
  const chosen = new Set(c.chosen.map((x) => x.summary.code));
  const names = c.chosen.map((x) => x.summary.name);
  const rows: { label: string; values: (number | null)[]; th?: boolean }[] =
    c.chosen.length === 0
      ? []
      : [
          {
            label: t('compare.rowInitiatives'),
            values: c.chosen.map((x) => x.summary.initiatives),
          },
          ...DOMAINS.map((d) => ({
            label: `– ${domainLabel(d.code)}`,
            values: c.chosen.map(
              (x) => x.initiatives.rowTotals[x.initiatives.rows.indexOf(d.code)] ?? 0,
            ),
          })),
          { label: t('compare.rowStatements'), values: c.chosen.map((x) => x.summary.statements) },
          ...BARRIER_CATEGORIES.map((cat) => ({
            label: `– ${codeLabel('barrierCategory', cat.code)}`,
            values: c.chosen.map((x) => x.statementsByCategory.get(cat.code) ?? 0),
          })),
          {
            label: t('compare.rowPractices'),
            values: c.chosen.map((x) => x.summary.practices),
          },
          { label: t('compare.rowInterviews'), values: c.chosen.map((x) => x.summary.interviews) },
          {
            label: t('compare.rowWorkshopParticipants'),
            values: c.chosen.map((x) => x.summary.workshopParticipants),
          },
        ];
  return renderPage(
    {
      title:
        names.length > 0
          ? t('compare.titleWith', { names: names.join(', ') })
          : t('compare.heading'),
      path: '/compare',
      description: t('compare.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebPage',
        name: t('compare.heading'),
        url: '/compare',
      },
    },
    <>
      <h1>{t('compare.heading')}</h1>
      <form method="get" action="/compare">
        <fieldset class="facet compare-choice">
          <legend>{t('compare.choose')}</legend>
          <ul>
            {c.all.map((s) => (
              <li>
                <input
                  type="checkbox"
                  id={`region-${s.code}`}
                  name="region"
                  value={s.code}
                  checked={chosen.has(s.code)}
                />
                <label for={`region-${s.code}`}>{s.name}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit">{t('compare.submit')}</button>
      </form>
      {c.chosen.length === 0 ? (
        <p class="empty-state">{t('compare.emptyState')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="comparison-caption" tabindex={0}>
          <table class="compare">
            <caption id="comparison-caption">
              {t('compare.caption', { names: names.join(', ') })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('compare.colFigure')}</th>
                {c.chosen.map((x) => (
                  <th scope="col" class="num">
                    <a href={`/regions/${encodeURIComponent(x.summary.code)}`}>{x.summary.name}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  {r.values.map((v) => (
                    <td class="num">{v === null ? '–' : formatCount(v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MultiCategoryNote chosen={c.chosen} />
    </>,
  );
}
