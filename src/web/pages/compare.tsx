import { BARRIER_CATEGORIES, DOMAINS } from '../../domain/codes.ts';
import type { Comparison } from '../../services/compare.ts';
import { formatCount } from '../components.tsx';
import { renderPage } from '../layout.tsx';

/** Two to four regions side by side: initiatives by domain, barrier statements, practices, engagement. */
export function comparePage(c: Comparison) {
  const chosen = new Set(c.chosen.map((x) => x.summary.code));
  const names = c.chosen.map((x) => x.summary.name);
  const rows: { label: string; values: (number | null)[]; th?: boolean }[] =
    c.chosen.length === 0
      ? []
      : [
          { label: 'Initiatives reported', values: c.chosen.map((x) => x.summary.initiatives) },
          ...DOMAINS.map((d) => ({
            label: `– ${d.label}`,
            values: c.chosen.map(
              (x) => x.initiatives.rowTotals[x.initiatives.rows.indexOf(d.code)] ?? 0,
            ),
          })),
          { label: 'Barrier statements', values: c.chosen.map((x) => x.summary.statements) },
          ...BARRIER_CATEGORIES.map((cat) => ({
            label: `– ${cat.label}`,
            values: c.chosen.map((x) => x.statementsByCategory.get(cat.code) ?? 0),
          })),
          {
            label: 'Good practices from the region',
            values: c.chosen.map((x) => x.summary.practices),
          },
          { label: 'Interviews', values: c.chosen.map((x) => x.summary.interviews) },
          {
            label: 'Workshop participants',
            values: c.chosen.map((x) => x.summary.workshopParticipants),
          },
        ];
  return renderPage(
    {
      title: names.length > 0 ? `Compare ${names.join(', ')}` : 'Compare regions',
      path: '/compare',
      description:
        'Compare two to four regions: initiatives by domain, barriers reported, good practices and engagement.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'WebPage',
        name: 'Compare regions',
        url: '/compare',
      },
    },
    <>
      <h1>Compare regions</h1>
      <form method="get" action="/compare">
        <fieldset class="facet compare-choice">
          <legend>Choose two to four regions</legend>
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
        <button type="submit">Compare</button>
      </form>
      {c.chosen.length === 0 ? (
        <p class="empty-state">
          Choose at least two regions and press Compare to see them side by side.
        </p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="comparison-caption" tabindex={0}>
          <table class="compare">
            <caption id="comparison-caption">{names.join(', ')} side by side</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
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
    </>,
  );
}
