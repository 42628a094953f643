import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type FindingRecord,
} from '../../domain/quality.ts';
import type { SourceOrigin } from '../../services/initiatives.ts';
import { formatCount } from '../components.tsx';
import { FigureTools } from '../figure-tools.tsx';
import { langIfOther, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { Origins } from './initiatives.tsx';

/** Where the atlas shows a record a finding names; undefined for records without a page. */
function recordHref(record: FindingRecord): string | undefined {
  const key = encodeURIComponent(record.key);
  switch (record.entity) {
    case 'initiative':
      return `/initiatives/${key}`;
    case 'good_practice':
      return `/good-practices/${key}`;
    case 'interview_row':
      // The region page shows the interview table row with the check's note.
      return `/regions/${key}`;
    default:
      return undefined;
  }
}

/** A record a finding names, by its label (a name or a source's wording, in English). */
function RecordRef({ record }: { record: FindingRecord }) {
  const href = recordHref(record);
  return href ? (
    <a href={href} lang={langIfOther('en')}>
      {record.label}
    </a>
  ) : (
    <span lang={langIfOther('en')}>{record.label}</span>
  );
}

/** The name of a kind of finding in the language of the request. */
function kindLabel(kind: FindingKind): string {
  return t(`dataQuality.kind_${kind}`);
}

/** The data-quality page: every finding of the check, grouped by kind, with the records involved. */
export function dataQualityPage(
  findings: readonly Finding[],
  origins: readonly SourceOrigin[] = [],
) {
  const kinds = (Object.keys(FINDING_KINDS) as FindingKind[]).map((kind) => ({
    kind,
    items: findings.filter((f) => f.kind === kind),
  }));
  return renderPage(
    {
      title: t('dataQuality.title'),
      path: '/data-quality',
      description: t('dataQuality.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebPage',
        name: t('dataQuality.jsonLdName'),
        url: '/data-quality',
      },
    },
    <>
      <h1>{t('dataQuality.title')}</h1>
      <p class="lead">
        {t('dataQuality.leadBefore')} <code>atlas check</code>
        {t('dataQuality.leadAfter')}
      </p>
      {origins.length > 0 ? (
        <section aria-labelledby="origins" class="origins-section">
          <h2 id="origins">{t('dataQuality.originsTitle')}</h2>
          <p>{t('dataQuality.originsNote')}</p>
          <Origins origins={origins} />
        </section>
      ) : null}
      <nav id="findings" aria-label={t('dataQuality.kindsNav')}>
        <ul>
          {kinds.map(({ kind, items }) => (
            <li>
              <a href={`#${kind}`}>{kindLabel(kind)}</a> ({formatCount(items.length)})
            </li>
          ))}
        </ul>
      </nav>
      <FigureTools
        figure={{
          id: 'findings',
          title: t('dataQuality.title'),
          href: '/figures/data-quality',
          formats: ['csv', 'xlsx'],
        }}
      />
      {kinds.map(({ kind, items }) => (
        <section aria-labelledby={kind}>
          <h2 id={kind}>
            {kindLabel(kind)} ({formatCount(items.length)})
          </h2>
          {items.length === 0 ? (
            <p>{t('dataQuality.noneFound')}</p>
          ) : (
            <ul class="findings">
              {items.map((f) => (
                <li>
                  {/* Findings are written by the check in English; marked so for screen readers. */}
                  <span lang="en">{f.message}</span>{' '}
                  <span class="records">
                    {t('dataQuality.records')}{' '}
                    {f.records.map((r, i) => (
                      <>
                        {i > 0 ? ', ' : ''}
                        <RecordRef record={r} />
                      </>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>,
  );
}
