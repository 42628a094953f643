import { BARRIER_CATEGORIES, DOMAINS } from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { Comparison } from '../../services/compare.ts';
import { codeLabel, domainLabel, formatCount } from '../components.tsx';
import { Counting, KindSwitch } from '../evidence-kind.tsx';
import { type FigureRef, FigureTools } from '../figure-tools.tsx';
import { placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** What a region's category rows are made of: the items the kind counts, and their codings. */
const categoryItems = (c: Comparison, x: Comparison['chosen'][number]) =>
  (c.kind === 'all' || c.kind === 'statements' ? x.summary.statements : 0) + x.challenges;

/**
 * Says where the category rows add up to more than the items above them: a statement coded to
 * barriers of two categories counts once in each, and a reader adding the rows should know why.
 */
function MultiCategoryNote({ c }: { c: Comparison }) {
  const over = c.chosen
    .map((x) => ({
      name: placeName(x.summary.code, x.summary.name),
      items: categoryItems(c, x),
      codings: [...x.evidenceByCategory.values()].reduce((a, b) => a + b, 0),
    }))
    .filter((x) => x.codings > x.items);
  if (over.length === 0) return null;
  const statements = c.kind === 'statements';
  const regions = over
    .map((x) =>
      statements
        ? t('compare.multiCategoryRegion', {
            name: x.name,
            codings: formatCount(x.codings),
            statements: formatCount(x.items),
          })
        : t('compare.multiCategoryItems', {
            name: x.name,
            codings: formatCount(x.codings),
            items: formatCount(x.items),
          }),
    )
    .join('; ');
  return (
    <p class="note" id="multi-category-note">
      {t(statements ? 'compare.multiCategory' : 'compare.multiCategoryAll', { regions })}
    </p>
  );
}

/** The anchor of a region's note on its workshop, below the table. */
const noteId = (code: string) => `workshop-note-${code}`;

/** A figure of the table; an absent workshop with a note says so and points to the note. */
function FigureCell(p: { value: number | null; note?: { code: string } | null }) {
  if (p.value !== null) return <td class="num">{formatCount(p.value)}</td>;
  if (!p.note) return <td class="num">–</td>;
  return (
    <td class="num">
      <a href={`#${noteId(p.note.code)}`}>{t('compare.noWorkshopSeeNote')}</a>
    </td>
  );
}

/** What the chosen regions' reports say of a workshop none is on record for. */
function WorkshopNotes({ chosen }: { chosen: Comparison['chosen'] }) {
  const noted = chosen.filter((x) => x.workshopNote);
  if (noted.length === 0) return null;
  return (
    <>
      {noted.map((x) => (
        <p class="data-note" id={noteId(x.summary.code)}>
          <strong>{t('compare.noWorkshopHeld', { name: x.summary.name })}</strong>{' '}
          <span lang="en">{x.workshopNote?.text}</span>{' '}
          <a href={`/regions/${encodeURIComponent(x.summary.code)}#workshop-note`}>
            {t('compare.noteOnFactSheet', { name: x.summary.name })}
          </a>
        </p>
      ))}
    </>
  );
}

/** One row of the comparison: a figure and its value per chosen region (null: not on record). */
export interface ComparisonRow {
  readonly label: string;
  readonly values: readonly (number | null)[];
  /** Per region, the workshop note a missing figure points to. */
  readonly notes?: readonly ({ code: string } | null)[];
}

/** The rows of the comparison table (none until two regions are chosen); the download's too. */
export function comparisonRows(c: Comparison): ComparisonRow[] {
  if (c.chosen.length === 0) return [];
  return [
    { label: t('compare.rowInitiatives'), values: c.chosen.map((x) => x.summary.initiatives) },
    ...DOMAINS.map((d) => ({
      label: `– ${domainLabel(d.code)}`,
      values: c.chosen.map((x) => x.initiatives.rowTotals[x.initiatives.rows.indexOf(d.code)] ?? 0),
    })),
    { label: t('compare.rowStatements'), values: c.chosen.map((x) => x.summary.statements) },
    ...(c.kind === 'statements'
      ? []
      : [
          { label: t('evidence.rowChallenges'), values: c.chosen.map((x) => x.challenges) },
          // The categories below count these items, so they are not read as the challenges' split.
          {
            label: t('compare.rowEvidenceItems'),
            values: c.chosen.map((x) => categoryItems(c, x)),
          },
        ]),
    ...BARRIER_CATEGORIES.map((cat) => ({
      label: `– ${codeLabel('barrierCategory', cat.code)}`,
      values: c.chosen.map((x) => x.evidenceByCategory.get(cat.code) ?? 0),
    })),
    { label: t('compare.rowPractices'), values: c.chosen.map((x) => x.summary.practices) },
    { label: t('compare.rowInterviews'), values: c.chosen.map((x) => x.summary.interviews) },
    {
      label: t('compare.rowWorkshopParticipants'),
      values: c.chosen.map((x) => x.summary.workshopParticipants),
      notes: c.chosen.map((x) => (x.workshopNote ? { code: x.summary.code } : null)),
    },
  ];
}

/** The chosen regions as query parameters. */
const regionParams = (c: Comparison) =>
  c.chosen.map((x) => `region=${encodeURIComponent(x.summary.code)}`);

/** The comparison's download: the same rows, the chosen regions' codes as the query. */
export function comparisonFigure(c: Comparison): FigureRef {
  return {
    id: 'comparison',
    title: t('compare.caption', { names: c.chosen.map((x) => x.summary.name).join(', ') }),
    href: '/figures/compare',
    formats: ['csv'],
    query: [...regionParams(c), ...(c.kind === 'all' ? [] : [`evidence=${c.kind}`])].join('&'),
  };
}

/** Two to four regions side by side: initiatives by domain, barrier statements, practices, engagement. */
export function comparePage(c: Comparison) {
  const chosen = new Set(c.chosen.map((x) => x.summary.code));
  const names = c.chosen.map((x) => x.summary.name);
  const rows = comparisonRows(c);
  return renderPage(
    {
      title:
        names.length > 0
          ? t('compare.titleWith', { names: names.join(', ') })
          : t('compare.heading'),
      path: '/compare',
      description: t('compare.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebPage',
        name: t('compare.heading'),
        url: '/compare',
      },
    },
    <>
      <h1>{t('compare.heading')}</h1>
      <form method="get" action="/compare">
        <fieldset class="facet compare-choice">
          <legend>{t('compare.choose')}</legend>
          <ul>
            {c.all.map((s) => (
              <li>
                <input
                  type="checkbox"
                  id={`region-${s.code}`}
                  name="region"
                  value={s.code}
                  checked={chosen.has(s.code)}
                />
                <label for={`region-${s.code}`}>{placeName(s.code, s.name)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        {c.kind === 'all' ? null : <input type="hidden" name="evidence" value={c.kind} />}
        <button type="submit">{t('compare.submit')}</button>
      </form>
      {c.chosen.length === 0 ? null : (
        <>
          <KindSwitch kind={c.kind} path="/compare" params={regionParams(c)} />
          <Counting kind={c.kind} id="counting" />
        </>
      )}
      {c.chosen.length === 0 ? (
        <p class="empty-state">{t('compare.emptyState')}</p>
      ) : (
        <div
          class="table-scroll"
          id="comparison"
          role="region"
          aria-labelledby="comparison-caption"
          tabindex={0}
        >
          <table class="compare">
            <caption id="comparison-caption">
              {t('compare.caption', { names: names.join(', ') })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('compare.colFigure')}</th>
                {c.chosen.map((x) => (
                  <th scope="col" class="num">
                    <a href={`/regions/${encodeURIComponent(x.summary.code)}`}>
                      {placeName(x.summary.code, x.summary.name)}
                    </a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  {r.values.map((v, i) => (
                    <FigureCell value={v} note={r.notes?.[i]} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.chosen.length === 0 ? null : <FigureTools figure={comparisonFigure(c)} />}
      <WorkshopNotes chosen={c.chosen} />
      <MultiCategoryNote c={c} />
    </>,
  );
}
