import {
  BARRIER_CATEGORIES,
  BARRIERS,
  DOMAINS,
  SCOPES,
  STATUSES,
  STRUCTURAL_TYPES,
} from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import { type CodeListName, codeLabel, formatCount, numberFormat } from '../components.tsx';
import {
  currentLocale,
  hasContentTranslation,
  LOCALE_NAMES,
  LOCALES,
  localeCoverage,
  localeStatus,
  t,
} from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** A code list with what each code means, in the atlas's words (keys about.def_<code>). */
function Definitions({
  title,
  name,
  list,
}: {
  title: string;
  name: CodeListName;
  list: readonly { code: string }[];
}) {
  return (
    <>
      <h3>{title}</h3>
      <dl class="definitions">
        {list.map((e) => (
          <>
            <dt>{codeLabel(name, e.code)}</dt>
            <dd>{t(`about.def_${e.code}`)}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

/** About and methods: definitions, sources, citation, licence and accessibility. */
export function aboutPage(
  sources: readonly { title: string; publisher: string; year: number; url: string | null }[],
) {
  const year = new Date().getUTCFullYear();
  return renderPage(
    {
      title: t('about.title'),
      path: '/about',
      description: t('about.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'AboutPage',
        name: t('about.jsonLdName'),
        url: '/about',
      },
    },
    <>
      <h1>{t('about.title')}</h1>
      <p class="lead">{t('about.lead')}</p>
      <h2>{t('about.definitionsHeading')}</h2>
      <p>{t('about.definitionsIntro')}</p>
      <Definitions title={t('about.domainsHeading')} name="domain" list={DOMAINS} />
      <Definitions title={t('about.typesHeading')} name="type" list={STRUCTURAL_TYPES} />
      <Definitions title={t('about.scopesHeading')} name="scope" list={SCOPES} />
      <Definitions title={t('about.statusesHeading')} name="status" list={STATUSES} />
      <p>
        {t('about.regionNoteStart')}
        <em>{t('about.regionNoteReportingRegion')}</em>
        {t('about.regionNoteMiddle')}
        <em>{t('about.regionNoteHomeCountry')}</em>
        {t('about.regionNoteBeforeLink', {
          barriers: formatCount(BARRIERS.length),
          categories: formatCount(BARRIER_CATEGORIES.length),
        })}
        <a href="/barriers">{t('about.regionNoteLink')}</a>
        {t('about.regionNoteEnd')}
      </p>
      <h2>{t('about.sourcesHeading')}</h2>
      <ul>
        {sources.map((s) => (
          <li>
            {s.url ? <a href={s.url}>{s.title}</a> : s.title}, {s.publisher}, {s.year}.
          </li>
        ))}
      </ul>
      <p>
        {t('about.dataNoteBeforeLink')}
        <a href="/data-quality">{t('about.dataNoteLink')}</a>
        {t('about.dataNoteAfterLink')}
      </p>
      <h2>{t('about.citeHeading')}</h2>
      <p>
        PerMed Atlas ({year}). <cite>{t('about.citeTitle')}</cite>
        {t('about.citeAfter')}
      </p>
      <h2>{t('about.openDataHeading')}</h2>
      <p>
        {t('about.openDataBefore')}
        <a href="/downloads">{t('about.openDataLink')}</a>
        {t('about.openDataAfter')}
      </p>
      <p>
        {t('about.openDataApiBefore')}
        <a href="/api/v1/docs">{t('about.openDataApiLink')}</a>
        {t('about.openDataApiMiddle')}
        <a href="/catalog">{t('about.openDataCatalogueLink')}</a>
        {t('about.openDataApiAfter')}
      </p>
      <h2>{t('about.licenceHeading')}</h2>
      <p>{t('about.licenceText')}</p>
      <h2 id="accessibility">{t('about.accessibilityHeading')}</h2>
      <p>
        {t('about.accessibilityText', {
          languages: new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(
            LOCALES.map((l) => LOCALE_NAMES[l]),
          ),
        })}
      </p>
      <Languages />
    </>,
  );
}

/** The languages of the interface, how complete each is and whether a native speaker reviewed it. */
function Languages() {
  const percent = numberFormat({ style: 'percent', maximumFractionDigits: 0 });
  const yesNo = (b: boolean) => (b ? t('about.yes') : t('about.no'));
  return (
    <section aria-labelledby="languages">
      <h2 id="languages">{t('about.languagesHeading')}</h2>
      <p>{t('about.languagesLead')}</p>
      <div class="table-scroll" role="region" aria-labelledby="languages" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('about.languageColumn')}</th>
              <th scope="col">{t('about.interfaceColumn')}</th>
              <th scope="col">{t('about.contentColumn')}</th>
              <th scope="col">{t('about.reviewedColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {LOCALES.map((l) => (
              <tr>
                <th scope="row" lang={l}>
                  {LOCALE_NAMES[l]}
                </th>
                <td>{percent.format(localeCoverage(l))}</td>
                <td>{yesNo(hasContentTranslation(l))}</td>
                <td>{yesNo(localeStatus(l).reviewedByNativeSpeaker)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
