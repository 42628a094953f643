import { BARRIERS, labelOf } from '../../domain/codes.ts';
import type { BarrierOverview, BarrierView } from '../../services/barriers.ts';
import { Breadcrumb, formatCount, type RegionNames } from '../components.tsx';
import { renderPage } from '../layout.tsx';

/** A heat level for a count, for the matrix's shading (the number is always printed too). */
function heat(n: number): string {
  return `heat heat-${Math.min(n, 4)}`;
}

/** The barriers page: categories and barriers, and the barrier × region matrix as a heat map. */
export function barriersPage(o: BarrierOverview, regions: RegionNames) {
  const m = o.matrix;
  return renderPage(
    {
      title: 'Barriers',
      path: '/barriers',
      description:
        'The 17 barriers to personalised medicine in 6 categories, the regions that report them and the practices that address them.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'DefinedTermSet',
        name: 'Barriers to personalised medicine (PRECISEU D6.1)',
        hasDefinedTerm: o.categories.flatMap((c) =>
          c.barriers.map((b) => ({
            '@type': 'DefinedTerm',
            termCode: b.code,
            name: b.label,
            url: `/barriers/${b.code}`,
          })),
        ),
      },
    },
    <>
      <h1>Barriers</h1>
      <p class="lead">
        Interviews and workshops in ten European regions identified 17 barriers that slow down the
        development, market entry and clinical use of personalised medicine, grouped in six
        categories.
      </p>
      {o.categories.map((c) => (
        <section aria-labelledby={`cat-${c.code}`}>
          <h2 id={`cat-${c.code}`}>{c.label}</h2>
          {c.description ? <p>{c.description}</p> : null}
          <ul class="barrier-list">
            {c.barriers.map((b) => (
              <li>
                <a href={`/barriers/${b.code}`}>
                  {b.number}. {b.label}
                </a>{' '}
                <span class="muted">
                  {formatCount(m.rowTotals[m.rows.indexOf(b.code)] ?? 0)} statements,{' '}
                  {formatCount(o.practicesPerBarrier.get(b.code) ?? 0)} good practices
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="matrix-title">
        <h2 id="matrix-title">Which regions report which barriers</h2>
        <p id="matrix-help">
          Each cell counts the statements a region made about a barrier in its interviews and
          workshop; darker cells hold more statements. A statement can concern more than one
          barrier.
        </p>
        <div class="table-scroll" role="region" aria-labelledby="matrix-title" tabindex={0}>
          <table class="matrix" aria-describedby="matrix-help">
            <caption class="visually-hidden">
              Statements per barrier (rows) and region (columns)
            </caption>
            <thead>
              <tr>
                <th scope="col">Barrier</th>
                {m.columns.map((r) => (
                  <th scope="col" class="num">
                    {regions.get(r) ?? r}
                  </th>
                ))}
                <th scope="col" class="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {m.rows.map((b, i) => (
                <tr>
                  <th scope="row">
                    <a href={`/barriers/${b}`}>{labelOf(BARRIERS, b)}</a>
                  </th>
                  {(m.cells[i] ?? []).map((n) => (
                    <td class={`num ${heat(n)}`}>{n}</td>
                  ))}
                  <td class="num">{m.rowTotals[i]}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                {m.columnTotals.map((n) => (
                  <td class="num">{n}</td>
                ))}
                <td class="num">{m.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
    </>,
  );
}

/** One barrier: description, sub-themes, what each region said, and the practices that address it. */
export function barrierPage(v: BarrierView, regions: RegionNames) {
  const b = v.barrier;
  const byRegion = new Map<string, typeof v.evidence>();
  for (const e of v.evidence) {
    const key = e.region ?? '(none)';
    byRegion.set(key, [...(byRegion.get(key) ?? []), e]);
  }
  const path = `/barriers/${b.code}`;
  return renderPage(
    {
      title: `${b.number}. ${b.label}`,
      path,
      description: b.description ?? undefined,
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'DefinedTerm',
        termCode: b.code,
        name: b.label,
        description: b.description ?? undefined,
        inDefinedTermSet: '/barriers',
      },
    },
    <article>
      <Breadcrumb
        parent={{ href: '/barriers', label: 'Barriers' }}
        current={`Barrier ${b.number}`}
      />
      <h1>
        {b.number}. {b.label}
      </h1>
      <p class="muted">Category: {v.category.label}</p>
      {b.description ? <p class="lead">{b.description}</p> : null}
      {b.subThemes.length > 0 ? (
        <>
          <h2>Sub-themes</h2>
          <ul>
            {b.subThemes.map((t) => (
              <li>{t}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>What the regions said ({formatCount(v.evidence.length)})</h2>
      {v.evidence.length === 0 ? <p>No region statement is coded to this barrier.</p> : null}
      {[...byRegion.entries()].map(([region, items]) => (
        <section aria-labelledby={`ev-${region}`}>
          <h3 id={`ev-${region}`}>
            <a href={`/regions/${encodeURIComponent(region)}`}>{regions.get(region) ?? region}</a>
          </h3>
          <ul>
            {items.map((e) => (
              <li>{e.statement}</li>
            ))}
          </ul>
        </section>
      ))}
      <h2>Good practices that address it ({formatCount(v.practices.length)})</h2>
      {v.practices.length === 0 ? (
        <p>No good practice in the atlas is coded to this barrier yet.</p>
      ) : (
        <ul>
          {v.practices.map((p) => (
            <li>
              <a href={`/good-practices/${p.slug}`}>{p.name}</a>
              {p.country ? (
                <span class="muted"> ({regions.get(p.country) ?? p.country})</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        Statements are paraphrased from PRECISEU D6.1; who said them is not recorded.
      </p>
    </article>,
  );
}
