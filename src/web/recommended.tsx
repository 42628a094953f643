import { RECOMMENDATION_KIND_KEYS, type RecommendationKind } from '../domain/recommendations.ts';
import type { ShownText } from '../domain/translations.ts';
import type {
  RegionRecommendations,
  TranslatedRecommendation,
} from '../services/recommendations.ts';
import { barrierLabel, codeLabel, formatCount, Tag } from './components.tsx';
import { t } from './i18n.ts';
import { textLang } from './record-language.tsx';
import { shown, shownLang } from './translated.tsx';

/**
 * "What is recommended" (issue 17): the recommendations on record for a barrier or a region, as
 * the barrier and region pages show them. Each links to its page; the figures are the lengths of
 * the lists, which the API's /recommendations operations return too.
 */

/** The label of a recommendation's kind (D6.1 way forward, an EP PerMed pillar's next step, …). */
export function kindLabel(kind: string): string {
  const key: string | undefined = RECOMMENDATION_KIND_KEYS[kind as RecommendationKind];
  return key ? t(key) : kind;
}

/**
 * A recommendation's title and text as this page shows them: in the page's language where a
 * curator approved a translation, else the original (each says its language).
 */
export function shownRecommendation(r: TranslatedRecommendation): {
  title: ShownText;
  text: ShownText;
} {
  return {
    title: shown(r.translations, 'title', r.title, r.language),
    text: shown(r.translations, 'text', r.text, r.language),
  };
}

/** One recommendation in a list: its title as a link, its kind, and the barriers it shares. */
function Item({ r, shared }: { r: TranslatedRecommendation; shared?: readonly string[] }) {
  const { title } = shownRecommendation(r);
  return (
    <li class="recommendation" data-slug={r.slug}>
      <a href={`/recommendations/${r.slug}`} lang={shownLang(title, textLang)}>
        {title.text}
      </a>{' '}
      <Tag kind="domain">{kindLabel(r.kind)}</Tag>
      {r.pillar ? <Tag>{codeLabel('pillar', r.pillar)}</Tag> : null}
      {shared && shared.length > 0 ? (
        <span class="muted">
          {' '}
          {t('recommendations.sharedBarriers', {
            barriers: shared.map((b) => barrierLabel(b)).join('; '),
          })}
        </span>
      ) : null}
    </li>
  );
}

/** The block of a barrier's page: every recommendation that addresses the barrier. */
export function RecommendedForBarrier({
  recommended,
}: {
  recommended: readonly TranslatedRecommendation[] | undefined;
}) {
  if (!recommended) return null;
  return (
    <section aria-labelledby="recommended-title" id="recommended">
      <h2 id="recommended-title">{t('recommendations.blockHeading')}</h2>
      <p>{t('recommendations.blockBarrierLead', { n: formatCount(recommended.length) })}</p>
      {recommended.length === 0 ? (
        <p>{t('recommendations.blockBarrierNone')}</p>
      ) : (
        <ul class="recommended-list" data-group="barrier">
          {recommended.map((r) => (
            <Item r={r} />
          ))}
        </ul>
      )}
      <p>
        <a href="/recommendations">{t('recommendations.allLink')}</a>
      </p>
    </section>
  );
}

/** The block of a region's page: what is recommended for the place, and for its barriers. */
export function RecommendedForRegion({
  recommended,
}: {
  recommended: RegionRecommendations | undefined;
}) {
  if (!recommended) return null;
  const { forPlace, forBarriers } = recommended;
  return (
    <section aria-labelledby="recommended-title" id="recommended">
      <h2 id="recommended-title">{t('recommendations.blockHeading')}</h2>
      <h3 id="recommended-place">
        {t('recommendations.blockPlaceHeading', { n: formatCount(forPlace.length) })}
      </h3>
      {forPlace.length === 0 ? (
        <p>{t('recommendations.blockPlaceNone')}</p>
      ) : (
        <ul class="recommended-list" data-group="place" aria-labelledby="recommended-place">
          {forPlace.map((r) => (
            <Item r={r} />
          ))}
        </ul>
      )}
      <h3 id="recommended-barriers">
        {t('recommendations.blockBarriersHeading', { n: formatCount(forBarriers.length) })}
      </h3>
      {forBarriers.length === 0 ? (
        <p>{t('recommendations.blockBarriersNone')}</p>
      ) : (
        <ul class="recommended-list" data-group="barriers" aria-labelledby="recommended-barriers">
          {forBarriers.map((x) => (
            <Item r={x.recommendation} shared={x.shared} />
          ))}
        </ul>
      )}
      <p>
        <a href="/recommendations">{t('recommendations.allLink')}</a>
      </p>
    </section>
  );
}
