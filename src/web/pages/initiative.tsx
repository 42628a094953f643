import type { Child } from 'hono/jsx';
import type { InitiativeView } from '../../services/initiatives.ts';
import {
  Breadcrumb,
  domainLabel,
  LinkOrReason,
  type RegionNames,
  relationLabel,
  SourceList,
  scopeLabel,
  statusLabel,
  themeLabel,
  typeLabel,
} from '../components.tsx';
import { renderPage } from '../layout.tsx';
import { LocatorMap } from '../map.tsx';

function Field({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function regionLink(code: string, regions: RegionNames) {
  return (
    <a href={`/initiatives?region=${encodeURIComponent(code)}`}>{regions.get(code) ?? code}</a>
  );
}

/** The detail page of one initiative: every field, relations as links, provenance, version. */
export function initiativePage(view: InitiativeView, regions: RegionNames) {
  const i = view.initiative;
  const path = `/initiatives/${i.slug}`;
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Project',
    '@id': path,
    name: i.name,
    url: path,
    ...(i.acronym ? { alternateName: i.acronym } : {}),
    ...(i.summary ? { description: i.summary } : {}),
    ...(i.website ? { sameAs: i.website } : {}),
    areaServed: i.scopes.map(scopeLabel),
    location: {
      '@type': 'Country',
      name: regions.get(i.homeCountry) ?? i.homeCountry,
      identifier: i.homeCountry,
    },
    keywords: [domainLabel(i.domain), typeLabel(i.type), ...i.themes.map(themeLabel)].join(', '),
    dateModified: i.updatedAt,
  };
  return renderPage(
    {
      title: i.name,
      path,
      description: i.summary ?? `${i.name}: a personalised-medicine initiative.`,
      jsonLd,
    },
    <article class="detail">
      <Breadcrumb
        parent={{ href: '/initiatives', label: 'Initiatives' }}
        current={i.acronym ?? i.name}
      />
      <h1>{i.name}</h1>
      {i.nativeName ? (
        <p class="native-name">
          <span class="visually-hidden">Name in the original language: </span>
          {i.nativeName}
        </p>
      ) : null}
      {i.summary ? (
        <p class="lead">{i.summary}</p>
      ) : (
        <p class="lead muted">No summary has been written for this initiative yet.</p>
      )}
      <LocatorMap
        country={i.homeCountry}
        regions={
          i.regions.length > 0
            ? i.regions
            : i.submittingRegion && i.scopes.every((s) => s === 'local' || s === 'regional')
              ? [i.submittingRegion]
              : []
        }
        label={`Map locating ${i.name} in ${[...i.regions.map((r) => regions.get(r) ?? r), regions.get(i.homeCountry) ?? i.homeCountry].join(', ')}`}
      />
      <h2>Facts</h2>
      <dl class="facts">
        {i.acronym ? <Field label="Acronym">{i.acronym}</Field> : null}
        <Field label="Website">
          <LinkOrReason link={i.website} missing={i.websiteMissing} />
        </Field>
        <Field label="Domain">
          <a href={`/initiatives?domain=${i.domain}`}>{domainLabel(i.domain)}</a>
        </Field>
        <Field label="Structural type">
          <a href={`/initiatives?type=${i.type}`}>{typeLabel(i.type)}</a>
        </Field>
        <Field label="Status">
          {statusLabel(i.status)}
          {i.statusAsOf ? ` (as of ${i.statusAsOf})` : ''}
          {i.statusNote ? <span class="note"> — {i.statusNote}</span> : null}
        </Field>
        <Field label="Geographical scope">
          {i.scopes.map(scopeLabel).join(', ')}
          {i.scopeVerbatim ? (
            <span class="note"> (the source wrote “{i.scopeVerbatim}”)</span>
          ) : null}
        </Field>
        <Field label="Home country">
          <a href={`/initiatives?country=${encodeURIComponent(i.homeCountry)}`}>
            {regions.get(i.homeCountry) ?? i.homeCountry}
          </a>
        </Field>
        {i.regions.length > 0 ? (
          <Field label="Located in">
            {i.regions.map((r, n) => (
              <>
                {n > 0 ? ', ' : ''}
                {regions.get(r) ?? r}
              </>
            ))}
          </Field>
        ) : null}
        {i.submittingRegion ? (
          <Field label="Reported by region">{regionLink(i.submittingRegion, regions)}</Field>
        ) : null}
        {i.themes.length > 0 ? (
          <Field label="Themes">
            {i.themes.map((t, n) => (
              <>
                {n > 0 ? ', ' : ''}
                <a href={`/initiatives?theme=${t}`}>{themeLabel(t)}</a>
              </>
            ))}
          </Field>
        ) : null}
        {i.funding.length > 0 ? (
          <Field label="Funding">
            <ul>
              {i.funding.map((f) => (
                <li>
                  {f.funder}
                  {f.programme ? ` – ${f.programme}` : ''}
                  {f.note ? ` (${f.note})` : ''}
                </li>
              ))}
            </ul>
          </Field>
        ) : null}
      </dl>
      {i.objectives ? (
        <>
          <h2>Objectives</h2>
          <p>{i.objectives}</p>
        </>
      ) : null}
      {view.related.length > 0 ? (
        <>
          <h2>Related initiatives</h2>
          <ul class="related">
            {view.related.map((r) => (
              <li>
                {relationLabel(r.kind, r.direction)}:{' '}
                <a href={`/initiatives/${r.slug}`}>{r.name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.similar.length > 0 ? (
        <>
          <h2>Similar initiatives</h2>
          <ul>
            {view.similar.map((s) => (
              <li>
                <a href={`/initiatives/${s.slug}`}>{s.name}</a>{' '}
                <span class="muted">
                  ({s.shared} shared {s.shared === 1 ? 'theme' : 'themes'})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {i.notes ? (
        <>
          <h2>Curator's notes</h2>
          <p>{i.notes}</p>
        </>
      ) : null}
      <h2>Sources</h2>
      <SourceList sources={i.sources} titles={view.sourceTitles} />
      <p class="record-meta">
        Version {i.version}, last changed{' '}
        <time datetime={i.updatedAt}>{i.updatedAt.slice(0, 10)}</time>
        {view.lastChange ? ` by ${view.lastChange.actor}` : ''}.
      </p>
    </article>,
  );
}
