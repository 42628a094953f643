import { BARRIER_CATEGORIES, DOMAINS, labelOf, STATUSES, THEMES } from '../../domain/codes.ts';
import type { HomeView } from '../../services/home.ts';
import { formatCount, type RegionNames } from '../components.tsx';
import { renderPage } from '../layout.tsx';
import { EuropeMap } from '../map.tsx';

/** A titled table of counts whose first column links to the filtered list. */
function CountTable(props: {
  id: string;
  title: string;
  caption: string;
  keyHeader: string;
  rows: readonly { label: string; href: string; n: number }[];
}) {
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.keyHeader}</th>
            <th scope="col" class="num">
              Initiatives
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={r.href}>{r.label}</a>
              </th>
              <td class="num">{formatCount(r.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The home page: what the atlas is, headline figures, entry points by domain, status and region. */
export function homePage(home: HomeView, regions: RegionNames) {
  const stats = home.stats;
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
          <li>
            <span class="figure">{formatCount(home.practices)}</span> good practices
          </li>
        </ul>
      </section>

      <section aria-labelledby="map-title">
        <h2 id="map-title">Where the initiatives are</h2>
        <EuropeMap
          data={home.map}
          id="home-map"
          title="Initiatives by home country"
          what="initiatives"
        />
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
        <section aria-labelledby="barriers-title">
          <h2 id="barriers-title">By barrier</h2>
          <ul>
            {BARRIER_CATEGORIES.map((c) => (
              <li>
                <a href={`/barriers#cat-${c.code}`}>{c.label}</a>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="themes-title">
          <h2 id="themes-title">By theme</h2>
          <ul class="inline-list">
            {home.themes.map((t) => (
              <li>
                <a href={`/initiatives?theme=${t.value}`}>{labelOf(THEMES, t.value)}</a>{' '}
                <span class="count">({formatCount(t.count)})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div class="two-col">
        <CountTable
          id="status"
          title="By status"
          caption="Initiatives by status"
          keyHeader="Status"
          rows={stats.byStatus.map((r) => ({
            label: labelOf(STATUSES, r.key),
            href: `/initiatives?status=${encodeURIComponent(r.key)}`,
            n: r.n,
          }))}
        />
        <CountTable
          id="regions"
          title="By reporting region"
          caption="Initiatives by the region that reported them"
          keyHeader="Region"
          rows={reporting.map((r) => ({
            label: regions.get(r.key) ?? r.key,
            href: `/initiatives?region=${encodeURIComponent(r.key)}`,
            n: r.n,
          }))}
        />
      </div>

      {home.recent.length > 0 ? (
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">Latest changes</h2>
          <ul>
            {home.recent.map((r) => (
              <li>
                {r.kind} <a href={r.href}>{r.name}</a> {r.action === 'create' ? 'added' : 'updated'}{' '}
                on <time datetime={r.at}>{r.at.slice(0, 10)}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>,
  );
}
