import { BARRIERS, labelOf } from '../../domain/codes.ts';
import type { GoodPracticeView, PracticeCatalogue } from '../../services/good-practices.ts';
import {
  Breadcrumb,
  formatCount,
  LinkOrReason,
  type RegionNames,
  SourceList,
  Tag,
} from '../components.tsx';
import { renderPage } from '../layout.tsx';

function placeOf(
  p: { country: string | null; region: string | null },
  regions: RegionNames,
): string {
  if (p.region) return regions.get(p.region) ?? p.region;
  if (p.country) return regions.get(p.country) ?? p.country;
  return 'European Union';
}

function countryLabel(code: string, regions: RegionNames): string {
  return code === 'EU' ? 'EU-wide' : (regions.get(code) ?? code);
}

/** The catalogue of good practices with filters by barrier, country and exemplary flag. */
export function goodPracticesPage(c: PracticeCatalogue, regions: RegionNames) {
  const f = c.filters;
  const filtered = f.barrier.length > 0 || f.country.length > 0 || f.exemplary;
  // A chosen country stays listed (with 0) even when the other filters leave it no match.
  const countries = [
    ...c.counts.country.entries(),
    ...f.country.filter((code) => !c.counts.country.has(code)).map((code) => [code, 0] as const),
  ].sort((a, b) => countryLabel(a[0], regions).localeCompare(countryLabel(b[0], regions)));
  return renderPage(
    {
      title: filtered ? `Good practices (${c.total} matching)` : 'Good practices',
      path: '/good-practices',
      description:
        'Practices from Europe and beyond that address barriers to personalised medicine, with how they could be transferred.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'CollectionPage',
        name: 'Good practices',
        mainEntity: {
          '@type': 'ItemList',
          numberOfItems: c.total,
          itemListElement: c.practices.map((p, i) => ({
            '@type': 'ListItem',
            position: i + 1,
            url: `/good-practices/${p.slug}`,
            name: p.name,
          })),
        },
      },
    },
    <>
      <h1>Good practices</h1>
      <p class="lead">
        Practices that regions and European networks point to as ways around the barriers: what they
        do, where, and which barriers they address.
      </p>
      <form method="get" action="/good-practices" class="layout-list">
        <div class="filters">
          <a class="jump-link" href="#practices-heading">
            Skip the filters to the {formatCount(c.total)} practices
          </a>
          <h2>Filter</h2>
          <fieldset class="facet">
            <legend>Barrier addressed</legend>
            <ul>
              {BARRIERS.map((b) => (
                <li>
                  <input
                    type="checkbox"
                    id={`barrier-${b.code}`}
                    name="barrier"
                    value={b.code}
                    checked={f.barrier.includes(b.code)}
                  />
                  <label for={`barrier-${b.code}`}>
                    {b.number}. {b.label}{' '}
                    <span class="count">({formatCount(c.counts.barrier.get(b.code) ?? 0)})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset class="facet">
            <legend>Country</legend>
            <ul>
              {countries.map(([code, n]) => (
                <li>
                  <input
                    type="checkbox"
                    id={`country-${code}`}
                    name="country"
                    value={code}
                    checked={f.country.includes(code)}
                  />
                  <label for={`country-${code}`}>
                    {countryLabel(code, regions)} <span class="count">({formatCount(n)})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset class="facet">
            <legend>Recognition</legend>
            <ul>
              <li>
                <input
                  type="checkbox"
                  id="exemplary"
                  name="exemplary"
                  value="true"
                  checked={f.exemplary}
                />
                <label for="exemplary">
                  Singled out as exemplary by its source{' '}
                  <span class="count">({formatCount(c.counts.exemplary)})</span>
                </label>
              </li>
            </ul>
          </fieldset>
          <button type="submit">Apply filters</button>
        </div>
        <section class="results-area" aria-labelledby="practices-heading">
          <h2 id="practices-heading" tabindex={-1}>
            {formatCount(c.total)} {c.total === 1 ? 'practice' : 'practices'}
          </h2>
          {filtered ? (
            <p>
              <a href="/good-practices">Clear all filters</a>
            </p>
          ) : null}
          {c.total === 0 ? (
            <div class="empty-state">
              <p>
                <strong>No good practice matches these filters.</strong> Choose fewer barriers or
                countries, or <a href="/good-practices">see all practices</a>.
              </p>
            </div>
          ) : (
            <ul class="results">
              {c.practices.map((p) => (
                <li class="result">
                  <h3>
                    <a href={`/good-practices/${p.slug}`}>{p.name}</a>
                  </h3>
                  <p class="meta">
                    <span class="place">{placeOf(p, regions)}</span>
                    {p.exemplary ? <Tag kind="domain">Exemplary</Tag> : null}
                    {p.barriers.map((b) => (
                      <Tag>{labelOf(BARRIERS, b)}</Tag>
                    ))}
                  </p>
                  {p.summary ? <p class="snippet">{p.summary}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </form>
    </>,
  );
}

/** One good practice: what it is, where, which barriers it addresses, and how it could transfer. */
export function goodPracticePage(v: GoodPracticeView, regions: RegionNames) {
  const p = v.practice;
  const path = `/good-practices/${p.slug}`;
  return renderPage(
    {
      title: p.name,
      path,
      description: p.summary ?? undefined,
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'CreativeWork',
        '@id': path,
        name: p.name,
        description: p.summary ?? undefined,
        url: path,
        ...(p.link ? { sameAs: p.link } : {}),
        spatialCoverage: placeOf(p, regions),
        about: p.barriers.map((b) => ({
          '@type': 'DefinedTerm',
          termCode: b,
          name: labelOf(BARRIERS, b),
        })),
        dateModified: p.updatedAt,
      },
    },
    <article class="detail">
      <Breadcrumb parent={{ href: '/good-practices', label: 'Good practices' }} current={p.name} />
      <h1>{p.name}</h1>
      {p.summary ? <p class="lead">{p.summary}</p> : null}
      <h2>Facts</h2>
      <dl class="facts">
        <dt>Where</dt>
        <dd>{placeOf(p, regions)}</dd>
        <dt>Website</dt>
        <dd>
          <LinkOrReason link={p.link} missing={p.linkMissing} />
        </dd>
        <dt>Barriers addressed</dt>
        <dd>
          <ul>
            {p.barriers.map((b) => (
              <li>
                <a href={`/barriers/${b}`}>{labelOf(BARRIERS, b)}</a>
              </li>
            ))}
          </ul>
        </dd>
        {p.keyPlayers ? (
          <>
            <dt>Key players</dt>
            <dd>{p.keyPlayers}</dd>
          </>
        ) : null}
        {p.exemplary ? (
          <>
            <dt>Recognition</dt>
            <dd>Singled out as exemplary by its source</dd>
          </>
        ) : null}
      </dl>
      {p.impact ? (
        <>
          <h2>Impact</h2>
          <p>{p.impact}</p>
        </>
      ) : null}
      <h2>Transferability</h2>
      <p>
        {p.transferability ??
          'The sources say nothing yet about what it would take to transfer this practice.'}
      </p>
      {p.notes ? (
        <>
          <h2>Curator's notes</h2>
          <p>{p.notes}</p>
        </>
      ) : null}
      <h2>Sources</h2>
      <SourceList sources={v.sources} titles={v.sourceTitles} />
      <p class="record-meta">
        Version {p.version}, last changed{' '}
        <time datetime={p.updatedAt}>{p.updatedAt.slice(0, 10)}</time>.
      </p>
    </article>,
  );
}
