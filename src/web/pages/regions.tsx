import type { CrossTab } from '../../analysis/crosstab.ts';
import {
  BARRIERS,
  DOMAINS,
  labelOf,
  STAKEHOLDER_GROUPS,
  STRUCTURAL_TYPES,
} from '../../domain/codes.ts';
import type { RegionSummary } from '../../services/compare.ts';
import type { RegionView } from '../../services/regions.ts';
import { CrossTabChart } from '../charts.tsx';
import { Breadcrumb, formatCount, type RegionNames } from '../components.tsx';
import { renderPage } from '../layout.tsx';
import { PartnerRegionsMap } from '../map.tsx';

/** Initiatives of a region by domain × type, each count linking to the filtered list. */
function DomainTypeTable({ t, region, caption }: { t: CrossTab; region: string; caption: string }) {
  const link = (params: string, n: number) =>
    n === 0 ? (
      '0'
    ) : (
      <a href={`/initiatives?region=${encodeURIComponent(region)}${params}`}>{formatCount(n)}</a>
    );
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            {t.columns.map((c) => (
              <th scope="col" class="num">
                {labelOf(STRUCTURAL_TYPES, c)}
              </th>
            ))}
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r, i) => (
            <tr>
              <th scope="row">{labelOf(DOMAINS, r)}</th>
              {t.columns.map((c, j) => (
                <td class="num">{link(`&domain=${r}&type=${c}`, t.cells[i]?.[j] ?? 0)}</td>
              ))}
              <td class="num">{link(`&domain=${r}`, t.rowTotals[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {t.columns.map((c, j) => (
              <td class="num">{link(`&type=${c}`, t.columnTotals[j] ?? 0)}</td>
            ))}
            <td class="num">{link('', t.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The regions page: the partner regions with what the atlas holds about each. */
export function regionsPage(summaries: readonly RegionSummary[]) {
  return renderPage(
    {
      title: 'Regions',
      path: '/regions',
      description:
        'The partner regions of the atlas and what it holds about each: initiatives, barriers, good practices, engagement.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'ItemList',
        name: 'Regions',
        itemListElement: summaries.map((s, i) => ({
          '@type': 'ListItem',
          position: i + 1,
          url: `/regions/${s.code}`,
          name: s.name,
        })),
      },
    },
    <>
      <h1>Regions</h1>
      <p class="lead">
        The regions and countries that mapped their personalised-medicine landscape: the initiatives
        they reported, the barriers their stakeholders named, and the good practices found there.
      </p>
      <p>
        <a href="/compare">Compare two to four regions side by side</a>
      </p>
      <PartnerRegionsMap
        id="regions-map"
        counts={new Map(summaries.map((s) => [s.code, s.initiatives]))}
        names={new Map(summaries.map((s) => [s.code, s.name]))}
      />
      <div class="table-scroll" role="region" aria-label="Regions and their figures" tabindex={0}>
        <table>
          <caption class="visually-hidden">Regions and their figures</caption>
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col" class="num">
                Initiatives reported
              </th>
              <th scope="col" class="num">
                Barrier statements
              </th>
              <th scope="col" class="num">
                Good practices
              </th>
              <th scope="col" class="num">
                Interviews
              </th>
              <th scope="col" class="num">
                Workshop participants
              </th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s) => (
              <tr>
                <th scope="row">
                  <a href={`/regions/${encodeURIComponent(s.code)}`}>{s.name}</a>
                </th>
                <td class="num">{formatCount(s.initiatives)}</td>
                <td class="num">{formatCount(s.statements)}</td>
                <td class="num">{formatCount(s.practices)}</td>
                <td class="num">{s.interviews === null ? '–' : formatCount(s.interviews)}</td>
                <td class="num">
                  {s.workshopParticipants === null ? '–' : formatCount(s.workshopParticipants)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">– : no interviews or workshop on record for the region.</p>
    </>,
  );
}

/** A region's fact sheet. */
export function regionPage(v: RegionView, regions: RegionNames) {
  const r = v.region;
  const path = `/regions/${r.code}`;
  const evidenceByBarrier = new Map<string, string[]>();
  for (const e of v.evidence)
    for (const b of e.barriers)
      evidenceByBarrier.set(b, [...(evidenceByBarrier.get(b) ?? []), e.statement]);
  const barrierOrder = BARRIERS.map((b) => b.code as string);
  const barriers = [...evidenceByBarrier.keys()].sort(
    (a, b) => barrierOrder.indexOf(a) - barrierOrder.indexOf(b),
  );
  return renderPage(
    {
      title: `${r.name}: fact sheet`,
      path,
      description: v.report?.overview ?? undefined,
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'Place',
        '@id': path,
        name: r.name,
        identifier: r.code,
        ...(v.report?.overview ? { description: v.report.overview } : {}),
        containedInPlace: r.parent_code
          ? { '@type': 'Place', name: regions.get(r.parent_code) ?? r.parent_code }
          : undefined,
      },
    },
    <article class="fact-sheet">
      <Breadcrumb parent={{ href: '/regions', label: 'Regions' }} current={r.name} />
      <h1>{r.name}</h1>
      {r.native_name ? <p class="native-name">{r.native_name}</p> : null}
      <p class="lead">
        {v.report?.overview ?? 'No fact sheet has been written for this region yet.'}
      </p>

      <h2>Initiatives reported</h2>
      {v.initiatives.total > 0 ? (
        <CrossTabChart
          table={v.initiatives}
          rowLabel={(c) => labelOf(DOMAINS, c)}
          columnLabel={(c) => labelOf(STRUCTURAL_TYPES, c)}
          label={`Bar chart of the initiatives reported by ${r.name}, by domain, split by structural type`}
        />
      ) : null}
      <DomainTypeTable
        t={v.initiatives}
        region={r.code}
        caption={`Initiatives reported by ${r.name}, by domain and structural type`}
      />

      {v.report && (v.report.strengths.length > 0 || v.report.weaknesses.length > 0) ? (
        <div class="two-col">
          <section aria-labelledby="strengths">
            <h2 id="strengths">Strengths</h2>
            <ul>
              {v.report.strengths.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="weaknesses">
            <h2 id="weaknesses">Weaknesses</h2>
            <ul>
              {v.report.weaknesses.map((s) => (
                <li>{s}</li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}

      {v.report && v.report.challenges.length > 0 ? (
        <>
          <h2>Challenges named in the fact sheet</h2>
          <ul>
            {v.report.challenges.map((c) => (
              <li>
                {c.note} <span class="muted">(</span>
                <a href={`/barriers/${c.barrier}`}>{labelOf(BARRIERS, c.barrier)}</a>
                <span class="muted">)</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Barriers reported, with what stakeholders said</h2>
      {barriers.length === 0 ? <p>No barrier statements are on record for this region.</p> : null}
      {barriers.map((b) => (
        <section aria-labelledby={`b-${b}`}>
          <h3 id={`b-${b}`}>
            <a href={`/barriers/${b}`}>{labelOf(BARRIERS, b)}</a>
          </h3>
          <ul>
            {(evidenceByBarrier.get(b) ?? []).map((s) => (
              <li>{s}</li>
            ))}
          </ul>
        </section>
      ))}

      {v.report?.secondaryDataAccess ? (
        <>
          <h2>Access to secondary health data</h2>
          <p>{v.report.secondaryDataAccess}</p>
        </>
      ) : null}

      <h2>Good practices from {r.name}</h2>
      {v.practicesFrom.length === 0 ? (
        <p>None on record.</p>
      ) : (
        <ul>
          {v.practicesFrom.map((p) => (
            <li>
              <a href={`/good-practices/${p.slug}`}>{p.name}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>Good practices elsewhere that address its barriers</h2>
      {v.practicesFor.length === 0 ? (
        <p>None found.</p>
      ) : (
        <ul>
          {v.practicesFor.map(({ practice, shared }) => (
            <li>
              <a href={`/good-practices/${practice.slug}`}>{practice.name}</a>{' '}
              <span class="muted">
                (
                {practice.country ? (regions.get(practice.country) ?? practice.country) : 'EU-wide'}
                ; addresses {shared.map((b) => labelOf(BARRIERS, b)).join(', ')})
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>Engagement</h2>
      {v.interviews ? (
        <table>
          <caption>Interviews by stakeholder group, as printed in PRECISEU D6.1</caption>
          <thead>
            <tr>
              <th scope="col">Stakeholder group</th>
              <th scope="col" class="num">
                Interviews
              </th>
            </tr>
          </thead>
          <tbody>
            {STAKEHOLDER_GROUPS.filter((g) => g.code !== 'patient_organisation').map((g) => (
              <tr>
                <th scope="row">{g.label}</th>
                <td class="num">{v.interviews?.[g.code] ?? '–'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Printed total</th>
              <td class="num">{v.interviews.printed_total ?? '–'}</td>
            </tr>
          </tfoot>
        </table>
      ) : (
        <p>No interviews on record.</p>
      )}
      {v.workshops.length === 0 ? (
        <p>No workshop on record.</p>
      ) : (
        <ul>
          {v.workshops.map((w) => (
            <li>
              Workshop{w.held_on ? ` (${w.held_on})` : ''}: {w.participants ?? 'unknown number of'}{' '}
              participants, {w.format === 'on_site' ? 'on site' : (w.format ?? 'format not given')}
              {w.organisers ? `, organised by ${w.organisers}` : ''}.
            </li>
          ))}
        </ul>
      )}
    </article>,
  );
}
