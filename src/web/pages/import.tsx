import type { ApplyRefusal } from '../../services/import-uploads.ts';
import type { PlanColumn, PlanRow } from '../../services/imports.ts';
import { formatCount } from '../components.tsx';
import { PostForm, ScrollTable } from '../forms.tsx';
import { hasKey, t } from '../i18n.ts';
import type { ImportPlanView, ShownChange, ShownFlag } from '../import-plan.ts';
import { renderPage } from '../layout.tsx';

/**
 * A field's name in the reader's language: a field of the atlas (home_country → "Home
 * country"), a column target (row_label), else as the file or the importer names it (an extra
 * column's header, text from the file: JSX escapes it).
 */
function fieldName(field: string): string {
  if (!/^[a-z_]+$/.test(field)) return field;
  const camel = field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if (hasKey(`contribute.field_${camel}`)) return t(`contribute.field_${camel}`);
  if (hasKey(`import.target_${field}`)) return t(`import.target_${field}`);
  return field;
}

/** The decisions for all rows a plan page sends (the command line's --duplicates and so on). */
export interface WebDecisions {
  readonly duplicates?: 'merge' | 'keep' | 'skip';
  readonly continuations?: 'merge' | 'keep';
  readonly acceptSuggestions?: boolean;
  /** Decisions about single rows, by the row number the plan shows (the CLI's --decide ROW=…). */
  readonly rows?: ReadonlyMap<number, RowChoice>;
}

/** What may be decided about one row. */
export const ROW_CHOICES = ['merge', 'keep', 'skip', 'accept'] as const;
export type RowChoice = (typeof ROW_CHOICES)[number];

/** The choices that make sense for a row: about its duplicates, its continuation, its country. */
function choicesFor(r: PlanRow): RowChoice[] {
  const out: RowChoice[] = [];
  if (r.duplicates.length > 0 || r.continuation) out.push('merge', 'keep');
  if (r.duplicates.length > 0) out.push('skip');
  if (r.countrySuggestions.length > 0) out.push('accept');
  return out;
}

/** A row's decision, chosen in the rows table and sent with the form that plans again. */
function RowDecisionField({ r, decisions }: { r: PlanRow; decisions: WebDecisions }) {
  const choices = choicesFor(r);
  if (choices.length === 0) return null;
  const current = decisions.rows?.get(r.row);
  return (
    <select form="replan" name={`row_${r.row}`} aria-label={t('import.decideRow', { row: r.row })}>
      <option value="">{t('import.decideLater')}</option>
      {choices.map((c) => (
        <option value={c} selected={current === c}>
          {t(`import.row_${c}`)}
        </option>
      ))}
    </select>
  );
}

/** The upload form: a spreadsheet of initiatives, planned before anything is written. */
export function importPage(p: { csrf: string; problem?: string }) {
  return renderPage(
    { title: t('import.title'), path: '/contribute/import' },
    <>
      <h1>{t('import.title')}</h1>
      <p>{t('import.lead')}</p>
      {p.problem ? (
        <div class="error-summary" role="alert" tabindex={-1}>
          <p>{p.problem}</p>
        </div>
      ) : null}
      <form
        method="post"
        action="/contribute/import"
        enctype="multipart/form-data"
        class="stacked-form"
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <div class="field">
          <label for="field-file">{t('import.file')}</label>
          <p class="field-hint" id="field-file-hint">
            {t('import.fileHint')}
          </p>
          <input
            id="field-file"
            name="file"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,.json"
            required
            aria-describedby="field-file-hint"
          />
        </div>
        <button type="submit">{t('import.plan')}</button>
      </form>
    </>,
  );
}

