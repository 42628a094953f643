import { BARRIERS, STAKEHOLDER_GROUPS } from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type {
  RecommendationCatalogue,
  RecommendationRecord,
  RecommendationView,
  TranslatedRecommendation,
} from '../../services/recommendations.ts';
import {
  Breadcrumb,
  barrierLabel,
  codeLabel,
  formatCount,
  formatDate,
  MessageWith,
  type RegionNames,
  SourceList,
  Tag,
} from '../components.tsx';
import { langIfOther, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { kindLabel, shownRecommendation } from '../recommended.tsx';
import { RecordLanguage, textLang } from '../record-language.tsx';
import { OtherLanguages, ProposeTranslation, shownLang, TranslationNote } from '../translated.tsx';

const LEVEL_KEYS: Record<string, string> = {
  european: 'recommendations.levelEuropean',
  national: 'recommendations.levelNational',
  regional: 'recommendations.levelRegional',
};

/** The level a recommendation is addressed to, in words (European, national, regional). */
export const levelLabel = (level: string) => (LEVEL_KEYS[level] ? t(LEVEL_KEYS[level]) : level);

/** One facet of the list's filters: checkboxes with the number each value would give. */
function Facet(props: {
  name: 'source' | 'barrier' | 'actor';
  legend: string;
  values: readonly { code: string; label: string; lang?: string | undefined }[];
  chosen: readonly string[];
  counts: ReadonlyMap<string, number>;
}) {
  return (
    <fieldset class="facet">
      <legend>{props.legend}</legend>
      <ul>
        {props.values.map((v) => (
          <li>
            <input
              type="checkbox"
              id={`${props.name}-${v.code}`}
              name={props.name}
              value={v.code}
              checked={props.chosen.includes(v.code)}
            />
            <label for={`${props.name}-${v.code}`}>
              {v.lang ? <span lang={v.lang}>{v.label}</span> : v.label}{' '}
              <span class="count" data-value={v.code}>
                ({formatCount(props.counts.get(v.code) ?? 0)})
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function Result({ r, regions }: { r: TranslatedRecommendation; regions: RegionNames }) {
  const { title, text } = shownRecommendation(r);
  return (
    <li class="result recommendation" data-slug={r.slug}>
      <h3 lang={shownLang(title, textLang)}>
        <a href={`/recommendations/${r.slug}`}>{title.text}</a>
      </h3>
      <p class="meta">
        <Tag kind="domain">{kindLabel(r.kind)}</Tag>
        {r.regions.map((g) => (
          <span class="place">{regions.get(g) ?? g}</span>
        ))}
        {r.barriers.map((b) => (
          <Tag>{barrierLabel(b)}</Tag>
        ))}
      </p>
      <p class="snippet" lang={shownLang(text, textLang)}>
        {text.text}
      </p>
    </li>
  );
}

/** The list of recommendations with filters by source document, barrier and stakeholder group. */
export function recommendationsPage(c: RecommendationCatalogue, regions: RegionNames) {
  const f = c.filters;
  const chosen = f.source.length + f.barrier.length + f.actor.length;
  const filtered = chosen > 0;
  const sources = [...new Set([...c.sources, ...f.source])];
  return renderPage(
    {
      title: filtered
        ? t('recommendations.titleMatching', { n: formatCount(c.total) })
        : t('recommendations.title'),
      path: '/recommendations',
      description: t('recommendations.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'CollectionPage',
        name: t('recommendations.title'),
        mainEntity: {
          '@type': 'ItemList',
          numberOfItems: c.total,
          itemListElement: c.recommendations.map((r, i) => ({
            '@type': 'ListItem',
            position: i + 1,
            url: `/recommendations/${r.slug}`,
            name: shownRecommendation(r).title.text,
          })),
        },
      },
    },
    <>
      <h1>{t('recommendations.title')}</h1>
      <p class="lead">{t('recommendations.lead')}</p>
      <form method="get" action="/recommendations" class="layout-list">
        {/* On a phone the filters fold behind a "Filters" summary, as on the other lists. */}
        <details class="filters">
          <summary class="filters-toggle">
            {chosen > 0
              ? t('initiatives.filtersToggleActive', { count: chosen })
              : t('initiatives.filtersToggle')}
          </summary>
          <a class="jump-link" href="#recommendations-heading">
            {t('recommendations.skipFilters', { n: formatCount(c.total) })}
          </a>
          <h2>{t('recommendations.filterHeading')}</h2>
          <Facet
            name="source"
            legend={t('recommendations.sourceLegend')}
            values={sources.map((code) => ({
              code,
              label: c.sourceTitles.get(code) ?? code,
              lang: langIfOther('en'),
            }))}
            chosen={f.source}
            counts={c.counts.source}
          />
          <Facet
            name="barrier"
            legend={t('recommendations.barrierLegend')}
            values={BARRIERS.map((b) => ({
              code: b.code,
              label: `${b.number}. ${barrierLabel(b.code)}`,
            }))}
            chosen={f.barrier}
            counts={c.counts.barrier}
          />
          <Facet
            name="actor"
            legend={t('recommendations.actorLegend')}
            values={STAKEHOLDER_GROUPS.map((g) => ({
              code: g.code,
              label: codeLabel('stakeholderGroup', g.code),
            }))}
            chosen={f.actor}
            counts={c.counts.actor}
          />
          <button type="submit">{t('recommendations.applyFilters')}</button>
        </details>
        <section class="results-area" aria-labelledby="recommendations-heading">
          <h2 id="recommendations-heading" tabindex={-1}>
            {t('recommendations.countHeading', { n: formatCount(c.total) })}
          </h2>
          {filtered ? (
            <p>
              <a href="/recommendations">{t('recommendations.clearFilters')}</a>
            </p>
          ) : null}
          {c.total === 0 ? (
            <div class="empty-state">
              <p>
                <strong>{t('recommendations.emptyTitle')}</strong>{' '}
                <a href="/recommendations">{t('recommendations.emptyLink')}</a>
              </p>
            </div>
          ) : (
            <ul class="results">
              {c.recommendations.map((r) => (
                <Result r={r} regions={regions} />
              ))}
            </ul>
          )}
          <p class="muted">{t('recommendations.ownWords')}</p>
        </section>
      </form>
    </>,
  );
}

/** The facts of one recommendation: kind, level, pillar, barriers, actors, regions. */
function Facts({ r, regions }: { r: RecommendationRecord; regions: RegionNames }) {
  return (
    <dl class="facts">
      <dt>{t('recommendations.kind')}</dt>
      <dd>{kindLabel(r.kind)}</dd>
      <dt>{t('recommendations.level')}</dt>
      <dd>{levelLabel(r.level)}</dd>
      {r.pillar ? (
        <>
          <dt>{t('recommendations.pillar')}</dt>
          <dd>{codeLabel('pillar', r.pillar)}</dd>
        </>
      ) : null}
      <dt>{t('recommendations.barriersAddressed')}</dt>
      <dd>
        <ul data-list="barriers">
          {r.barriers.map((b) => (
            <li>
              <a href={`/barriers/${b}`}>{barrierLabel(b)}</a>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('recommendations.actors')}</dt>
      <dd>
        <ul data-list="actors">
          {r.actors.map((a) => (
            <li>
              <a href={`/recommendations?actor=${a}`}>{codeLabel('stakeholderGroup', a)}</a>
            </li>
          ))}
        </ul>
      </dd>
      {r.actorsNamed ? (
        <>
          <dt>{t('recommendations.actorsNamed')}</dt>
          <dd lang={textLang(r.language)}>{r.actorsNamed}</dd>
        </>
      ) : null}
      {r.regions.length > 0 ? (
        <>
          <dt>{t('recommendations.regions')}</dt>
          <dd>
            <ul data-list="regions">
              {r.regions.map((g) => (
                <li>
                  <a href={`/regions/${encodeURIComponent(g)}`}>{regions.get(g) ?? g}</a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The verbatim passage kept with a recommendation, marked as a quote with its source. */
function Quote({ v }: { v: RecommendationView }) {
  const q = v.recommendation.quote;
  if (!q) return null;
  return (
    <figure class="evidence-quote">
      <blockquote lang={langIfOther('en')}>
        <p>{q.text}</p>
      </blockquote>
      <figcaption>
        {t('recommendations.quoteFrom')}{' '}
        <cite lang={langIfOther('en')}>{v.sourceTitles.get(q.source) ?? q.source}</cite>
        <MessageWith message="recommendations.quoteSection" name="section" value={q.section} />
        {q.page ? t('recommendations.quotePage', { page: q.page }) : null}
        {q.note ? (
          <span class="note">
            {' '}
            — <span lang={langIfOther('en')}>{q.note}</span>
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

/** Regions whose fact sheets report the barriers a recommendation addresses. */
function RelatedRegions({ v, regions }: { v: RecommendationView; regions: RegionNames }) {
  return (
    <section aria-labelledby="related-title">
      <h2 id="related-title">
        {t('recommendations.relatedHeading', { n: formatCount(v.relatedRegions.length) })}
      </h2>
      <p>{t('recommendations.relatedLead')}</p>
      {v.relatedRegions.length === 0 ? (
        <p>{t('recommendations.relatedNone')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-labelledby="related-title" tabindex={0}>
          <table id="related-regions">
            <thead>
              <tr>
                <th scope="col">{t('recommendations.relatedRegion')}</th>
                <th scope="col">{t('recommendations.relatedShared')}</th>
                <th scope="col">{t('recommendations.relatedCount')}</th>
              </tr>
            </thead>
            <tbody>
              {v.relatedRegions.map((x) => (
                <tr data-region={x.region}>
                  <th scope="row">
                    <a href={`/regions/${encodeURIComponent(x.region)}#recommended`}>
                      {regions.get(x.region) ?? x.region}
                    </a>
                  </th>
                  <td>{x.shared.map((b) => barrierLabel(b)).join('; ')}</td>
                  <td class="num">{formatCount(x.shared.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** One recommendation: its text, facts, quote, the regions it matters to, and its sources. */
export function recommendationPage(
  v: RecommendationView,
  regions: RegionNames,
  jsonLd?: Record<string, unknown>,
) {
  const r = v.recommendation;
  const path = `/recommendations/${r.slug}`;
  const { title, text } = shownRecommendation(r);
  return renderPage(
    { title: title.text, path, description: text.text, jsonLd },
    <article class="detail">
      <Breadcrumb
        parent={{ href: '/recommendations', label: t('recommendations.title') }}
        current={title.text}
      />
      <h1 lang={shownLang(title, textLang)}>{title.text}</h1>
      <p class="lead" lang={shownLang(text, textLang)}>
        {text.text}
      </p>
      <TranslationNote text={text.translatedBy ? text : title} from={r.language} />
      <RecordLanguage language={r.language} />
      <OtherLanguages translations={r.translations} path={path} />
      <ProposeTranslation translations={r.translations} />
      <p class="muted">{t('recommendations.ownWords')}</p>
      <h2>{t('recommendations.factsHeading')}</h2>
      <Facts r={r} regions={regions} />
      <Quote v={v} />
      <RelatedRegions v={v} regions={regions} />
      <h2>{t('recommendations.sourcesHeading')}</h2>
      <SourceList sources={r.sources} titles={v.sourceTitles} />
      <p>
        <a href={`/contribute/recommendations/${encodeURIComponent(r.slug)}/edit`}>
          {t('contribute.editPublished')}
        </a>{' '}
        <a href={`/history/recommendations/${encodeURIComponent(r.slug)}`}>
          {t('recommendations.history')}
        </a>
      </p>
      <p class="record-meta">
        {t('recommendations.versionBefore', { version: r.version })}
        <time datetime={r.updatedAt}>{formatDate(r.updatedAt)}</time>
        {t('recommendations.versionAfter')}
      </p>
    </article>,
  );
}
