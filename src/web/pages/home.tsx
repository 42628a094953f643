import { BARRIER_CATEGORIES, DOMAINS } from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { HomeView } from '../../services/home.ts';
import {
  codeLabel,
  domainLabel,
  formatCount,
  formatDate,
  type RegionNames,
  statusLabel,
  themeLabel,
} from '../components.tsx';
import { FigureTools } from '../figure-tools.tsx';
import { t } from '../i18n.ts';
import { renderPage, SITE_NAME } from '../layout.tsx';
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
              {t('home.countHeader')}
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

/** Per kind of record the latest changes name: its label's catalogue key and its page. */
const RECENT_KINDS = {
  initiative: { label: 'home.kindInitiative', path: '/initiatives/' },
  good_practice: { label: 'home.kindGoodPractice', path: '/good-practices/' },
} as const;

/** The home page: what the atlas is, headline figures, entry points by domain, status and region. */
export function homePage(home: HomeView, regions: RegionNames) {
  const stats = home.stats;
  const dt = stats.domainByType;
  const countries = stats.countries;
  const reporting = stats.byRegion;
  return renderPage(
    {
      scripts: ['figures.js'],
      title: t('home.title'),
      path: '/',
      description: t('home.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebSite',
        name: SITE_NAME,
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
        <h1 id="hero-title">{t('home.heroTitle')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <form
          method="get"
          action="/initiatives"
          role="search"
          aria-label={t('home.searchFormLabel')}
          class="search-input"
        >
          <label for="home-q" class="visually-hidden">
            {t('home.searchInputLabel')}
          </label>
          <input
            type="search"
            id="home-q"
            name="q"
            placeholder={t('home.searchPlaceholder')}
            maxlength={200}
          />
          <button type="submit">{t('home.searchButton')}</button>
        </form>
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t('home.figuresTitle')}</h2>
        <ul class="figures">
          <li>
            <a href="/initiatives">
              <span class="figure">{formatCount(stats.total)}</span>{' '}
              {t('home.figureInitiatives', { count: stats.total })}
            </a>
          </li>
          <li>
            <a href="/regions">
              <span class="figure">{formatCount(countries)}</span>{' '}
              {t('home.figureCountries', { count: countries })}
            </a>
          </li>
          <li>
            <a href="/regions">
              <span class="figure">{formatCount(reporting.length)}</span>{' '}
              {t('home.figureRegions', { count: reporting.length })}
            </a>
          </li>
          <li>
            <a href="/good-practices">
              <span class="figure">{formatCount(home.practices)}</span>{' '}
              {t('home.figurePractices', { count: home.practices })}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="map-title">
        <h2 id="map-title">{t('home.mapTitle')}</h2>
        <EuropeMap data={home.map} id="home-map" title={t('home.mapFigureTitle')} />
        <FigureTools
          figure={{
            id: 'home-map-svg',
            title: t('home.mapFigureTitle'),
            href: '/figures/home-map',
            formats: ['svg', 'png', 'csv'],
          }}
        />
      </section>

      <section aria-labelledby="domains-title">
        <h2 id="domains-title">{t('home.domainsTitle')}</h2>
        <ul class="cards">
          {DOMAINS.map((d) => {
            const n = dt.rowTotals[dt.rows.indexOf(d.code)] ?? 0;
            return (
              <li class="card">
                <a href={`/initiatives?domain=${d.code}`}>
                  <span class="card-title">{domainLabel(d.code)}</span>
                  <span class="card-count">
                    {t('home.domainCount', { count: n, n: formatCount(n) })}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </section>

      <div class="two-col">
        <section aria-labelledby="barriers-title">
          <h2 id="barriers-title">{t('home.barriersTitle')}</h2>
          <ul>
            {BARRIER_CATEGORIES.map((c) => (
              <li>
                <a href={`/barriers#cat-${c.code}`}>{codeLabel('barrierCategory', c.code)}</a>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="themes-title">
          <h2 id="themes-title">{t('home.themesTitle')}</h2>
          <ul class="inline-list">
            {home.themes.map((th) => (
              <li>
                <a href={`/initiatives?theme=${th.value}`}>{themeLabel(th.value)}</a>{' '}
                <span class="count">({formatCount(th.count)})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <div class="two-col">
        <CountTable
          id="status"
          title={t('home.statusTitle')}
          caption={t('home.statusCaption')}
          keyHeader={t('home.statusHeader')}
          rows={stats.byStatus.map((r) => ({
            label: statusLabel(r.key),
            href: `/initiatives?status=${encodeURIComponent(r.key)}`,
            n: r.n,
          }))}
        />
        <CountTable
          id="regions"
          title={t('home.regionsTitle')}
          caption={t('home.regionsCaption')}
          keyHeader={t('home.regionsHeader')}
          rows={reporting.map((r) => ({
            label: regions.get(r.key) ?? r.key,
            href: `/initiatives?region=${encodeURIComponent(r.key)}`,
            n: r.n,
          }))}
        />
      </div>

      {home.recent.length > 0 || home.seededAt ? (
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">{t('home.recentTitle')}</h2>
          {home.recent.length === 0 && home.seededAt ? (
            <p id="recent-none">
              {t('home.recentNone')}{' '}
              <time datetime={home.seededAt}>{formatDate(home.seededAt)}</time>.
            </p>
          ) : null}
          <ul>
            {home.recent.map((r) => (
              <li>
                {t(RECENT_KINDS[r.entity].label)}{' '}
                <a href={`${RECENT_KINDS[r.entity].path}${r.key}`}>{r.name}</a>{' '}
                {t(r.action === 'create' ? 'home.recentAdded' : 'home.recentUpdated')}{' '}
                <time datetime={r.at}>{formatDate(r.at)}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>,
  );
}