/** The decisions as fields: choices to change, or hidden to carry them to the apply. */
function DecisionFields({ decisions, hidden }: { decisions: WebDecisions; hidden?: boolean }) {
  if (hidden) {
    return (
      <>
        {decisions.duplicates ? (
          <input type="hidden" name="duplicates" value={decisions.duplicates} />
        ) : null}
        {decisions.continuations ? (
          <input type="hidden" name="continuations" value={decisions.continuations} />
        ) : null}
        {decisions.acceptSuggestions ? (
          <input type="hidden" name="acceptSuggestions" value="on" />
        ) : null}
        {[...(decisions.rows ?? [])].map(([row, choice]) => (
          <input type="hidden" name={`row_${row}`} value={choice} />
        ))}
      </>
    );
  }
  const choice = (name: 'duplicates' | 'continuations', options: readonly string[]) => (
    <div class="field">
      <label for={`decide-${name}`}>{t(`import.decide_${name}`)}</label>
      <select id={`decide-${name}`} name={name}>
        <option value="">{t('import.decideLater')}</option>
        {options.map((o) => (
          <option value={o} selected={decisions[name] === o}>
            {t(`import.${name}_${o}`)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      {choice('duplicates', ['merge', 'keep', 'skip'])}
      {choice('continuations', ['merge', 'keep'])}
      <div class="field field-check">
        <label for="decide-accept">
          <input
            id="decide-accept"
            type="checkbox"
            name="acceptSuggestions"
            checked={Boolean(decisions.acceptSuggestions)}
          />
          {t('import.decide_accept')}
        </label>
      </div>
    </>
  );
}

/** Decisions for all rows at once, and planning again with them. */
function Decisions(p: { id: string; name: string; csrf: string; decisions: WebDecisions }) {
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('import.decisions')}</h2>
      <p>{t('import.decisionsLead')}</p>
      <PostForm action={`/contribute/import/${p.id}/plan`} csrf={p.csrf} id="replan">
        <DecisionFields decisions={p.decisions} />
        <button type="submit" class="button-secondary">
          {t('import.replan')}
        </button>
      </PostForm>
    </section>
  );
}

/** What a row's plan says beside its action: its problems and the questions it waits on. */
function rowProblems(r: PlanRow): string {
  return [...r.flags.map((f) => `${fieldName(f.field)}: ${f.problem}`), ...r.questions].join('; ');
}

/** A value of the file or of the plan, as text; an empty one said so (not a blank cell). */
function Value({ text }: { text: string }) {
  return text === '' ? (
    <span class="muted">{t('import.emptyValue')}</span>
  ) : (
    <span class="import-value">{text}</span>
  );
}

/** How the file was read and what the plan changed: the command line's first and last lines. */
function PlanSummary({ plan }: { plan: ImportPlanView }) {
  const { summary, reading } = plan;
  const how = [
    reading.format,
    reading.encoding,
    reading.delimiter && t('import.readDelimiter', { delimiter: reading.delimiter }),
    reading.sheet && t('import.readSheet', { sheet: reading.sheet }),
    reading.headerRow && t('import.readHeaderRow', { row: reading.headerRow }),
  ].filter(Boolean);
  return (
    <>
      <p>
        {t('import.planLead', { count: summary.rows, n: formatCount(summary.rows) })}
        {summary.blankRows > 0
          ? ` ${t('import.blankRows', { count: summary.blankRows, n: formatCount(summary.blankRows) })}`
          : null}{' '}
        {t('import.readAs', { how: how.join(', ') })}
      </p>
      <p id="values-summary">
        <strong id="count-changes">{formatCount(summary.changes)}</strong>{' '}
        {t('import.valuesNormalised', { count: summary.changes })},{' '}
        <strong id="count-flags">{formatCount(summary.flags)}</strong>{' '}
        {t('import.valuesFlagged', { count: summary.flags })}. {t('import.checksum')}{' '}
        <code id="file-sha256" class="import-checksum">
          {summary.file.sha256}
        </code>
      </p>
    </>
  );
}

/** How each column is read, and why: recognised, from a preset, given, or not recognised. */
function MappingTable({ mapping }: { mapping: readonly PlanColumn[] }) {
  return (
    <ScrollTable
      caption={t('import.mapping')}
      hideCaption
      keys={['import.column', 'import.field', 'import.how']}
    >
      {mapping.map((m) => (
        <tr>
          <td>{m.header}</td>
          <td>
            {m.target === 'extra' || m.target === 'ignore'
              ? t(`import.target_${m.target}`)
              : fieldName(m.target)}
          </td>
          <td>{m.note ?? t(`import.how_${m.how}`)}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** "The first 200 of 1,234": said when a list of the report is cut. */
function shownOf(shown: number, more: number): string {
  return more > 0
    ? ` ${t('import.shownOf', { shown: formatCount(shown), total: formatCount(shown + more) })}`
    : '';
}

/** Every value the import changed (row, field, original, result, rule), the first ones when many. */
function ChangesTable({ changes, more }: { changes: readonly ShownChange[]; more: number }) {
  if (changes.length === 0) return <p>{t('import.noChanges')}</p>;
  return (
    <>
      {more > 0 ? (
        <p id="changes-more">{t('import.moreChanges', { count: more, n: formatCount(more) })}</p>
      ) : null}
      <ScrollTable
        caption={`${t('import.changesCaption')}${shownOf(changes.length, more)}`}
        keys={[
          'import.row',
          'import.valueField',
          'import.original',
          'import.result',
          'import.rule',
        ]}
      >
        {changes.map((c) => (
          <tr>
            <td>{c.row}</td>
            <td>{fieldName(c.field)}</td>
            <td>
              <Value text={c.original} />
            </td>
            <td>
              <Value text={c.normalised} />
            </td>
            <td>{c.rule}</td>
          </tr>
        ))}
      </ScrollTable>
    </>
  );
}

/** Every value the import flagged (kept as written, or blocking its row), the first ones when many. */
function FlagsTable({ flags, more }: { flags: readonly ShownFlag[]; more: number }) {
  if (flags.length === 0) return <p>{t('import.noFlags')}</p>;
  return (
    <>
      {more > 0 ? (
        <p id="flags-more">{t('import.moreFlags', { count: more, n: formatCount(more) })}</p>
      ) : null}
      <ScrollTable
        caption={`${t('import.flagsCaption')}${shownOf(flags.length, more)}`}
        keys={[
          'import.row',
          'import.valueField',
          'import.value',
          'import.problem',
          'import.severity',
        ]}
      >
        {flags.map((f) => (
          <tr>
            <td>{f.row}</td>
            <td>{fieldName(f.field)}</td>
            <td>
              <Value text={f.value} />
            </td>
            <td>{f.problem}</td>
            <td>{t(`import.severity_${f.severity}`)}</td>
          </tr>
        ))}
      </ScrollTable>
    </>
  );
}

/** The normalisation report: each value changed, each value flagged, as `atlas import` lists them. */
function NormalisationReport({ plan }: { plan: ImportPlanView }) {
  return (
    <section aria-labelledby="normalisation-title" class="import-report">
      <h2 id="normalisation-title">{t('import.normalisation')}</h2>
      <p>{t('import.normalisationLead')}</p>
      <ChangesTable changes={plan.changes} more={plan.moreChanges} />
      <FlagsTable flags={plan.flags} more={plan.moreFlags} />
    </section>
  );
}

/** The rows of the plan (the first ones when many), each with its decision. */
function RowsTable(p: { plan: ImportPlanView; decisions: WebDecisions }) {
  const { rows, summary } = p.plan;
  return (
    <>
      <h2>{t('import.rows')}</h2>
      {rows.length < summary.rows ? (
        <p>{t('import.firstRows', { count: rows.length, n: formatCount(rows.length) })}</p>
      ) : null}
      <ScrollTable
        caption={t('import.rows')}
        hideCaption
        keys={['import.row', 'import.action', 'import.name', 'import.problems', 'import.decision']}
      >
        {rows.map((r) => (
          <tr>
            <td>{r.rows.join(', ')}</td>
            <td>{t(`import.action_${r.action}`)}</td>
            <td>{r.name}</td>
            <td>{rowProblems(r)}</td>
            <td>
              <RowDecisionField r={r} decisions={p.decisions} />
            </td>
          </tr>
        ))}
      </ScrollTable>
      {rows.some((r) => choicesFor(r).length > 0) ? (
        <p>
          <button type="submit" form="replan" class="button-secondary">
            {t('import.replan')}
          </button>
        </p>
      ) : null}
    </>
  );
}

/**
 * Why an apply wrote nothing (the job's own plan had blocked or undecided rows): what changed
 * since the plan the person saw, and what to do with the plan below, which is made anew.
 */
function Refusal({ refused, stuck }: { refused: ApplyRefusal; stuck: number }) {
  return (
    <div class="notice" id="apply-refused" role="alert">
      <p>
        <strong>{t('import.refusedTitle')}</strong> {t(`import.refused_${refused}`)}
      </p>
      <p>
        {stuck > 0
          ? t('import.refusedNow', { count: stuck, n: formatCount(stuck) })
          : t('import.refusedNowClean')}
      </p>
    </div>
  );
}

/**
 * The plan of an upload, as the command line prints it: how the file and its columns are read,
 * the counts, the rows with their decisions, the values normalised and flagged; and the button
 * that imports it as drafts. After an apply that wrote nothing, `refused` says why first.
 */
export function importPlanPage(p: {
  plan: ImportPlanView;
  decisions: WebDecisions;
  id: string;
  name: string;
  csrf: string;
  refused?: ApplyRefusal;
}) {
  const { summary } = p.plan;
  const counts = summary.actions;
  const stuck = counts.blocked + counts.decide;
  const writes = counts.create + counts.update + counts.merge;
  return renderPage(
    { title: t('import.planTitle', { file: p.name }), path: '/contribute/import' },
    <>
      <h1>{t('import.planTitle', { file: p.name })}</h1>
      {p.refused ? <Refusal refused={p.refused} stuck={stuck} /> : null}
      <PlanSummary plan={p.plan} />
      {summary.refused ? (
        <p class="notice" role="alert">
          {summary.refused}
        </p>
      ) : null}
      <h2>{t('import.counts')}</h2>
      <ul class="import-counts">
        {(Object.keys(counts) as (keyof typeof counts)[]).map((a) => (
          <li>
            <span>{t(`import.action_${a}`)}</span>:{' '}
            <strong id={`count-${a}`}>{formatCount(counts[a])}</strong>
          </li>
        ))}
      </ul>
      {stuck === 0 && writes > 0 ? (
        <PostForm action={`/contribute/import/${p.id}/apply`} csrf={p.csrf}>
          <DecisionFields decisions={p.decisions} hidden />
          <p>{t('import.applyLead')}</p>
          <button type="submit">
            {t('import.apply', { count: writes, n: formatCount(writes) })}
          </button>
        </PostForm>
      ) : (
        <p class="notice" role="note">
          {stuck > 0
            ? t('import.stuck', { count: stuck, n: formatCount(stuck) })
            : t('import.nothing')}
        </p>
      )}
      <Decisions id={p.id} name={p.name} csrf={p.csrf} decisions={p.decisions} />
      <h2>{t('import.mapping')}</h2>
      <MappingTable mapping={summary.mapping} />
      {summary.notes.length > 0 ? (
        <ul>
          {summary.notes.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      ) : null}
      <RowsTable plan={p.plan} decisions={p.decisions} />
      <NormalisationReport plan={p.plan} />
    </>,
  );
}
