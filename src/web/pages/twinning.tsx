import { BARRIERS, THEMES } from '../../domain/codes.ts';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { RegionInfo } from '../../domain/region.ts';
import {
  type BarrierReason,
  type ConditionCheck,
  type ConditionEvidence,
  type StrengthReason,
  TRANSFER_REQUIREMENT_CODES,
  TWINNING_WEIGHTS,
} from '../../domain/twinning.ts';
import type { TwinningView } from '../../services/twinning.ts';
import { barrierLabel, formatCount, themeLabel } from '../components.tsx';
import { FigureTools } from '../figure-tools.tsx';
import { placeName as localName, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';
import { textLang } from '../record-language.tsx';

/**
 * Barriers with their weights, the strongest `most` of them and how many more. A weight is
 * written as one ("weight 3"): a bare number in brackets reads as a count of something. A peer's
 * barriers carry their shared weight (the smaller of the two regions' weights), named as such
 * ("shared weight 1") so that it is not read as the region's own weight in its profile.
 */
const barrierList = (
  reasons: readonly BarrierReason[],
  most = reasons.length,
  label: 'twinning.weight' | 'twinning.sharedWeight' = 'twinning.weight',
) => {
  const shown = reasons
    .slice(0, most)
    .map((r) => `${barrierLabel(r.barrier)} (${t(label, { w: formatCount(r.weight) })})`)
    .join(', ');
  const more = reasons.length - most;
  return more > 0
    ? `${shown} ${t('twinning.andMore', { n: formatCount(more), count: more })}`
    : shown;
};

/** A mentor's strengths, each text once with the barriers it addresses. */
const strengthsByText = (reasons: readonly StrengthReason[]): [string, string[]][] => {
  const by = new Map<string, string[]>();
  for (const r of reasons) by.set(r.text, [...(by.get(r.text) ?? []), r.barrier]);
  return [...by.entries()];
};

const unmetOf = (conditions: readonly ConditionCheck[]) =>
  conditions.filter((c) => c.status === 'unmet').length;

const placeName = (v: TwinningView, code: string) =>
  code === 'EU' ? t('twinning.euWide') : localName(code, v.placeNames.get(code) ?? code);

/** What one record says about a condition, in words; an initiative is a link to it. */
function EvidenceText({ v, e }: { v: TwinningView; e: ConditionEvidence }) {
  switch (e.kind) {
    case 'declared':
      return <>{t('twinning.evDeclared')}</>;
    case 'level':
      return <>{e.met ? t('twinning.evLevelCountry') : t('twinning.evLevelRegion')}</>;
    case 'strategy':
      return <>{t('twinning.evStrategy', { title: e.ref })}</>;
    case 'strength':
      return (
        <>
          {t('twinning.evStrength')} <q lang={textLang('en')}>{e.ref}</q>
        </>
      );
    case 'weakness':
      return (
        <>
          {t('twinning.evWeakness')} <q lang={textLang('en')}>{e.ref}</q>
        </>
      );
    case 'initiative':
      return (
        <>
          {t('twinning.evInitiative')}{' '}
          <a href={`/initiatives/${encodeURIComponent(e.ref)}`}>
            {v.initiativeNames.get(e.ref) ?? e.ref}
          </a>
        </>
      );
    case 'challenge':
      return (
        <>
          {v.region ? t('twinning.evChallenge') : t('twinning.evPicked')} {barrierLabel(e.ref)}
        </>
      );
  }
}

/** A practice's transfer conditions, each with its status and the records behind it. */
function Conditions({ v, conditions }: { v: TwinningView; conditions: readonly ConditionCheck[] }) {
  if (conditions.length === 0) return <p class="note">{t('twinning.noConditions')}</p>;
  return (
    <div class="conditions">
      <p class="note">{t('twinning.conditionsHeading')}</p>
      <ul>
        {conditions.map((c) => (
          <li data-condition={c.requires} data-status={c.status}>
            <strong>{t(`twinning.status_${c.status}`)}</strong> {t(`twinning.req_${c.requires}`)}.{' '}
            <span lang={textLang('en')}>{c.note}</span>{' '}
            <span class="muted">
              {c.evidence.length === 0 ? (
                t('twinning.evNone')
              ) : (
                <>
                  {t('twinning.evShown')}{' '}
                  {c.evidence.map((e, i) => (
                    <>
                      {i > 0 ? '; ' : ''}
                      {i === 1 ? `${t('twinning.evAlso')} ` : ''}
                      <EvidenceText v={v} e={e} />
                    </>
                  ))}
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One ranked list: a heading, then what its figures mean (if said) and the items, or "None found." */
function Ranked(props: {
  id: string;
  heading: string;
  items: readonly unknown[];
  help?: string;
  children: unknown;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.heading}</h3>
      {props.items.length === 0 ? (
        <p>{t('twinning.noneFound')}</p>
      ) : (
        <>
          {props.help ? (
            <p class="note" id={`${props.id}-help`}>
              {props.help}
            </p>
          ) : null}
          <ol class="ranked">{props.children}</ol>
        </>
      )}
    </section>
  );
}

/** The suggestions with their scores and reasons; `id` keeps heading ids unique on a page. */
export function TwinningSuggestionsView({
  v,
  id,
  most = Number.POSITIVE_INFINITY,
}: {
  v: TwinningView;
  id: string;
  /** At most this many suggestions of each kind (the region page shows the first few). */
  most?: number;
}) {
  const all = v.suggestions;
  const s = {
    ...all,
    peers: all.peers.slice(0, most),
    mentors: all.mentors.slice(0, most),
    practices: all.practices.slice(0, most),
    initiatives: all.initiatives.slice(0, most),
  };
  const w = TWINNING_WEIGHTS;
  return (
    <div class="twinning">
      <h3 id={`${id}-profile`}>{t('twinning.profileHeading')}</h3>
      {s.profile.length === 0 ? (
        <p>{t('twinning.profileEmpty')}</p>
      ) : (
        <>
          <p data-profile>{barrierList(s.profile)}</p>
          <p class="note">
            {t('twinning.weightHelp', {
              statement: formatCount(w.statement),
              challenge: formatCount(w.challenge),
            })}{' '}
            <a href="/twinning#how-scored">{t('twinning.howScored')}</a>
          </p>
        </>
      )}
      <Ranked
        id={`${id}-peers`}
        heading={t('twinning.peersHeading')}
        items={s.peers}
        help={t('twinning.peersHelp')}
      >
        {s.peers.map((p) => (
          <li data-score={p.score}>
            <a href={`/twinning?region=${encodeURIComponent(p.region)}`}>
              {placeName(v, p.region)}
            </a>{' '}
            <span class="muted">
              {t('twinning.peerReason', {
                score: formatCount(p.score),
                barriers: barrierList(p.shared, 3, 'twinning.sharedWeight'),
              })}
            </span>
          </li>
        ))}
      </Ranked>
      <Ranked id={`${id}-mentors`} heading={t('twinning.mentorsHeading')} items={s.mentors}>
        {s.mentors.map((m) => (
          <li data-score={m.score}>
            <strong>{placeName(v, m.place)}</strong>{' '}
            <span class="muted">
              {m.practices.length > 0
                ? t('twinning.mentorReason', {
                    count: m.practices.length,
                    n: formatCount(m.practices.length),
                    score: formatCount(m.score),
                    barriers: barrierList(m.addresses, 3),
                  })
                : t('twinning.mentorReasonStrengths', {
                    score: formatCount(m.score),
                    barriers: barrierList(m.addresses, 3),
                  })}
            </span>
            <ul>
              {m.practices.map((slug) => (
                <li>
                  <a href={`/good-practices/${slug}`}>{v.practiceNames.get(slug) ?? slug}</a>
                </li>
              ))}
              {strengthsByText(m.strengths).map(([text, barriers]) => (
                <li data-strength>
                  {t('twinning.mentorStrength', {
                    barriers: barriers.map(barrierLabel).join(', '),
                  })}{' '}
                  <q lang={textLang('en')}>{text}</q>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </Ranked>
      <Ranked id={`${id}-practices`} heading={t('twinning.practicesHeading')} items={s.practices}>
        {s.practices.map((p) => (
          <li data-score={p.score}>
            <a href={`/good-practices/${p.slug}`}>{v.practiceNames.get(p.slug) ?? p.slug}</a> (
            {placeName(v, p.place)}){' '}
            <span class="muted">
              {t('twinning.practiceReason', {
                score: formatCount(p.score),
                barriers: barrierList(p.addresses),
              })}
              {p.exemplary
                ? `; ${t('twinning.exemplaryBonus', { w: formatCount(w.exemplary) })}`
                : ''}
              {unmetOf(p.conditions) > 0
                ? `; ${t('twinning.unmetPenalty', {
                    n: formatCount(unmetOf(p.conditions)),
                    w: formatCount(w.unmetCondition),
                  })}`
                : ''}
            </span>
            <Conditions v={v} conditions={p.conditions} />
            <p class="note">
              {p.transferability
                ? t('twinning.transferability', { text: p.transferability })
                : p.conditions.length > 0
                  ? t('twinning.conditionsCurated')
                  : t('twinning.noTransferability')}
            </p>
          </li>
        ))}
      </Ranked>
      <Ranked
        id={`${id}-initiatives`}
        heading={t('twinning.initiativesHeading')}
        items={s.initiatives}
      >
        {s.initiatives.map((i) => (
          <li data-score={i.score}>
            <a href={`/initiatives/${i.slug}`}>{v.initiativeNames.get(i.slug) ?? i.slug}</a>{' '}
            <span class="muted">
              {t('twinning.initiativeReason', {
                score: formatCount(i.score),
                themes: i.sharedThemes.map(themeLabel).join(', '),
              })}
              {i.openScope ? `; ${t('twinning.openScope', { w: formatCount(w.openScope) })}` : ''}
            </span>
          </li>
        ))}
      </Ranked>
    </div>
  );
}

/** What the form was given: barriers, themes, and the requirements the place says it meets. */
type Picked = {
  barriers: ReadonlySet<string>;
  themes: ReadonlySet<string>;
  has: ReadonlySet<string>;
};

/** A group of checkboxes, one per code, the picked ones checked. */
function Choices(props: {
  legend: string;
  name: string;
  options: readonly { code: string; label: string }[];
  checked: ReadonlySet<string>;
}) {
  return (
    <fieldset class="facet">
      <legend>{props.legend}</legend>
      <ul>
        {props.options.map((o) => (
          <li>
            <input
              type="checkbox"
              id={`twin-${props.name}-${o.code}`}
              name={props.name}
              value={o.code}
              checked={props.checked.has(o.code)}
            />
            <label for={`twin-${props.name}-${o.code}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The form: a region on record, or barriers and themes picked by hand. */
function FindTwinsForm(props: {
  regions: readonly RegionInfo[];
  chosen: string | null;
  picked: Picked;
}) {
  const opened = props.picked.barriers.size + props.picked.themes.size + props.picked.has.size;
  return (
    <form method="get" action="/twinning" class="twinning-form">
      <h2>{t('twinning.formTitle')}</h2>
      <p>
        <label for="twin-region">{t('twinning.formRegion')}</label>{' '}
        <select id="twin-region" name="region">
          <option value="">{t('twinning.formRegionNone')}</option>
          {props.regions.map((r) => (
            <option value={r.code} selected={r.code === props.chosen}>
              {localName(r.code, r.name)}
            </option>
          ))}
        </select>
      </p>
      <p>{t('twinning.formOr')}</p>
      <details open={opened > 0}>
        <summary>{t('twinning.formBarriers')}</summary>
        <Choices
          legend={t('twinning.formBarriers')}
          name="barrier"
          options={BARRIERS.map((b) => ({ code: b.code, label: barrierLabel(b.code) }))}
          checked={props.picked.barriers}
        />
        <Choices
          legend={t('twinning.formThemes')}
          name="theme"
          options={THEMES.map((th) => ({ code: th.code, label: themeLabel(th.code) }))}
          checked={props.picked.themes}
        />
        <Choices
          legend={t('twinning.formHas')}
          name="has"
          options={TRANSFER_REQUIREMENT_CODES.map((code) => ({
            code,
            label: t(`twinning.req_${code}`),
          }))}
          checked={props.picked.has}
        />
      </details>
      <button type="submit">{t('twinning.submit')}</button>
    </form>
  );
}

/** Region × region similarity as a table (the figures are the view; no chart hides them). */
function SimilarityTable(props: { regions: readonly RegionInfo[]; matrix: readonly number[][] }) {
  return (
    <section aria-labelledby="similarity-title">
      <h2 id="similarity-title">{t('twinning.similarityHeading')}</h2>
      <p id="similarity-help">{t('twinning.similarityHelp')}</p>
      <div class="table-scroll" role="region" aria-labelledby="similarity-title" tabindex={0}>
        <table class="matrix similarity" aria-describedby="similarity-help">
          <caption class="visually-hidden">{t('twinning.similarityCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('twinning.colRegion')}</th>
              {props.regions.map((r) => (
                <th scope="col" class="num">
                  {localName(r.code, r.name)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.regions.map((r, i) => (
              <tr>
                <th scope="row">
                  <a href={`/twinning?region=${encodeURIComponent(r.code)}`}>
                    {localName(r.code, r.name)}
                  </a>
                </th>
                {(props.matrix[i] ?? []).map((x, j) => (
                  <td class={`num heat heat-${i === j ? 0 : Math.min(4, Math.floor(x * 5))}`}>
                    {formatCount(x)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FigureTools
        figure={{
          id: 'similarity-title',
          title: t('twinning.similarityHeading'),
          href: '/figures/twinning-similarity',
          formats: ['csv'],
        }}
      />
    </section>
  );
}

/** The /twinning page: the form, the suggestions asked for, how scores are made, similarity. */
export function twinningPage(props: {
  view: TwinningView | null;
  regions: readonly RegionInfo[];
  similarity: { regions: readonly RegionInfo[]; matrix: readonly number[][] };
  picked: Picked;
}) {
  const v = props.view;
  const name = v?.region ? localName(v.region.code, v.region.name) : undefined;
  const w = TWINNING_WEIGHTS;
  return renderPage(
    {
      title: name ? t('twinning.titleFor', { name }) : t('twinning.title'),
      path: '/twinning',
      description: t('twinning.description'),
      jsonLd: {
        '@context': SCHEMA_CONTEXT,
        '@type': 'WebPage',
        name: t('twinning.title'),
        url: '/twinning',
      },
    },
    <>
      <h1>{name ? t('twinning.titleFor', { name }) : t('twinning.title')}</h1>
      <p class="lead">{t('twinning.lead')}</p>
      {!v && props.picked.themes.size + props.picked.has.size > 0 ? (
        <p class="error-summary" role="alert">
          {t('twinning.needBarrier')}
        </p>
      ) : null}
      <FindTwinsForm
        regions={props.regions}
        chosen={v?.region?.code ?? null}
        picked={props.picked}
      />
      {v ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{name ?? t('twinning.formTitle')}</h2>
          <TwinningSuggestionsView v={v} id="twin" />
        </section>
      ) : null}
      <details class="how-scored" id="how-scored">
        <summary>{t('twinning.howScored')}</summary>
        <p>
          {t('twinning.howScoredText', {
            statement: formatCount(w.statement),
            challenge: formatCount(w.challenge),
            exemplary: formatCount(w.exemplary),
            sharedTheme: formatCount(w.sharedTheme),
            openScope: formatCount(w.openScope),
          })}
        </p>
        <p>{t('twinning.howConditionsText', { unmet: formatCount(w.unmetCondition) })}</p>
        <p>{t('twinning.howMentorStrengths')}</p>
      </details>
      <SimilarityTable regions={props.similarity.regions} matrix={props.similarity.matrix} />
    </>,
  );
}
