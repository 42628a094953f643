import { DOMAINS, STATUSES } from '../../domain/codes.ts';
import type { Stats } from '../../services/stats.ts';
import { formatCount, type RegionNames } from '../components.tsx';
import { renderPage } from '../layout.tsx';

/** The home page: what the atlas is, headline figures, entry points by domain, status and region. */
export function homePage(stats: Stats, regions: RegionNames) {
  const dt = stats.domainByType;
  const countries = stats.byCountry.filter((c) => c.key !== '(none)').length;
  const reporting = stats.byRegion.filter((r) => r.key !== '(none)');
  return renderPage(
    {
      title: 'Home',
      path: '/',
      description:
        'PerMed Atlas: who does what in personalised medicine across European regions, with every figure traceable to its source.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: 'PerMed Atlas',
        url: '/',
        potentialAction: {
          '@type': 'SearchAction',
          target: '/initiatives?q={search_term_string}',
          'query-input': 'required name=search_term_string',
        },
      },
    },
    <>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Personalised medicine in Europe, mapped</h1>
        <p class="lead">
          PerMed Atlas brings together the initiatives that regions and consortia report on
          personalised medicine: research programmes, patient-led projects, policies and the
          institutions that hold ecosystems together. Every record says where it comes from, and
          every count on this site is computed from the records.
        </p>
        <form
          method="get"
          action="/initiatives"
          role="search"
          aria-label="Initiatives"
          class="search-input"
        >
          <label for="home-q" class="visually-hidden">
            Search initiatives
          </label>
          <input
            type="search"
            id="home-q"
            name="q"
            placeholder="e.g. genomics, ATMP, cancer"
            maxlength={200}
          />
          <button type="submit">Search</button>
        </form>
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">In figures</h2>
        <ul class="figures">
          <li>
            <span class="figure">{formatCount(stats.total)}</span> initiatives
          </li>
          <li>
            <span class="figure">{formatCount(countries)}</span> countries
          </li>
          <li>
            <span class="figure">{formatCount(reporting.length)}</span> reporting regions
          </li>
        </ul>
      </section>

      <section aria-labelledby="domains-title">
        <h2 id="domains-title">By domain</h2>
        <ul class="cards">
          {DOMAINS.map((d) => {
            const n = dt.rowTotals[dt.rows.indexOf(d.code)] ?? 0;
            return (
              <li class="card">
                <a href={`/initiatives?domain=${d.code}`}>
                  <span class="card-title">{d.label}</span>
                  <span class="card-count">
                    {formatCount(n)} {n === 1 ? 'initiative' : 'initiatives'}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </section>

      <div class="two-col">
        <section aria-labelledby="status-title">
          <h2 id="status-title">By status</h2>
          <table>
            <caption class="visually-hidden">Initiatives by status</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Initiatives
                </th>
              </tr>
            </thead>
            <tbody>
              {stats.byStatus.map((s) => (
                <tr>
                  <th scope="row">
                    <a href={`/initiatives?status=${s.key}`}>
                      {STATUSES.find((x) => x.code === s.key)?.label ?? s.key}
                    </a>
                  </th>
                  <td class="num">{formatCount(s.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="regions-title">
          <h2 id="regions-title">By reporting region</h2>
          <table>
            <caption class="visually-hidden">Initiatives by the region that reported them</caption>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col" class="num">
                  Initiatives
                </th>
              </tr>
            </thead>
            <tbody>
              {reporting.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/initiatives?region=${encodeURIComponent(r.key)}`}>
                      {regions.get(r.key) ?? r.key}
                    </a>
                  </th>
                  <td class="num">{formatCount(r.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>,
  );
}
