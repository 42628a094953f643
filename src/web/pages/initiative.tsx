import type { Child } from 'hono/jsx';
import type { JsonLd } from '../../domain/open-data.ts';
import type { InitiativeView } from '../../services/initiatives.ts';
import {
  Breadcrumb,
  domainLabel,
  formatCount,
  formatDate,
  LinkOrReason,
  type RegionNames,
  relationLabel,
  SourceList,
  scopeLabel,
  statusLabel,
  themeLabel,
  typeLabel,
} from '../components.tsx';
import { t } from '../i18n.ts';
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
export function initiativePage(view: InitiativeView, regions: RegionNames, jsonLd: JsonLd) {
  const i = view.initiative;
  const path = `/initiatives/${i.slug}`;
  return renderPage(
    {
      title: i.name,
      path,
      description: i.summary ?? t('initiative.descriptionFallback', { name: i.name }),
      jsonLd,
    },
    <article class="detail">
      <Breadcrumb
        parent={{ href: '/initiatives', label: t('initiative.breadcrumbParent') }}
        current={i.acronym ?? i.name}
      />
      <h1>{i.name}</h1>
      {i.nativeName ? (
        <p class="native-name">
          <span class="visually-hidden">{t('initiative.nativeName')} </span>
          {i.nativeName}
        </p>
      ) : null}
      {i.summary ? (
        <p class="lead">{i.summary}</p>
      ) : (
        <p class="lead muted">{t('initiative.noSummary')}</p>
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
        label={t('initiative.mapLabel', {
          name: i.name,
          places: [
            ...i.regions.map((r) => regions.get(r) ?? r),
            regions.get(i.homeCountry) ?? i.homeCountry,
          ].join(', '),
        })}
      />
      <h2>{t('initiative.facts')}</h2>
      <dl class="facts">
        {i.acronym ? <Field label={t('initiative.field_acronym')}>{i.acronym}</Field> : null}
        <Field label={t('initiative.field_website')}>
          <LinkOrReason link={i.website} missing={i.websiteMissing} />
        </Field>
        <Field label={t('initiative.field_domain')}>
          <a href={`/initiatives?domain=${i.domain}`}>{domainLabel(i.domain)}</a>
        </Field>
        <Field label={t('initiative.field_type')}>
          <a href={`/initiatives?type=${i.type}`}>{typeLabel(i.type)}</a>
        </Field>
        <Field label={t('initiative.field_status')}>
          {statusLabel(i.status)}
          {i.statusAsOf ? ` ${t('initiative.statusAsOf', { date: i.statusAsOf })}` : ''}
          {i.statusNote ? <span class="note"> — {i.statusNote}</span> : null}
        </Field>
        <Field label={t('initiative.field_scope')}>
          {i.scopes.map(scopeLabel).join(', ')}
          {i.scopeVerbatim ? (
            <span class="note"> {t('initiative.scopeVerbatim', { text: i.scopeVerbatim })}</span>
          ) : null}
        </Field>
        <Field label={t('initiative.field_homeCountry')}>
          <a href={`/initiatives?country=${encodeURIComponent(i.homeCountry)}`}>
            {regions.get(i.homeCountry) ?? i.homeCountry}
          </a>
        </Field>
        {i.regions.length > 0 ? (
          <Field label={t('initiative.field_locatedIn')}>
            {i.regions.map((r, n) => (
              <>
                {n > 0 ? ', ' : ''}
                {regions.get(r) ?? r}
              </>
            ))}
          </Field>
        ) : null}
        {i.submittingRegion ? (
          <Field label={t('initiative.field_reportedBy')}>
            {regionLink(i.submittingRegion, regions)}
          </Field>
        ) : null}
        {i.themes.length > 0 ? (
          <Field label={t('initiative.field_themes')}>
            {i.themes.map((theme, n) => (
              <>
                {n > 0 ? ', ' : ''}
                <a href={`/initiatives?theme=${theme}`}>{themeLabel(theme)}</a>
              </>
            ))}
          </Field>
        ) : null}
        {i.funding.length > 0 ? (
          <Field label={t('initiative.field_funding')}>
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
          <h2>{t('initiative.objectives')}</h2>
          <p>{i.objectives}</p>
        </>
      ) : null}
      {view.related.length > 0 ? (
        <>
          <h2>{t('initiative.related')}</h2>
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
          <h2>{t('initiative.similar')}</h2>
          <ul>
            {view.similar.map((s) => (
              <li>
                <a href={`/initiatives/${s.slug}`}>{s.name}</a>{' '}
                <span class="muted">
                  {t('initiative.sharedThemes', { count: s.shared, n: formatCount(s.shared) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {i.notes ? (
        <>
          <h2>{t('initiative.notes')}</h2>
          <p>{i.notes}</p>
        </>
      ) : null}
      <h2>{t('initiative.sources')}</h2>
      <SourceList sources={i.sources} titles={view.sourceTitles} />
      <p>
        <a href={`/suggest?record=initiative:${i.slug}`}>{t('suggest.link')}</a>
      </p>
      <p class="record-meta">
        {t('initiative.recordMetaBefore', { version: i.version })}{' '}
        <time datetime={i.updatedAt}>{formatDate(i.updatedAt)}</time>
        {view.lastChange
          ? t('initiative.recordMetaAfterBy', { actor: view.lastChange.actor })
          : t('initiative.recordMetaAfter')}
      </p>
    </article>,
  );
}
