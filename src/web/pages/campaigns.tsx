import type { Child } from 'hono/jsx';
import type { CampaignState } from '../../domain/campaigns.ts';
import type { Questionnaire } from '../../domain/questionnaires.ts';
import { textIn, textLanguage } from '../../domain/questionnaires.ts';
import type { RegionInfo } from '../../domain/region.ts';
import type { CampaignDashboard, RegionComparison } from '../../services/campaign-dashboard.ts';
import type { campaignLog } from '../../services/campaigns.ts';
import type { CampaignResults, CampaignSummary } from '../../services/engagement.ts';
import {
  Breadcrumb,
  barrierLabel,
  formatCount,
  formatDate,
  MessageWith,
  Tag,
} from '../components.tsx';
import {
  ErrorSummary,
  Field,
  FieldNotes,
  type FormState,
  PostForm,
  ScrollTable,
} from '../forms.tsx';
import { compareNames, currentLocale, hasKey, placeName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

type Campaign = CampaignSummary['campaign'];
export type CampaignLogEntry = Awaited<ReturnType<typeof campaignLog>>[number];

/** Where a campaign's pages are. */
export const campaignPath = (slug: string) => `/campaigns/${encodeURIComponent(slug)}`;
export const responsePath = (slug: string, region: string) =>
  `${campaignPath(slug)}/responses/${encodeURIComponent(region)}`;

const kindText = (kind: string) =>
  hasKey(`campaigns.kind_${kind}`) ? t(`campaigns.kind_${kind}`) : kind;
export const stateText = (state: string) =>
  hasKey(`campaigns.state_${state}`) ? t(`campaigns.state_${state}`) : state;
const count = (key: string, n: number) => t(key, { count: n, n: formatCount(n) });

/** The state as a labelled chip: its word says it, the colour only repeats it. */
function StateBadge({ state }: { state: CampaignState | string }) {
  return <Tag kind={`state-${state}`}>{stateText(state)}</Tag>;
}

/** Opens–closes as given (a month or a day). */
function windowText(c: Pick<Campaign, 'opensAt' | 'closesAt'>): string {
  if (!c.opensAt && !c.closesAt) return t('campaigns.noWindow');
  return t('campaigns.windowRange', { opens: c.opensAt ?? '…', closes: c.closesAt ?? '…' });
}

/** "Title, version 1" of the questionnaire a campaign asks, from the stored versions. */
function questionnaireText(
  ref: Campaign['questionnaire'],
  questionnaires: readonly Questionnaire[],
): Child {
  if (!ref) return t('campaigns.noQuestionnaire');
  const qn = questionnaires.find((q) => q.slug === ref.slug && q.version === ref.version);
  const here = currentLocale();
  return (
    <MessageWith
      message="campaigns.questionnaireVersion"
      name="title"
      value={qn ? textIn(qn.title, here) : ref.slug}
      lang={qn ? textLanguage(qn.title, here) : here}
      vars={{ version: ref.version }}
    />
  );
}

/**
 * A note about a region's rows, by the region's name: the note itself when it names the place
 * (as the interview notes do), else the name before it. Never the code alone ("EL43: …").
 */
function regionNote(
  note: CampaignResults['notes'][number],
  names?: ReadonlyMap<string, string>,
): string {
  const name = names?.get(note.region);
  return name && !note.message.includes(name)
    ? `${placeName(note.region, name)}: ${note.message}`
    : note.message;
}

/** A published campaign's results, every figure labelled. */
function Results({
  results,
  id,
  regionNames,
}: {
  results: CampaignResults;
  id: string;
  regionNames?: ReadonlyMap<string, string>;
}) {
  const figures: [string, number][] = [
    ['campaigns.resultResponses', results.responses],
    ['campaigns.resultInitiatives', results.initiatives],
    ['campaigns.resultRegions', results.regions.length],
    ['campaigns.resultStatements', results.evidenceStatements],
    ['campaigns.resultReports', results.regionalReports],
    ['campaigns.resultInterviews', results.interviews],
    ['campaigns.resultWorkshops', results.workshops],
    ['campaigns.resultParticipants', results.workshopParticipants],
  ];
  // What a kind of round does not collect (statements of an initiative survey) is left out, not shown as 0.
  const always = new Set(['campaigns.resultResponses', 'campaigns.resultRegions']);
  return (
    <>
      <ul class="figures" aria-labelledby={id}>
        {figures
          .filter(([key, n]) => n > 0 || always.has(key))
          .map(([key, n]) => (
            <li data-figure={key.replace('campaigns.result', '').toLowerCase()}>
              <span class="figure">{formatCount(n)}</span> {t(key)}
            </li>
          ))}
      </ul>
      {results.notes.length > 0 ? (
        <>
          <p>{t('campaigns.resultNotes')}</p>
          <ul>
            {results.notes.map((n) => (
              <li data-region={n.region}>{regionNote(n, regionNames)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** One campaign's facts: kind, state, window, questionnaire, invited regions. */
function CampaignFacts(p: {
  campaign: Campaign;
  questionnaires: readonly Questionnaire[];
  regionNames?: ReadonlyMap<string, string>;
  /** Campaign titles by slug, for the round before. */
  titles?: ReadonlyMap<string, string>;
}) {
  const c = p.campaign;
  const regions = c.regions ?? [];
  return (
    <dl class="facts">
      <dt>{t('campaigns.kind')}</dt>
      <dd>{kindText(c.kind)}</dd>
      <dt>{t('campaigns.state')}</dt>
      <dd>
        <StateBadge state={c.state} />
      </dd>
      <dt>{t('campaigns.window')}</dt>
      <dd>{windowText(c)}</dd>
      <dt>{t('campaigns.questionnaire')}</dt>
      <dd>{questionnaireText(c.questionnaire, p.questionnaires)}</dd>
      <dt>{t('campaigns.invited')}</dt>
      <dd>
        {count('campaigns.regionCount', regions.length)}
        {p.regionNames && regions.length > 0 ? (
          <ul>
            {regions.map((r) => (
              <li>
                <a href={`/regions/${encodeURIComponent(r)}`}>
                  {placeName(r, p.regionNames?.get(r) ?? r)}
                </a>{' '}
                ({r})
              </li>
            ))}
          </ul>
        ) : null}
      </dd>
      {c.previous ? (
        <>
          <dt>{t('campaigns.previous')}</dt>
          <dd>
            <a href={campaignPath(c.previous)}>{p.titles?.get(c.previous) ?? c.previous}</a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Every campaign with its facts and, once published, its results. */
export function campaignListPage(p: {
  summaries: readonly CampaignSummary[];
  questionnaires: readonly Questionnaire[];
  curator: boolean;
}) {
  const titles = new Map(p.summaries.map((s) => [s.campaign.slug, s.campaign.title]));
  return renderPage(
    { title: t('campaigns.title'), path: '/campaigns', description: t('campaigns.lead') },
    <>
      <h1>{t('campaigns.title')}</h1>
      <p class="lead">{t('campaigns.lead')}</p>
      {p.curator ? (
        <p class="actions">
          <a class="button" href="/campaigns/new">
            {t('campaigns.newCampaign')}
          </a>
        </p>
      ) : null}
      {p.summaries.length === 0 ? <p>{t('campaigns.none')}</p> : null}
      {p.summaries.map(({ campaign: c, results }) => (
        <section
          class="campaign fact-sheet"
          aria-labelledby={`campaign-${c.slug}`}
          data-campaign={c.slug}
        >
          <h2 id={`campaign-${c.slug}`}>
            <a href={campaignPath(c.slug)}>{c.title}</a>
          </h2>
          <CampaignFacts campaign={c} questionnaires={p.questionnaires} titles={titles} />
          {results ? (
            <>
              <h3 id={`results-${c.slug}`}>{t('campaigns.results')}</h3>
              <Results results={results} id={`results-${c.slug}`} />
            </>
          ) : null}
          {p.curator ? (
            <p>
              <a href={`${campaignPath(c.slug)}#dashboard-title`}>
                {t('campaigns.dashboardOf', { title: c.title })}
              </a>
            </p>
          ) : null}
        </section>
      ))}
    </>,
  );
}

/** The fields of the new-campaign form, in order (for the summary's labels). */
export const NEW_CAMPAIGN_FIELDS = [
  'questionnaire',
  'slug',
  'title',
  'description',
  'opensAt',
  'closesAt',
  'reminderDays',
  'regions',
  'minItems',
  'maxItems',
  'previous',
  'languages',
] as const;

const fieldLabel = (name: string) => t(`campaigns.field_${name}`);

/** A field's hint and problem, with the ids its control points to. */
function Notes({ name, error, hint }: { name: string; error?: string; hint?: boolean }) {
  return (
    <FieldNotes
      id={`field-${name}`}
      hint={hint ? t(`campaigns.hint_${name}`) : undefined}
      error={error}
    />
  );
}

const describedBy = (name: string, error?: string, hint?: boolean) =>
  [hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : '']
    .filter(Boolean)
    .join(' ') || undefined;

/** A select of the form, with its label, hint and problem. */
function SelectField(p: {
  name: string;
  value: string;
  error?: string;
  hint?: boolean;
  options: readonly { value: string; label: string }[];
  empty: string;
}) {
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={`field-${p.name}`}>{fieldLabel(p.name)}</label>
      <Notes name={p.name} error={p.error} hint={p.hint} />
      <select
        id={`field-${p.name}`}
        name={p.name}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.error, p.hint)}
      >
        <option value="">{p.empty}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes of regions, one group per country (by the country's name), each region by name and code. */
function RegionGroups(p: {
  regions: readonly RegionInfo[];
  all: readonly RegionInfo[];
  chosen: readonly string[];
}) {
  const countries = new Map<string, RegionInfo[]>();
  for (const r of p.regions)
    countries.set(r.countryCode, [...(countries.get(r.countryCode) ?? []), r]);
  const nameOf = (code: string) =>
    p.all.find((r) => r.code === code && r.level === 'country')?.name ?? code;
  const groups = [...countries].sort(([a], [b]) => compareNames(nameOf(a), nameOf(b)));
  return (
    <>
      {groups.map(([country, regions]) => (
        <fieldset>
          <legend>{nameOf(country)}</legend>
          <div class="checkbox-grid">
            {regions.map((r) => (
              <label>
                <input
                  type="checkbox"
                  name="regions"
                  value={r.code}
                  checked={p.chosen.includes(r.code)}
                />
                {placeName(r.code, r.name)} ({r.code})
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}

/**
 * The regions to invite: the partner regions first, grouped by country; every other region and
 * country folded away below them (open when one of them is chosen).
 */
function RegionChoice(p: {
  regions: readonly RegionInfo[];
  chosen: readonly string[];
  error?: string;
}) {
  const listed = p.regions.filter((x) => x.level !== 'supranational');
  const partners = listed.filter((r) => r.isPartner);
  const others = listed.filter((r) => !r.isPartner);
  return (
    <fieldset
      id="field-regions"
      class={p.error ? 'field field-error' : 'field'}
      aria-describedby={describedBy('regions', p.error, true)}
    >
      <legend>{fieldLabel('regions')}</legend>
      <Notes name="regions" error={p.error} hint />
      <RegionGroups regions={partners} all={p.regions} chosen={p.chosen} />
      {others.length > 0 ? (
        <details open={others.some((r) => p.chosen.includes(r.code))}>
          <summary>{t('campaigns.otherRegions', { n: formatCount(others.length) })}</summary>
          <RegionGroups regions={others} all={p.regions} chosen={p.chosen} />
        </details>
      ) : null}
    </fieldset>
  );
}

/** Checkboxes of the interface languages a campaign is run in. */
function LanguageChoice({ chosen, error }: { chosen: readonly string[]; error?: string }) {
  return (
    <fieldset
      id="field-languages"
      class={error ? 'field field-error' : 'field'}
      aria-describedby={describedBy('languages', error)}
    >
      <legend>{fieldLabel('languages')}</legend>
      <Notes name="languages" error={error} />
      <div class="checkbox-grid">
        {(['en', 'es', 'de'] as const).map((l) => (
          <label>
            <input type="checkbox" name="languages" value={l} checked={chosen.includes(l)} />
            <span lang={l}>{t(`campaigns.language_${l}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** What the new-campaign form was sent with (or starts with), field by field. */
export type CampaignFormValues = Readonly<Record<string, readonly string[]>>;

/** The values a blank form starts with: the D3.1 survey's 5–10 rule and every language. */
export const NEW_CAMPAIGN_DEFAULTS: CampaignFormValues = {
  minItems: ['5'],
  maxItems: ['10'],
  reminderDays: ['7, 1'],
  languages: ['en', 'es', 'de'],
};

/** The form of a new campaign; it keeps what was typed and names each problem beside its field. */
export function newCampaignPage(p: {
  questionnaires: readonly Questionnaire[];
  regions: readonly RegionInfo[];
  campaigns: readonly { slug: string; title: string }[];
  values: CampaignFormValues;
  state: FormState;
  csrf: string;
}) {
  const v = (name: string) => p.values[name]?.[0] ?? '';
  const err = (name: string) => p.state.errors?.[name];
  const text = (name: string, extra: { hint?: boolean; required?: boolean } = {}) => (
    <Field
      name={name}
      label={`${fieldLabel(name)}${extra.required ? ' *' : ''}`}
      state={{ errors: p.state.errors }}
      value={v(name)}
      hint={extra.hint ? t(`campaigns.hint_${name}`) : undefined}
    />
  );
  const labels = Object.fromEntries(NEW_CAMPAIGN_FIELDS.map((f) => [f, fieldLabel(f)]));
  const lang = currentLocale();
  return renderPage(
    { title: t('campaigns.newTitle'), path: '/campaigns/new' },
    <>
      <Breadcrumb
        parent={{ href: '/campaigns', label: t('campaigns.title') }}
        current={t('campaigns.newTitle')}
      />
      <h1>{t('campaigns.newTitle')}</h1>
      <p>{t('campaigns.newLead')}</p>
      <ErrorSummary state={p.state} labels={labels} />
      <PostForm action="/campaigns/new" csrf={p.csrf} class="stacked-form campaign-form">
        <SelectField
          name="questionnaire"
          value={v('questionnaire')}
          error={err('questionnaire')}
          hint
          empty={t('campaigns.choose')}
          options={p.questionnaires.map((q) => ({
            value: `${q.slug}@${q.version}`,
            label: t('campaigns.questionnaireOption', {
              title: textIn(q.title, lang),
              version: q.version,
              kind: kindText(q.kind),
            }),
          }))}
        />
        {text('slug', { hint: true, required: true })}
        {text('title', { required: true })}
        <div class={err('description') ? 'field field-error' : 'field'}>
          <label for="field-description">{fieldLabel('description')}</label>
          <Notes name="description" error={err('description')} />
          <textarea
            id="field-description"
            name="description"
            rows={4}
            aria-invalid={err('description') ? 'true' : undefined}
            aria-describedby={describedBy('description', err('description'))}
          >
            {v('description')}
          </textarea>
        </div>
        {text('opensAt', { hint: true })}
        {text('closesAt', { hint: true, required: true })}
        {text('reminderDays', { hint: true })}
        <RegionChoice regions={p.regions} chosen={p.values.regions ?? []} error={err('regions')} />
        {text('minItems', { hint: true })}
        {text('maxItems')}
        <SelectField
          name="previous"
          value={v('previous')}
          error={err('previous')}
          hint
          empty={t('campaigns.noPrevious')}
          options={p.campaigns.map((c) => ({ value: c.slug, label: c.title }))}
        />
        <LanguageChoice chosen={p.values.languages ?? []} error={err('languages')} />
        <div class="form-actions">
          <button type="submit">{t('campaigns.create')}</button>
          <a href="/campaigns">{t('campaigns.cancel')}</a>
        </div>
      </PostForm>
    </>,
  );
}

/** "4 of 5–10", with a flag in words when the count is outside the rule. */
function ItemsCell({
  items,
  started,
}: {
  items: CampaignDashboard['regions'][number]['items'];
  started: boolean;
}) {
  if (!items) return <>—</>;
  const { count: n, min, max } = items;
  const rule =
    min !== undefined && max !== undefined
      ? t('campaigns.itemsBetween', { n: formatCount(n), min, max })
      : min !== undefined
        ? t('campaigns.itemsAtLeast', { n: formatCount(n), min })
        : max !== undefined
          ? t('campaigns.itemsAtMost', { n: formatCount(n), max })
          : formatCount(n);
  const outside = started && ((min !== undefined && n < min) || (max !== undefined && n > max));
  return (
    <>
      <span data-items={n}>{rule}</span>
      {outside ? (
        <>
          {' '}
          <strong class="items-outside">⚠ {t('campaigns.outsideRule')}</strong>
        </>
      ) : null}
    </>
  );
}

const when = (iso: string | null) => (iso ? formatDate(iso) : '—');

/** The dashboard: the totals, then one row per invited region. */
function Dashboard({ d, slug }: { d: CampaignDashboard; slug: string }) {
  const totals: [string, number][] = [
    ['invited', d.totals.invited],
    ['started', d.totals.started],
    ['submitted', d.totals.submitted],
    ['accepted', d.totals.accepted],
    ['itemsOk', d.totals.itemsOk],
  ];
  return (
    <section aria-labelledby="dashboard-title" class="fact-sheet">
      <h2 id="dashboard-title">{t('campaigns.dashboard')}</h2>
      <p>
        <a href={`${campaignPath(slug)}/responses.xlsx`} download>
          {t('campaigns.downloadResponses')}
        </a>
      </p>
      <ul class="figures" aria-label={t('campaigns.totals')}>
        {totals.map(([key, n]) => (
          <li data-total={key}>
            <span class="figure">{formatCount(n)}</span> {t(`campaigns.total_${key}`)}
          </li>
        ))}
      </ul>
      {d.regions.length === 0 ? (
        <p>{t('campaigns.noRegions')}</p>
      ) : (
        <>
          <h3 id="progress-title">{t('campaigns.progressCaption')}</h3>
          <ScrollTable
            caption={t('campaigns.progressCaption')}
            hideCaption
            keys={[
              'campaigns.colRegion',
              'campaigns.colInvited',
              'campaigns.colState',
              'campaigns.colItems',
              'campaigns.colComplete',
              'campaigns.colProblems',
              'campaigns.colActivity',
              'campaigns.colLinks',
            ]}
          >
            {d.regions.map((r) => (
              <tr data-region={r.region}>
                <th scope="row">
                  {placeName(r.region, r.name)} ({r.region})
                </th>
                <td data-col="invited">
                  {r.invitedAt ? formatDate(r.invitedAt) : t('campaigns.notInvited')}
                </td>
                <td data-col="state">{t(`campaigns.response_${r.state}`)}</td>
                <td data-col="items">
                  <ItemsCell items={r.items} started={r.state !== 'not_started'} />
                </td>
                <td data-col="percent">{t('campaigns.percent', { n: r.percent })}</td>
                <td data-col="problems">{formatCount(r.problems)}</td>
                <td data-col="activity">{when(r.lastActivity)}</td>
                <td>
                  <a href={responsePath(slug, r.region)}>
                    {t('campaigns.openResponse', { region: r.name })}
                  </a>
                  <br />
                  <a href={`${responsePath(slug, r.region)}/compare`}>
                    {t('campaigns.compareResponse', { region: r.name })}
                  </a>
                </td>
              </tr>
            ))}
          </ScrollTable>
        </>
      )}
    </section>
  );
}

/** Moves the closing date, changes the reminders, invites more regions (curators, until published). */
function WindowForm(p: { campaign: CampaignSummary['campaign']; csrf: string; state?: FormState }) {
  const c = p.campaign;
  const state: FormState = p.state ?? {
    values: {
      closesAt: c.closesAt ?? '',
      reminderDays: (c.reminderDays ?? []).join(', '),
      addRegions: '',
    },
  };
  return (
    <section aria-labelledby="window-title">
      <h2 id="window-title">{t('campaigns.window')}</h2>
      {p.state?.errors ? (
        <ErrorSummary
          state={p.state}
          labels={{
            closesAt: t('campaigns.field_closesAt'),
            reminderDays: t('campaigns.field_reminderDays'),
            addRegions: t('campaigns.addRegions'),
          }}
        />
      ) : null}
      <PostForm action={`${campaignPath(c.slug)}/window`} csrf={p.csrf}>
        <Field
          name="closesAt"
          label={t('campaigns.field_closesAt')}
          state={state}
          hint={t('campaigns.windowCloseHint')}
        />
        <Field name="reminderDays" label={t('campaigns.field_reminderDays')} state={state} />
        <Field
          name="addRegions"
          label={t('campaigns.addRegions')}
          state={state}
          hint={t('campaigns.addRegionsHint')}
        />
        <button type="submit">{t('campaigns.saveWindow')}</button>
      </PostForm>
    </section>
  );
}

/** The moves the campaign's state allows, each a button of its own form. */
function Moves({ slug, moves, csrf }: { slug: string; moves: readonly string[]; csrf: string }) {
  if (moves.length === 0) return null;
  return (
    <section aria-labelledby="moves-title">
      <h2 id="moves-title">{t('campaigns.moves')}</h2>
      <div class="actions">
        {moves.map((m) => (
          <PostForm action={`${campaignPath(slug)}/move`} csrf={csrf} class="inline-form">
            <input type="hidden" name="move" value={m} />
            <button type="submit">{t(`campaigns.move_${m}`)}</button>
          </PostForm>
        ))}
      </div>
      {moves.includes('open') ? <p class="field-hint">{t('campaigns.openHint')}</p> : null}
    </section>
  );
}

const actionText = (a: string) =>
  hasKey(`campaigns.action_${a}`) ? t(`campaigns.action_${a}`) : a;

/**
 * A log entry's detail in words: a change of state ("submitted → changes_requested") by the
 * states' labels, a response's when the entry is a region's, else the campaign's.
 */
function detailText(e: CampaignLogEntry): string {
  const move = e.detail?.match(/^([a-z_]+) → ([a-z_]+)$/);
  if (!move) return e.detail ?? '';
  const label = (state: string) => {
    const key = e.region_code ? `campaigns.response_${state}` : `campaigns.state_${state}`;
    return hasKey(key) ? t(key) : state;
  };
  return `${label(move[1] ?? '')} → ${label(move[2] ?? '')}`;
}

/** The campaign's log, newest first; regions by name. */
function Log({
  entries,
  regionNames,
}: {
  entries: readonly CampaignLogEntry[];
  regionNames: ReadonlyMap<string, string>;
}) {
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">{t('campaigns.log')}</h2>
      {entries.length === 0 ? (
        <p>{t('campaigns.logEmpty')}</p>
      ) : (
        <ol class="campaign-log">
          {entries.map((e) => (
            <li>
              <time datetime={e.at}>{formatDate(e.at)}</time> — {actionText(e.action)}
              {e.region_code
                ? ` (${placeName(e.region_code, regionNames.get(e.region_code) ?? e.region_code)})`
                : ''}
              {e.detail ? `: ${detailText(e)}` : ''} <span class="byline">{e.actor_name}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A campaign's page: its facts and results for everyone, the dashboard for its curators. */
export function campaignPage(p: {
  summary: CampaignSummary;
  questionnaires: readonly Questionnaire[];
  regionNames: ReadonlyMap<string, string>;
  titles: ReadonlyMap<string, string>;
  curator?: { dashboard: CampaignDashboard; log: readonly CampaignLogEntry[]; moves: string[] };
  /** A coordinator's own invited regions, each linking to its response. */
  ownRegions: readonly string[];
  csrf?: string;
  notice?: string;
  /** The window form as sent, with its problems, after a refused change. */
  windowForm?: FormState;
}) {
  const c = p.summary.campaign;
  const results = p.summary.results;
  return renderPage(
    { title: c.title, path: campaignPath(c.slug), description: c.description },
    <>
      <Breadcrumb parent={{ href: '/campaigns', label: t('campaigns.title') }} current={c.title} />
      <p class="kicker">{kindText(c.kind)}</p>
      <h1>{c.title}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      {c.description ? <p class="lead">{c.description}</p> : null}
      <CampaignFacts
        campaign={c}
        questionnaires={p.questionnaires}
        regionNames={p.regionNames}
        titles={p.titles}
      />
      {p.ownRegions.length > 0 ? (
        <section aria-labelledby="own-title">
          <h2 id="own-title">{t('campaigns.yourResponses')}</h2>
          <ul>
            {p.ownRegions.map((r) => (
              <li>
                <a href={responsePath(c.slug, r)}>
                  {t('campaigns.responseOf', { region: placeName(r, p.regionNames.get(r) ?? r) })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="results-title">
        <h2 id="results-title">{t('campaigns.results')}</h2>
        {results ? (
          <Results results={results} id="results-title" regionNames={p.regionNames} />
        ) : (
          <p>{t('campaigns.resultsLater')}</p>
        )}
      </section>
      {p.curator && p.csrf ? (
        <>
          <Moves slug={c.slug} moves={p.curator.moves} csrf={p.csrf} />
          {c.state === 'published' ? null : (
            <WindowForm campaign={c} csrf={p.csrf} state={p.windowForm} />
          )}
          <Dashboard d={p.curator.dashboard} slug={c.slug} />
          <Log entries={p.curator.log} regionNames={p.regionNames} />
        </>
      ) : null}
    </>,
  );
}

/** A list of names under its heading, or a word that there are none. */
function NameList({ id, names }: { id: string; names: readonly string[] }) {
  return (
    <>
      <h3 id={`${id}-title`}>{`${t(`campaigns.cmp_${id}`)} (${formatCount(names.length)})`}</h3>
      {names.length === 0 ? (
        <p class="muted">{t('campaigns.cmpNone')}</p>
      ) : (
        <ul aria-labelledby={`${id}-title`} data-list={id}>
          {names.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A region's response beside its response to the round before. */
export function comparisonPage(p: {
  view: RegionComparison;
  questionnaire: Questionnaire;
  regionName: string;
}) {
  const { campaign: c, previous, comparison: cmp } = p.view;
  const lang = currentLocale();
  const questionLabels = new Map(
    p.questionnaire.sections.flatMap((s) =>
      s.questions.map((q) => [q.key, textIn(q.label, lang)] as const),
    ),
  );
  const sectionTitle = (key: string) => {
    const s = p.questionnaire.sections.find((x) => x.key === key);
    return s ? textIn(s.title, lang) : key;
  };
  const title = t('campaigns.compareTitle', { region: placeName(p.view.region, p.regionName) });
  const path = `${responsePath(c.slug, p.view.region)}/compare`;
  const barrierNames = (codes: readonly string[]) => codes.map((b) => `${barrierLabel(b)} (${b})`);
  return renderPage(
    { title: `${title} – ${c.title}`, path },
    <>
      <Breadcrumb parent={{ href: campaignPath(c.slug), label: c.title }} current={title} />
      <h1>{title}</h1>
      <p class="lead">
        {previous
          ? t('campaigns.compareLead', { current: c.title, previous: previous.title })
          : t('campaigns.compareNoPrevious', { current: c.title })}
      </p>
      <section aria-labelledby="items-title" class="fact-sheet">
        <h2 id="items-title">{t('campaigns.cmpItems')}</h2>
        <NameList id="new" names={cmp.items.new} />
        <NameList id="closed" names={cmp.items.closed} />
        <h3 id="changed-title">{`${t('campaigns.cmp_changed')} (${formatCount(cmp.items.changed.length)})`}</h3>
        {cmp.items.changed.length === 0 ? (
          <p class="muted">{t('campaigns.cmpNone')}</p>
        ) : (
          <ul aria-labelledby="changed-title" data-list="changed">
            {cmp.items.changed.map((it) => (
              <li>
                {it.name}
                {it.fields.length > 0
                  ? ` — ${t('campaigns.cmpChangedFields', {
                      fields: it.fields.map((f) => questionLabels.get(f) ?? f).join(', '),
                    })}`
                  : ''}
              </li>
            ))}
          </ul>
        )}
        <NameList id="unchanged" names={cmp.items.unchanged} />
        <NameList id="dropped" names={cmp.items.dropped} />
      </section>
      {p.questionnaire.sections.some((s) => s.key === 'barriers') ? (
        <section aria-labelledby="barriers-title" class="fact-sheet">
          <h2 id="barriers-title">{t('campaigns.cmpBarriers')}</h2>
          <NameList id="added" names={barrierNames(cmp.barriers.added)} />
          <NameList id="barrierDropped" names={barrierNames(cmp.barriers.dropped)} />
          <NameList id="kept" names={barrierNames(cmp.barriers.kept)} />
        </section>
      ) : null}
      <section aria-labelledby="sections-title">
        <h2 id="sections-title">{t('campaigns.cmpSections')}</h2>
        <ScrollTable
          caption={t('campaigns.cmpSections')}
          hideCaption
          keys={['campaigns.colSection', 'campaigns.colBefore', 'campaigns.colAfter']}
        >
          {cmp.sections.map((s) => (
            <tr data-section={s.key}>
              <th scope="row">{sectionTitle(s.key)}</th>
              <td data-col="before">{formatCount(s.before)}</td>
              <td data-col="after">{formatCount(s.after)}</td>
            </tr>
          ))}
        </ScrollTable>
      </section>
    </>,
  );
}
