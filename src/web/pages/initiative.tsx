import type { Child } from 'hono/jsx';
import type { JsonLd } from '../../domain/open-data.ts';
import type { InferableField, Inference } from '../../domain/schemas.ts';
import type { RecordTranslations } from '../../domain/translations.ts';
import type { InitiativeView } from '../../services/initiatives.ts';
import { withCodeLabels } from '../code-words.ts';
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
import { RecordLanguage, textLang } from '../record-language.tsx';
import {
  OtherLanguages,
  ProposeTranslation,
  shownLang,
  shown as shownText,
  TranslationNote,
} from '../translated.tsx';

function Field({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Where each inferable field is shown: the label of its row in the facts, or of its section. */
const FIELD_LABELS: Readonly<Record<InferableField, string>> = {
  name: 'initiative.field_name',
  acronym: 'initiative.field_acronym',
  nativeName: 'initiative.field_nativeName',
  website: 'initiative.field_website',
  homeCountry: 'initiative.field_homeCountry',
  regions: 'initiative.field_locatedIn',
  submittingRegion: 'initiative.field_reportedBy',
  scopes: 'initiative.field_scope',
  status: 'initiative.field_status',
  statusAsOf: 'initiative.field_status',
  domain: 'initiative.field_domain',
  type: 'initiative.field_type',
  themes: 'initiative.field_themes',
  funding: 'initiative.field_funding',
  relations: 'initiative.related',
};

/**
 * Beside a value the curators inferred: that they did, and why, in words (not a colour or an
 * icon alone). The reason is data, written in English.
 */
function InferenceNote({ mark }: { mark: Inference | undefined }) {
  if (!mark) return null;
  return (
    <p class="inferred" id={`inferred-${mark.field}`}>
      <strong>{t('initiative.inferredLabel')}</strong> <span lang="en">{mark.reason}</span>
    </p>
  );
}

/** Whether the page shows the field's value where its mark goes (else the mark is listed apart). */
function shown(i: InitiativeView['initiative'], field: InferableField, related: number): boolean {
  switch (field) {
    case 'regions':
      return i.regions.length > 0;
    case 'themes':
      return i.themes.length > 0;
    case 'funding':
      return i.funding.length > 0;
    case 'relations':
      return related > 0;
    case 'website':
    case 'homeCountry':
    case 'scopes':
    case 'status':
    case 'statusAsOf':
    case 'domain':
    case 'type':
    case 'name':
      return true;
    default:
      return i[field] !== undefined;
  }
}

/** The marks of fields the page does not show where a mark goes, listed under the facts. */
function OtherInferences({ marks }: { marks: readonly Inference[] }) {
  if (marks.length === 0) return null;
  return (
    <>
      <h3>{t('initiative.inferredOther')}</h3>
      <dl class="facts">
        {marks.map((m) => (
          <Field label={t(FIELD_LABELS[m.field])}>
            <InferenceNote mark={m} />
          </Field>
        ))}
      </dl>
    </>
  );
}

function regionLink(code: string, regions: RegionNames) {
  return (
    <a href={`/initiatives?region=${encodeURIComponent(code)}`}>{regions.get(code) ?? code}</a>
  );
}

/** The detail page of one initiative: every field, relations as links, provenance, version. */
export function initiativePage(
  view: InitiativeView,
  regions: RegionNames,
  jsonLd: JsonLd,
  translations?: RecordTranslations,
) {
  const i = view.initiative;
  const path = `/initiatives/${i.slug}`;
  const marks = i.inferred ?? [];
  const mark = (field: InferableField) => marks.find((m) => m.field === field);
  const elsewhere = marks.filter((m) => !shown(i, m.field, view.related.length));
  const lang = textLang(i.language);
  const original = i.language ?? 'en';
  const name = shownText(translations, 'name', i.name, original);
  const summary = i.summary ? shownText(translations, 'summary', i.summary, original) : undefined;
  return renderPage(
    {
      title: name.text,
      path,
      description: summary?.text ?? t('initiative.descriptionFallback', { name: name.text }),
      jsonLd,
    },
    <article class="detail">
      <Breadcrumb
        parent={{ href: '/initiatives', label: t('initiative.breadcrumbParent') }}
        current={i.acronym ?? i.name}
      />
      <h1 lang={shownLang(name, textLang)}>{name.text}</h1>
      <InferenceNote mark={mark('name')} />
      {i.nativeName ? (
        <p class="native-name">
          <span class="visually-hidden">{t('initiative.nativeName')} </span>
          {i.nativeName}
        </p>
      ) : null}
      {i.nativeName ? <InferenceNote mark={mark('nativeName')} /> : null}
      {summary ? (
        <p class="lead" lang={shownLang(summary, textLang)}>
          {summary.text}
        </p>
      ) : (
        <p class="lead muted">{t('initiative.noSummary')}</p>
      )}
      <TranslationNote text={summary?.translatedBy ? summary : name} from={original} />
      {i.language ? <RecordLanguage language={i.language} /> : null}
      <OtherLanguages translations={translations} path={path} />
      <ProposeTranslation translations={translations} />
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
      {marks.length > 0 ? (
        <p class="muted">
          {t('initiative.inferredIntro', { count: marks.length, n: formatCount(marks.length) })}
        </p>
      ) : null}
      <dl class="facts">
        {i.acronym ? (
          <Field label={t('initiative.field_acronym')}>
            {i.acronym}
            <InferenceNote mark={mark('acronym')} />
          </Field>
        ) : null}
        <Field label={t('initiative.field_website')}>
          <LinkOrReason link={i.website} missing={i.websiteMissing} />
          <InferenceNote mark={mark('website')} />
        </Field>
        <Field label={t('initiative.field_domain')}>
          <a href={`/initiatives?domain=${i.domain}`}>{domainLabel(i.domain)}</a>
          <InferenceNote mark={mark('domain')} />
        </Field>
        <Field label={t('initiative.field_type')}>
          <a href={`/initiatives?type=${i.type}`}>{typeLabel(i.type)}</a>
          <InferenceNote mark={mark('type')} />
        </Field>
        <Field label={t('initiative.field_status')}>
          {statusLabel(i.status)}
          {i.statusAsOf ? ` ${t('initiative.statusAsOf', { date: i.statusAsOf })}` : ''}
          {i.statusNote ? <span class="note"> — {i.statusNote}</span> : null}
          <InferenceNote mark={mark('status')} />
          <InferenceNote mark={mark('statusAsOf')} />
        </Field>
        <Field label={t('initiative.field_scope')}>
          {i.scopes.map(scopeLabel).join(', ')}
          {i.scopeVerbatim ? (
            <span class="note"> {t('initiative.scopeVerbatim', { text: i.scopeVerbatim })}</span>
          ) : null}
          <InferenceNote mark={mark('scopes')} />
        </Field>
        <Field label={t('initiative.field_homeCountry')}>
          <a href={`/initiatives?country=${encodeURIComponent(i.homeCountry)}`}>
            {regions.get(i.homeCountry) ?? i.homeCountry}
          </a>
          <InferenceNote mark={mark('homeCountry')} />
        </Field>
        {i.regions.length > 0 ? (
          <Field label={t('initiative.field_locatedIn')}>
            {i.regions.map((r, n) => (
              <>
                {n > 0 ? ', ' : ''}
                {regions.get(r) ?? r}
              </>
            ))}
            <InferenceNote mark={mark('regions')} />
          </Field>
        ) : null}
        {i.submittingRegion ? (
          <Field label={t('initiative.field_reportedBy')}>
            {regionLink(i.submittingRegion, regions)}
            <InferenceNote mark={mark('submittingRegion')} />
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
            <InferenceNote mark={mark('themes')} />
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
            <InferenceNote mark={mark('funding')} />
          </Field>
        ) : null}
      </dl>
      <OtherInferences marks={elsewhere} />
      {i.objectives ? (
        <>
          <h2>{t('initiative.objectives')}</h2>
          <p lang={lang}>{i.objectives}</p>
        </>
      ) : null}
      {view.related.length > 0 ? (
        <>
          <h2>{t('initiative.related')}</h2>
          <InferenceNote mark={mark('relations')} />
          <ul class="related">
            {view.related.map((r) => (
              <li>
                {relationLabel(r.kind, r.direction)}:{' '}
                <a href={`/initiatives/${r.slug}`} lang={textLang(r.language)}>
                  {r.name}
                </a>
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
                <a href={`/initiatives/${s.slug}`} lang={textLang(s.language)}>
                  {s.name}
                </a>{' '}
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
          <p>{withCodeLabels(i.notes)}</p>
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
