import { REPORT_FORMATS, REPORT_KINDS, type ReportKind } from '../../domain/report.ts';
import type { ReportChoices } from '../../services/reports.ts';
import { ErrorSummary, FieldNotes, type FormState } from '../forms.tsx';
import { codeLabel, LOCALE_NAMES, LOCALES, placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** The options as chosen so far (from the query string), to fill the form again. */
export interface ChosenReportOptions {
  readonly kind?: ReportKind;
  readonly regions: readonly string[];
  readonly domains: readonly string[];
  readonly sections: readonly string[];
  readonly campaign?: string;
  readonly since?: string;
  /** The day (YYYY-MM-DD) or time the records are taken as of; none: as they are now. */
  readonly asOf?: string;
  readonly lang: string;
}

/** What a field's control is described by: its hint and, when it has one, its problem. */
const describedBy = (name: string, error?: string) =>
  [`field-${name}-hint`, error ? `field-${name}-error` : ''].filter((x) => x !== '').join(' ');

/** A group of checkboxes under a legend, with a hint and the field's problem. */
function Checkboxes(p: {
  name: string;
  legend: string;
  hint: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  error?: string;
}) {
  return (
    <fieldset
      id={`field-${p.name}`}
      class={p.error ? 'field field-error' : 'field'}
      aria-describedby={describedBy(p.name, p.error)}
    >
      <legend>{p.legend}</legend>
      <FieldNotes id={`field-${p.name}`} hint={p.hint} error={p.error} />
      <div class="checkbox-grid">
        {p.options.map((o) => (
          <label>
            <input
              type="checkbox"
              name={p.name}
              value={o.value}
              checked={p.chosen.includes(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A select of the campaigns (optional), with a hint and the field's problem. */
function CampaignSelect(p: {
  name: 'campaign' | 'since';
  choices: ReportChoices;
  chosen?: string;
  error?: string;
}) {
  const id = `field-${p.name}`;
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>{t(`reports.field_${p.name}`)}</label>
      <FieldNotes id={id} hint={t(`reports.hint_${p.name}`)} error={p.error} />
      <select id={id} name={p.name} aria-describedby={describedBy(p.name, p.error)}>
        <option value="">{t(`reports.none_${p.name}`)}</option>
        {p.choices.campaigns.map((c) => (
          <option value={c.slug} selected={c.slug === p.chosen}>
            {c.title}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The day the records are taken as of (empty: as they are now), with a hint and the field's problem. */
function AsOfField(p: { chosen?: string; error?: string }) {
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for="field-asOf">{t('reports.field_asOf')}</label>
      <FieldNotes id="field-asOf" hint={t('reports.hint_asOf')} error={p.error} />
      <input
        type="date"
        id="field-asOf"
        name="asOf"
        value={p.chosen ?? ''}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy('asOf', p.error)}
      />
    </div>
  );
}

/** The language of the report: every interface language, each named in itself. */
function LanguageSelect({ chosen }: { chosen: string }) {
  return (
    <div class="field">
      <label for="field-lang">{t('reports.field_lang')}</label>
      <FieldNotes id="field-lang" hint={t('reports.hint_lang')} />
      <select id="field-lang" name="lang" aria-describedby="field-lang-hint">
        {LOCALES.map((l) => (
          <option value={l} lang={l} selected={l === chosen}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form of one kind of report: its options, sent with GET to the report's own address. */
function ReportForm(p: {
  kind: ReportKind;
  choices: ReportChoices;
  chosen: ChosenReportOptions;
  state: FormState;
}) {
  const e = p.state.errors ?? {};
  const regionOptions = p.choices.regions.map((r) => ({
    value: r.code,
    label: `${placeName(r.code, r.name)} (${r.code})`,
  }));
  return (
    <form method="get" action={`/reports/${p.kind}`} class="stacked-form report-form">
      <Checkboxes
        name="region"
        legend={t('reports.field_region')}
        hint={t(p.kind === 'fact-sheet' ? 'reports.hint_regionOne' : 'reports.hint_region')}
        options={regionOptions}
        chosen={p.chosen.regions}
        error={e.region}
      />
      {p.kind === 'mapping' ? (
        <Checkboxes
          name="domain"
          legend={t('reports.field_domain')}
          hint={t('reports.hint_domain')}
          options={p.choices.domains.map((d) => ({ value: d, label: codeLabel('domain', d) }))}
          chosen={p.chosen.domains}
          error={e.domain}
        />
      ) : null}
      {p.kind !== 'fact-sheet' ? (
        <CampaignSelect
          name="campaign"
          choices={p.choices}
          chosen={p.chosen.campaign}
          error={e.campaign}
        />
      ) : null}
      {p.kind === 'changes' ? (
        <CampaignSelect name="since" choices={p.choices} chosen={p.chosen.since} error={e.since} />
      ) : null}
      <AsOfField chosen={p.chosen.asOf} error={e.asOf} />
      <LanguageSelect chosen={p.chosen.lang} />
      <Checkboxes
        name="section"
        legend={t('reports.field_section')}
        hint={t('reports.hint_section')}
        options={p.choices.sections[p.kind].map((s) => ({
          value: s,
          label: t(`reports.section_${p.kind}_${s}`),
        }))}
        chosen={p.chosen.sections}
        error={e.section}
      />
      <button type="submit">{t('reports.make')}</button>
    </form>
  );
}

/** The labels of the form's fields, for the error summary. */
const fieldLabels = () =>
  Object.fromEntries(
    ['region', 'domain', 'campaign', 'since', 'asOf', 'section', 'lang', 'kind', 'format'].map(
      (f) => [f, t(`reports.field_${f}`)],
    ),
  );

/**
 * The reports page: the four kinds with what each holds, and the options of the chosen kind
 * (`?kind=`). The form sends to the report's address, where it is shown with its downloads.
 */
export function reportsPage(choices: ReportChoices, chosen: ChosenReportOptions, state: FormState) {
  const kind = chosen.kind;
  return renderPage(
    { title: t('reports.title'), path: '/reports', description: t('reports.description') },
    <>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <ErrorSummary state={state} labels={fieldLabels()} />
      <ul class="report-kinds">
        {REPORT_KINDS.map((k) => (
          <li>
            <h2>
              <a href={`/reports?kind=${k}`} aria-current={k === kind ? 'page' : undefined}>
                {t(`reports.kind_${k}`)}
              </a>
            </h2>
            <p>{t(`reports.about_${k}`)}</p>
          </li>
        ))}
      </ul>
      {kind ? (
        <section aria-labelledby="report-options">
          <h2 id="report-options">{t('reports.optionsOf', { kind: t(`reports.kind_${kind}`) })}</h2>
          <p>{t('reports.formatsHint', { formats: REPORT_FORMATS.join(', ').toUpperCase() })}</p>
          <ReportForm kind={kind} choices={choices} chosen={chosen} state={state} />
        </section>
      ) : null}
    </>,
  );
}
