import {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  type FindingRecord,
} from '../../analysis/quality.ts';
import { formatCount } from '../components.tsx';
import { renderPage } from '../layout.tsx';

function RecordRef({ record }: { record: FindingRecord }) {
  return record.entity === 'initiative' ? (
    <a href={`/initiatives/${record.key}`}>{record.label}</a>
  ) : (
    <span>{record.label}</span>
  );
}

/** The data-quality page: every finding of the check, grouped by kind, with the records involved. */
export function dataQualityPage(findings: readonly Finding[]) {
  const kinds = (Object.keys(FINDING_KINDS) as FindingKind[]).map((kind) => ({
    kind,
    items: findings.filter((f) => f.kind === kind),
  }));
  return renderPage(
    {
      title: 'Data quality',
      path: '/data-quality',
      description:
        'Inconsistencies found in the atlas data and in the figures its source documents state.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'WebPage',
        name: 'Data quality findings',
        url: '/data-quality',
      },
    },
    <>
      <h1>Data quality</h1>
      <p class="lead">
        The atlas keeps what its sources say, oddities included, and lists here every inconsistency
        it finds: in the records themselves and between the records and the figures the documents
        state. The same list comes from <code>atlas check</code>.
      </p>
      <nav aria-label="Kinds of finding">
        <ul>
          {kinds.map(({ kind, items }) => (
            <li>
              <a href={`#${kind}`}>{FINDING_KINDS[kind]}</a> ({formatCount(items.length)})
            </li>
          ))}
        </ul>
      </nav>
      {kinds.map(({ kind, items }) => (
        <section aria-labelledby={kind}>
          <h2 id={kind}>
            {FINDING_KINDS[kind]} ({formatCount(items.length)})
          </h2>
          {items.length === 0 ? (
            <p>None found.</p>
          ) : (
            <ul class="findings">
              {items.map((f) => (
                <li>
                  {f.message}{' '}
                  <span class="records">
                    Records:{' '}
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
