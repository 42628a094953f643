import { BARRIERS } from '../../domain/codes.ts';
import { type JsonLd, SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { RecordTranslations } from '../../domain/translations.ts';
import type { GoodPracticeView, PracticeCatalogue } from '../../services/good-practices.ts';
import {
  Breadcrumb,
  barrierLabel,
  formatCount,
  formatDate,
  LinkOrReason,
  type RegionNames,
  SourceList,
  Tag,
} from '../components.tsx';
import { FigureTools } from '../figure-tools.tsx';
import { compareNames, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { RecordLanguage, textLang } from '../record-language.tsx';
import {
  type ListTexts,
  listed,
  OtherLanguages,
  ProposeTranslation,
  shownLang,
  shown as shownText,
  TranslationNote,
} from '../translated.tsx';

function placeOf(
  p: { country: string | null; region: string | null },
  regions: RegionNames,
): string {
  if (p.region) return regions.get(p.region) ?? p.region;
  if (p.country) return regions.get(p.country) ?? p.country;
  return t('goodPractices.placeEu');
}

function countryLabel(code: string, regions: RegionNames): string {
  return code === 'EU' ? t('goodPractices.countryEu') : (regions.get(code) ?? code);
}

/** The list's filters as a query (barrier=…&country=…&exemplary=true), for its downloads. */
function filterQuery(f: PracticeCatalogue['filters']): string {
  const q = new URLSearchParams();
  for (const b of f.barrier) q.append('barrier', b);
  for (const code of f.country) q.append('country', code);
  if (f.exemplary) q.set('exemplary', 'true');
  return q.toString();
}

/** One practice of the catalogue: its name and description in the page's language where translated. */
function PracticeRow({
  p,
  regions,
  texts,
}: {
  p: PracticeCatalogue['practices'][number];
  regions: RegionNames;
  texts?: ListTexts | undefined;
}) {
  const name = listed(texts, p.slug, 'name', p.name, p.language);
  const summary = p.summary ? listed(texts, p.slug, 'summary', p.summary, p.language) : undefined;
  return (
    <li class="result">
      <h3 lang={shownLang(name, textLang)}>
        <a href={`/good-practices/${p.slug}`}>{name.text}</a>
      </h3>
      <p class="meta">
        <span class="place">{placeOf(p, regions)}</span>
        {p.exemplary ? <Tag kind="domain">{t('goodPractices.exemplaryTag')}</Tag> : null}
        {p.barriers.map((b) => (
          <Tag>{barrierLabel(b)}</Tag>
        ))}
      </p>
      {summary ? (
        <p class="snippet" lang={shownLang(summary, textLang)}>
          {summary.text}
        </p>
      ) : null}
    </li>
  );
}

/**
 * The catalogue of good practices with filters by barrier, country and exemplary flag; `texts`
 * holds the approved translations of the practices into the page's language.
 */
export function goodPracticesPage(c: PracticeCatalogue, regions: RegionNames, texts?: ListTexts) {
  const f = c.filters;
  const chosen = f.barrier.length + f.country.length + (f.exemplary ? 1 : 0);
  const filtered = chosen > 0;
  // A chosen country stays listed (with 0) even when the other filters leave it no match.
  const countries = [
    ...c.counts.country.entries(),
    ...f.country.filter((code) => !c.counts.country.has(code)).map((code) => [code, 0] as const),
  ].sort((a, b) => compareNames(countryLabel(a[0], regions), countryLabel(b[0], regions)));
  return renderPage(
    {
      title: filtered
        ? t('goodPractices.titleMatching', { count: c.total, n: formatCount(c.total) })
        : t('goodPractices.title'),
      path: '/good-practices',
      description: t('goodPractices.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'CollectionPage',
        name: t('goodPractices.title'),
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
      <h1>{t('goodPractices.title')}</h1>
      <p class="lead">{t('goodPractices.lead')}</p>
      <form method="get" action="/good-practices" class="layout-list">
        {/* On a phone the filters fold behind a "Filters" summary, as on the initiatives page;
            wider screens always show them. */}
        <details class="filters">
          <summary class="filters-toggle">
            {chosen > 0
              ? t('initiatives.filtersToggleActive', { count: chosen })
              : t('initiatives.filtersToggle')}
          </summary>
          <a class="jump-link" href="#practices-heading">
            {t('goodPractices.skipFilters', { count: c.total, n: formatCount(c.total) })}
          </a>
          <h2>{t('goodPractices.filterHeading')}</h2>
          <fieldset class="facet">
            <legend>{t('goodPractices.barrierLegend')}</legend>
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
                    {b.number}. {barrierLabel(b.code)}{' '}
                    <span class="count">({formatCount(c.counts.barrier.get(b.code) ?? 0)})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <fieldset class="facet">
            <legend>{t('goodPractices.countryLegend')}</legend>
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
            <legend>{t('goodPractices.recognition')}</legend>
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
                  {t('goodPractices.exemplaryBySource')}{' '}
                  <span class="count">({formatCount(c.counts.exemplary)})</span>
                </label>
              </li>
            </ul>
          </fieldset>
          <button type="submit">{t('goodPractices.applyFilters')}</button>
        </details>
        <section class="results-area" aria-labelledby="practices-heading">
          <h2 id="practices-heading" tabindex={-1}>
            {t('goodPractices.practiceCount', { count: c.total, n: formatCount(c.total) })}
          </h2>
          {filtered ? (
            <p>
              <a href="/good-practices">{t('goodPractices.clearFilters')}</a>
            </p>
          ) : null}
          {c.total > 0 ? (
            <FigureTools
              figure={{
                id: 'practices-heading',
                title: t('goodPractices.title'),
                href: '/figures/good-practices',
                formats: ['csv', 'xlsx'],
                query: filterQuery(f) || undefined,
              }}
            />
          ) : null}
          {c.total === 0 ? (
            <div class="empty-state">
              <p>
                <strong>{t('goodPractices.emptyTitle')}</strong>
                {t('goodPractices.emptyHintBefore')}
                <a href="/good-practices">{t('goodPractices.emptyHintLink')}</a>
                {t('goodPractices.emptyHintAfter')}
              </p>
            </div>
          ) : (
            <ul class="results">
              {c.practices.map((p) => (
                <PracticeRow p={p} regions={regions} texts={texts} />
              ))}
            </ul>
          )}
        </section>
      </form>
    </>,
  );
}

/** One good practice: what it is, where, which barriers it addresses, and how it could transfer. */
export function goodPracticePage(
  v: GoodPracticeView,
  regions: RegionNames,
  jsonLd: JsonLd,
  translations?: RecordTranslations,
) {
  const p = v.practice;
  const path = `/good-practices/${p.slug}`;
  const lang = textLang(p.language);
  const name = shownText(translations, 'name', p.name, p.language);
  const summary = p.summary ? shownText(translations, 'summary', p.summary, p.language) : undefined;
  return renderPage(
    {
      title: name.text,
      path,
      description: summary?.text,
      jsonLd,
    },
    <article class="detail">
      <Breadcrumb
        parent={{ href: '/good-practices', label: t('goodPractices.title') }}
        current={name.text}
      />
      <h1 lang={shownLang(name, textLang)}>{name.text}</h1>
      {summary ? (
        <p class="lead" lang={shownLang(summary, textLang)}>
          {summary.text}
        </p>
      ) : null}
      <TranslationNote text={summary?.translatedBy ? summary : name} from={p.language} />
      <RecordLanguage language={p.language} />
      <OtherLanguages translations={translations} path={path} />
      <ProposeTranslation translations={translations} />
      <h2>{t('goodPractices.factsHeading')}</h2>
      <dl class="facts">
        <dt>{t('goodPractices.where')}</dt>
        <dd>{placeOf(p, regions)}</dd>
        <dt>{t('goodPractices.website')}</dt>
        <dd>
          <LinkOrReason link={p.link} missing={p.linkMissing} />
        </dd>
        <dt>{t('goodPractices.barriersAddressed')}</dt>
        <dd>
          <ul>
            {p.barriers.map((b) => (
              <li>
                <a href={`/barriers/${b}`}>{barrierLabel(b)}</a>
              </li>
            ))}
          </ul>
        </dd>
        {p.keyPlayers ? (
          <>
            <dt>{t('goodPractices.keyPlayers')}</dt>
            <dd lang={lang}>{p.keyPlayers}</dd>
          </>
        ) : null}
        {p.exemplary ? (
          <>
            <dt>{t('goodPractices.recognition')}</dt>
            <dd>{t('goodPractices.exemplaryBySource')}</dd>
          </>
        ) : null}
      </dl>
      {p.impact ? (
        <>
          <h2>{t('goodPractices.impactHeading')}</h2>
          <p lang={lang}>{p.impact}</p>
        </>
      ) : null}
      <h2>{t('goodPractices.transferabilityHeading')}</h2>
      {p.transferability ? (
        <p lang={lang}>{p.transferability}</p>
      ) : p.transferConditions?.length ? null : (
        <p>{t('goodPractices.transferabilityNone')}</p>
      )}
      {p.transferConditions?.length ? (
        <>
          <p>{t('goodPractices.conditionsLead')}</p>
          <ul class="transfer-conditions">
            {p.transferConditions.map((c) => (
              <li data-condition={c.requires}>
                <strong>{t(`twinning.req_${c.requires}`)}</strong>:{' '}
                <span lang={textLang('en')}>{c.note}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {p.notes ? (
        <>
          <h2>{t('goodPractices.notesHeading')}</h2>
          <p>{p.notes}</p>
        </>
      ) : null}
      <h2>{t('goodPractices.sourcesHeading')}</h2>
      <SourceList sources={v.sources} titles={v.sourceTitles} />
      <p>
        <a href={`/suggest?record=good-practice:${p.slug}`}>{t('suggest.link')}</a>
      </p>
      <p class="record-meta">
        {t('goodPractices.versionBefore', { version: p.version })}
        <time datetime={p.updatedAt}>{formatDate(p.updatedAt)}</time>
        {t('goodPractices.versionAfter')}
      </p>
    </article>,
  );
}
