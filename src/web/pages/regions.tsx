import { BARRIERS, STAKEHOLDER_GROUPS } from '../../domain/codes.ts';
import type { CrossTab } from '../../domain/crosstab.ts';
import { type JsonLd, SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { SourceRef } from '../../domain/schemas.ts';
import type { RegionSummary } from '../../services/compare.ts';
import type { WorkshopNote } from '../../services/engagement.ts';
import type { RegionView } from '../../services/regions.ts';
import { CrossTabChart } from '../charts.tsx';
import {
  Breadcrumb,
  barrierLabel,
  codeLabel,
  domainLabel,
  formatCount,
  MessageWith,
  typeLabel,
} from '../components.tsx';
import { EvidenceStatement, type Statement } from '../evidence.tsx';
import { initiativesChart, initiativesTitle } from '../figure-tables.ts';
import { FigureTools } from '../figure-tools.tsx';
import { langIfOther, placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { PartnerRegionsMap } from '../map.tsx';
import { RecommendedForRegion } from '../recommended.tsx';
import { RegionBarrierRanking } from '../region-barriers.tsx';
import { RegionStrategies } from './strategies.tsx';
import { TwinningSuggestionsView } from './twinning.tsx';

/** Initiatives of a region by domain × type, each count linking to the filtered list. */
function DomainTypeTable({
  table,
  region,
  filter,
  caption,
}: {
  table: CrossTab;
  region: string;
  /** The list filter that gives the same initiatives: reported by a region, or based in a country. */
  filter: 'region' | 'country';
  caption: string;
}) {
  const link = (params: string, n: number) =>
    n === 0 ? (
      '0'
    ) : (
      <a href={`/initiatives?${filter}=${encodeURIComponent(region)}${params}`}>{formatCount(n)}</a>
    );
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('regions.colDomain')}</th>
            {table.columns.map((c) => (
              <th scope="col" class="num">
                {typeLabel(c)}
              </th>
            ))}
            <th scope="col" class="num">
              {t('regions.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr>
              <th scope="row">{domainLabel(r)}</th>
              {table.columns.map((c, j) => (
                <td class="num">{link(`&domain=${r}&type=${c}`, table.cells[i]?.[j] ?? 0)}</td>
              ))}
              <td class="num">{link(`&domain=${r}`, table.rowTotals[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('regions.total')}</th>
            {table.columns.map((c, j) => (
              <td class="num">{link(`&type=${c}`, table.columnTotals[j] ?? 0)}</td>
            ))}
            <td class="num">{link('', table.total)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

const WORKSHOP_FORMATS: Readonly<Record<string, string>> = {
  online: 'regions.formatOnline',
  on_site: 'regions.formatOnSite',
  hybrid: 'regions.formatHybrid',
};

/** One workshop in a sentence: date, participants, format and organisers where known. */
function workshopLine(w: RegionView['workshops'][number]): string {
  const formatKey = w.format ? WORKSHOP_FORMATS[w.format] : undefined;
  const vars = {
    workshop: w.heldOn ? t('regions.workshopHeld', { date: w.heldOn }) : t('regions.workshop'),
    participants:
      w.participants === null
        ? t('regions.participantsUnknown')
        : t('regions.participants', { count: w.participants, n: formatCount(w.participants) }),
    format: formatKey ? t(formatKey) : (w.format ?? t('regions.formatNotGiven')),
    organisers: w.organisers ?? '',
  };
  return w.organisers ? t('regions.workshopLineOrganisers', vars) : t('regions.workshopLine', vars);
}

/** Where a note comes from: each source's title, with its section and note (in English). */
function SourceList({
  sources,
  titles,
}: {
  sources: readonly SourceRef[];
  titles: ReadonlyMap<string, string>;
}) {
  return (
    <>
      {sources.map((s, i) => (
        <>
          {i > 0 ? '; ' : ''}
          <cite lang={langIfOther('en')}>{titles.get(s.source) ?? s.source}</cite>
          {s.section ? (
            <>
              , <MessageWith message="barriers.quoteSection" name="section" value={s.section} />
            </>
          ) : null}
          {s.note ? (
            <>
              {' '}
              (<span lang="en">{s.note}</span>)
            </>
          ) : null}
        </>
      ))}
    </>
  );
}

/** The interview table of a fact sheet, with the data-quality check's note beside its printed total. */
function InterviewTable({ v }: { v: RegionView }) {
  const row = v.interviews;
  if (!row) return <p>{t('regions.noInterviews')}</p>;
  const note = v.interviewNote;
  return (
    <>
      <table class="interviews" id="interviews">
        <caption>{t('regions.interviewsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('regions.colStakeholderGroup')}</th>
            <th scope="col" class="num">
              {t('regions.interviews')}
            </th>
          </tr>
        </thead>
        <tbody>
          {STAKEHOLDER_GROUPS.filter((g) => g.code !== 'patient_organisation').map((g) => (
            <tr>
              <th scope="row">{codeLabel('stakeholderGroup', g.code)}</th>
              <td class="num">{row.byGroup[g.code] ?? '–'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('regions.printedTotal')}</th>
            <td class="num" aria-describedby={note ? 'interview-note' : undefined}>
              {row.printedTotal ?? '–'}
              {note ? (
                <>
                  {' '}
                  <a href="#interview-note" class="note-ref">
                    {t('regions.noteRef')}
                  </a>
                </>
              ) : null}
            </td>
          </tr>
        </tfoot>
      </table>
      {note ? (
        <p id="interview-note" class="data-note" data-kind={note.kind}>
          <strong>{t('regions.dataQualityNote')}</strong>{' '}
          {/* Findings are written by the check in English, as on the data-quality page. */}
          <span lang="en">{note.message}</span>{' '}
          <a href={`/data-quality#${note.kind}`}>{t('regions.dataQualityLink')}</a>
        </p>
      ) : null}
      <FigureTools
        figure={{
          id: 'interviews',
          title: t('regions.interviewsCaption'),
          href: `/figures/regions/${encodeURIComponent(v.region.code)}/interviews`,
          formats: ['csv'],
        }}
      />
    </>
  );
}

/** The workshops of a fact sheet, or what the source says of the workshop when none was held. */
function Workshops({ v }: { v: RegionView }) {
  const note = v.report?.workshopNote;
  if (v.workshops.length > 0)
    return (
      <ul>
        {v.workshops.map((w) => (
          <li>{workshopLine(w)}</li>
        ))}
      </ul>
    );
  if (!note) return <p>{t('regions.noWorkshop')}</p>;
  return (
    <p class="data-note" id="workshop-note">
      <strong>{t('regions.noWorkshopHeld')}</strong> <span lang="en">{note.text}</span>{' '}
      <span class="muted">
        {t('regions.noteSource')} <SourceList sources={note.sources} titles={v.sourceTitles} />
      </span>
    </p>
  );
}

/** The regions page: the partner regions with what the atlas holds about each. */
export function regionsPage(
  summaries: readonly RegionSummary[],
  workshopNotes: readonly WorkshopNote[] = [],
) {
  return renderPage(
    {
      scripts: ['figures.js'],
      title: t('regions.title'),
      path: '/regions',
      description: t('regions.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'ItemList',
        name: t('regions.title'),
        itemListElement: summaries.map((s, i) => ({
          '@type': 'ListItem',
          position: i + 1,
          url: `/regions/${s.code}`,
          name: nameOf(s),
        })),
      },
    },
    <>
      <h1>{t('regions.title')}</h1>
      <p class="lead">{t('regions.lead')}</p>
      <p>
        <a href="/compare">{t('regions.compareLink')}</a>
      </p>
      <PartnerRegionsMap
        id="regions-map"
        counts={new Map(summaries.map((s) => [s.code, s.initiatives]))}
        names={new Map(summaries.map((s) => [s.code, nameOf(s)]))}
      />
      <FigureTools
        figure={{
          id: 'regions-map-svg',
          title: t('map.regionsTitle'),
          href: '/figures/regions-map',
          formats: ['svg', 'png', 'csv'],
        }}
      />
      <div
        class="table-scroll"
        id="regions-table"
        role="region"
        aria-label={t('regions.tableLabel')}
        tabindex={0}
      >
        <table>
          <caption class="visually-hidden">{t('regions.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('regions.colRegion')}</th>
              <th scope="col" class="num">
                {t('regions.initiativesReported')}
              </th>
              <th scope="col" class="num">
                {t('regions.colStatements')}
              </th>
              <th scope="col" class="num">
                {t('regions.colPractices')}
              </th>
              <th scope="col" class="num">
                {t('regions.interviews')}
              </th>
              <th scope="col" class="num">
                {t('regions.colWorkshopParticipants')}
              </th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s) => (
              <tr>
                <th scope="row">
                  <a href={`/regions/${encodeURIComponent(s.code)}`}>{nameOf(s)}</a>
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
      <FigureTools
        figure={{
          id: 'regions-table',
          title: t('regions.tableLabel'),
          href: '/figures/regions',
          formats: ['csv'],
        }}
      />
      <p class="muted">{t('regions.noEngagementNote')}</p>
      {workshopNotes.length > 0 ? (
        <ul class="muted workshop-notes">
          {workshopNotes.map((n) => (
            <li>
              <a href={`/regions/${encodeURIComponent(n.region)}#workshop-note`}>
                {nameOf(
                  summaries.find((s) => s.code === n.region) ?? { code: n.region, name: n.region },
                )}
              </a>
              : {t('regions.noWorkshopHeld')} <span lang="en">{n.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>,
  );
}

/** A place's name in the reader's language (a country's through CLDR, a region's from region-names.json). */
const nameOf = (p: { readonly code: string; readonly name: string }) => placeName(p.code, p.name);

/** The country a region is in, or the regions of a country that the atlas holds, as links. */
function Places({ v }: { v: RegionView }) {
  const { country, regions } = v.places;
  if (country)
    return (
      <p>
        {t('regions.inCountry', { name: nameOf(v.region) })}{' '}
        <a href={`/regions/${encodeURIComponent(country.code)}`}>{nameOf(country)}</a>
      </p>
    );
  if (regions.length === 0) return null;
  return (
    <nav aria-labelledby="places-title">
      <h2 id="places-title">{t('regions.regionsOf', { name: nameOf(v.region) })}</h2>
      <ul>
        {regions.map((x) => (
          <li>
            <a href={`/regions/${encodeURIComponent(x.code)}`}>{nameOf(x)}</a>
            {x.isPartner ? ` (${t('regions.partner')})` : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A region's fact sheet. */
export function regionPage(v: RegionView, jsonLd: JsonLd) {
  const r = { ...v.region, name: nameOf(v.region) };
  // The regional reports' texts are the atlas's English paraphrases: marked so on other pages.
  const reportLang = langIfOther('en');
  const path = `/regions/${r.code}`;
  const evidenceByBarrier = new Map<string, Statement[]>();
  for (const e of v.evidence)
    for (const b of new Set(e.barriers))
      evidenceByBarrier.set(b, [...(evidenceByBarrier.get(b) ?? []), e]);
  const barrierOrder = BARRIERS.map((b) => b.code as string);
  const barriers = [...evidenceByBarrier.keys()].sort(
    (a, b) => barrierOrder.indexOf(a) - barrierOrder.indexOf(b),
  );
  // A statement listed under several barriers is anchored (statement-<key>) at its first listing.
  const anchoredUnder = new Map<string, string>();
  for (const b of barriers)
    for (const e of evidenceByBarrier.get(b) ?? [])
      if (!anchoredUnder.has(e.key)) anchoredUnder.set(e.key, b);
  return renderPage(
    {
      scripts: ['figures.js'],
      title: t('regions.factSheetTitle', { name: r.name }),
      path,
      description: v.report?.overview ?? undefined,
      jsonLd,
    },
    <article class="fact-sheet">
      <Breadcrumb parent={{ href: '/regions', label: t('regions.title') }} current={r.name} />
      <h1>{r.name}</h1>
      {r.nativeName ? <p class="native-name">{r.nativeName}</p> : null}
      {v.report?.overview ? (
        <p class="lead" lang={reportLang}>
          {v.report.overview}
        </p>
      ) : (
        <p class="lead">
          {t(v.places.regions.length > 0 ? 'regions.countryLead' : 'regions.noFactSheet', {
            name: r.name,
          })}
        </p>
      )}
      {v.report ? <p class="muted">{t('regions.paraphraseNote')}</p> : null}
      <Places v={v} />

      <h2 id="initiatives">
        {v.initiativeBasis === 'based'
          ? t('regions.initiativesBased')
          : t('regions.initiativesReported')}
      </h2>
      {v.initiativeBasis === 'based' ? <p>{t('regions.basedNote', { name: r.name })}</p> : null}
      {v.basedHere !== undefined ? (
        <p>
          <a href={`/initiatives?country=${encodeURIComponent(r.code)}`}>
            {t('regions.basedHere', {
              count: v.basedHere,
              n: formatCount(v.basedHere),
              name: r.name,
            })}
          </a>{' '}
          {t('regions.basedHereWhy', { name: r.name })}
        </p>
      ) : null}
      {v.initiatives.total > 0 ? (
        <CrossTabChart
          {...initiativesChart(v)}
          label={t(
            v.initiativeBasis === 'based' ? 'regions.chartLabelBased' : 'regions.chartLabel',
            { name: r.name },
          )}
        />
      ) : null}
      <DomainTypeTable
        table={v.initiatives}
        region={r.code}
        filter={v.initiativeBasis === 'based' ? 'country' : 'region'}
        caption={initiativesTitle(v)}
      />
      <FigureTools
        figure={{
          id: 'initiatives',
          title: initiativesTitle(v),
          href: `/figures/regions/${encodeURIComponent(r.code)}/initiatives`,
          formats: v.initiatives.total > 0 ? ['svg', 'png', 'csv'] : ['csv'],
        }}
      />

      {v.report && (v.report.strengths.length > 0 || v.report.weaknesses.length > 0) ? (
        <div class="two-col">
          <section aria-labelledby="strengths">
            <h2 id="strengths">{t('regions.strengths')}</h2>
            <ul>
              {v.report.strengths.map((s) => (
                <li lang={reportLang}>{s}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="weaknesses">
            <h2 id="weaknesses">{t('regions.weaknesses')}</h2>
            <ul>
              {v.report.weaknesses.map((s) => (
                <li lang={reportLang}>{s}</li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}

      {v.report && v.report.challenges.length > 0 ? (
        <>
          <h2>{t('regions.challengesHeading')}</h2>
          <ul>
            {v.report.challenges.map((c) => (
              <li>
                <span lang={reportLang}>{c.note}</span> <span class="muted">(</span>
                <a href={`/barriers/${c.barrier}`}>{barrierLabel(c.barrier)}</a>
                <span class="muted">)</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <RegionBarrierRanking v={v} />
      <h2>{t('regions.barriersHeading')}</h2>
      {barriers.length === 0 ? <p>{t('regions.noStatements')}</p> : null}
      {barriers.map((b) => (
        <section aria-labelledby={`b-${b}`}>
          <h3 id={`b-${b}`}>
            <a href={`/barriers/${b}`}>{barrierLabel(b)}</a>
          </h3>
          <ul class="evidence-list">
            {(evidenceByBarrier.get(b) ?? []).map((e) => (
              <EvidenceStatement
                e={e}
                barrier={b}
                titles={v.sourceTitles}
                id={anchoredUnder.get(e.key) === b ? `statement-${e.key}` : undefined}
                path={path}
              />
            ))}
          </ul>
        </section>
      ))}

      {v.report?.secondaryDataAccess ? (
        <>
          <h2>{t('regions.secondaryDataHeading')}</h2>
          <p lang={reportLang}>{v.report.secondaryDataAccess}</p>
        </>
      ) : null}

      <h2>{t('regions.practicesFromHeading', { name: r.name })}</h2>
      {v.practicesFrom.length === 0 ? (
        <p>{t('regions.noneOnRecord')}</p>
      ) : (
        <ul>
          {v.practicesFrom.map((p) => (
            <li>
              <a href={`/good-practices/${p.slug}`}>{p.name}</a>
            </li>
          ))}
        </ul>
      )}
      <RecommendedForRegion recommended={v.recommended} />
      <RegionStrategies strategies={v.strategies} />
      <section aria-labelledby="twinning-title">
        <h2 id="twinning-title">{t('twinning.regionHeading')}</h2>
        <TwinningSuggestionsView v={v.twinning} id="twin" most={3} />
        <p>
          <a href={`/twinning?region=${encodeURIComponent(v.region.code)}`}>
            {t('twinning.seeAll', { name: nameOf(v.region) })}
          </a>
        </p>
      </section>

      <h2>{t('regions.engagementHeading')}</h2>
      <InterviewTable v={v} />
      <h3>{t('regions.workshopHeading')}</h3>
      <Workshops v={v} />
    </article>,
  );
}
