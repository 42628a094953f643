/**
 * What a barrier figure counts: the switch between kinds of evidence (statements, regional
 * reports, campaign answers, all) and the sentence that says what is counted. One component for
 * the matrix, the barrier pages, compare and prevalence, so they name the kinds alike.
 */
import { EVIDENCE_KINDS, type EvidenceKind } from '../domain/prevalence.ts';
import { t } from './i18n.ts';

const KIND_KEYS: Record<EvidenceKind, string> = {
  all: 'evidence.kindAll',
  statements: 'evidence.kindStatements',
  challenges: 'evidence.kindChallenges',
  answers: 'evidence.kindAnswers',
};

const COUNTING_KEYS: Record<EvidenceKind, string> = {
  all: 'evidence.countingAll',
  statements: 'evidence.countingStatements',
  challenges: 'evidence.countingChallenges',
  answers: 'evidence.countingAnswers',
};

/** The short name of a kind of evidence, in the request's language. */
export function kindLabel(kind: EvidenceKind): string {
  return t(KIND_KEYS[kind]);
}

/** The address of a page counting another kind: its other parameters kept, `all` left implicit. */
export function kindHref(path: string, kind: EvidenceKind, params: readonly string[] = []): string {
  const query = [...params, ...(kind === 'all' ? [] : [`evidence=${kind}`])].join('&');
  return query ? `${path}?${query}` : path;
}

/** The switch between kinds of evidence: links that keep the page, the current one marked. */
export function KindSwitch(p: {
  kind: EvidenceKind;
  path: string;
  /** Other query parameters of the page to keep (already encoded, e.g. region=ES51). */
  params?: readonly string[];
  /** The anchor to return to on the page, e.g. "matrix". */
  anchor?: string;
}) {
  const hash = p.anchor ? `#${p.anchor}` : '';
  return (
    <nav aria-label={t('evidence.kindLabel')} class="view-switch" data-kind={p.kind}>
      <span>{t('evidence.kindLabel')}:</span>{' '}
      {EVIDENCE_KINDS.map((k) =>
        k === p.kind ? (
          <strong aria-current="page">{kindLabel(k)}</strong>
        ) : (
          <a href={`${kindHref(p.path, k, p.params)}${hash}`}>{kindLabel(k)}</a>
        ),
      )}
    </nav>
  );
}

/** The sentence that says what a figure counts ("Counting: …"). */
export function Counting(p: { kind: EvidenceKind; id?: string }) {
  return (
    <p class="counting" id={p.id} data-kind={p.kind}>
      {t(COUNTING_KEYS[p.kind])}
    </p>
  );
}
