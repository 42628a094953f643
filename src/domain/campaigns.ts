/**
 * A campaign is a survey round the atlas runs: draft → open → closed → published (a closed round
 * may be reopened, for example to extend the window). Each invited region gives one response,
 * which goes draft → submitted → accepted, or back to the region with changes requested.
 */
import { conflict } from './errors.ts';

export const CAMPAIGN_STATES = ['draft', 'open', 'closed', 'published'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** The moves of a campaign and the state each leads to from the states it may start in. */
export const CAMPAIGN_MOVES = {
  open: { from: ['draft', 'closed'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  publish: { from: ['closed'], to: 'published' },
} as const satisfies Record<string, { from: readonly CampaignState[]; to: CampaignState }>;
export type CampaignMove = keyof typeof CAMPAIGN_MOVES;

/** The state a move leads to, or a conflict that says which moves the campaign allows now. */
export function campaignMove(state: CampaignState, move: CampaignMove): CampaignState {
  const m = CAMPAIGN_MOVES[move];
  if ((m.from as readonly string[]).includes(state)) return m.to;
  const allowed = (Object.keys(CAMPAIGN_MOVES) as CampaignMove[]).filter((k) =>
    (CAMPAIGN_MOVES[k].from as readonly string[]).includes(state),
  );
  throw conflict(
    `a ${state} campaign cannot ${move}; it can ${allowed.join(' or ') || 'no longer change state'}`,
    { state, move },
  );
}

export const RESPONSE_STATES = ['draft', 'submitted', 'changes_requested', 'accepted'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

/** States in which the region may still change its answers. */
export const EDITABLE_RESPONSE: readonly ResponseState[] = ['draft', 'changes_requested'];

/** The moves on a response and where each may start. */
export const RESPONSE_MOVES = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted' },
  'request-changes': { from: ['submitted'], to: 'changes_requested' },
  accept: { from: ['submitted'], to: 'accepted' },
} as const satisfies Record<string, { from: readonly ResponseState[]; to: ResponseState }>;
export type ResponseMove = keyof typeof RESPONSE_MOVES;

/** The state a response move leads to, or a conflict naming the state the response is in. */
export function responseMove(state: ResponseState, move: ResponseMove): ResponseState {
  const m = RESPONSE_MOVES[move];
  if ((m.from as readonly string[]).includes(state)) return m.to;
  throw conflict(
    `this response is ${state.replace('_', ' ')}, so it cannot ${move.replace('-', ' ')}`,
    { state, move },
  );
}

/**
 * The last moment answers are taken: the end (UTC) of the closing day, or of the closing month
 * where only a month is given ("2025-01" closes at the end of 31 January 2025).
 */
export function closingInstant(closesAt: string): Date {
  const [y, m, d] = closesAt.split('-').map(Number) as [number, number, number | undefined];
  return d === undefined
    ? new Date(Date.UTC(y, m, 1) - 1)
    : new Date(Date.UTC(y, m - 1, d + 1) - 1);
}

/** Whole days from `now` until the closing instant (0 on the closing day, negative after). */
export function daysUntilClose(closesAt: string, now: Date): number {
  const end = closingInstant(closesAt);
  const day = (t: Date) => Math.floor(t.getTime() / 86_400_000);
  return day(end) - day(now);
}

/**
 * Why a region may not change its response now, or null when it may: the campaign must be open
 * and its closing moment not past.
 */
export function answersRefusal(
  state: CampaignState,
  closesAt: string | undefined,
  now: Date,
): string | null {
  if (state === 'draft')
    return 'this campaign has not opened yet; answers are taken once a curator opens it';
  if (state !== 'open')
    return `this campaign is ${state} and takes no more answers; ask its curators if your region needs more time`;
  if (closesAt && now.getTime() > closingInstant(closesAt).getTime())
    return `this campaign closed on ${closesAt} and takes no more answers; ask its curators if your region needs more time`;
  return null;
}

/** The reminders due now: each reminder day whose moment has come, for regions not yet submitted. */
export function dueReminderDays(
  reminderDays: readonly number[],
  closesAt: string | undefined,
  now: Date,
): number[] {
  if (!closesAt) return [];
  const left = daysUntilClose(closesAt, now);
  if (left < 0) return [];
  // Only the nearest reminder that is due: a campaign opened late sends one, not a burst.
  const due = reminderDays.filter((d) => d >= left).sort((a, b) => a - b);
  return due.length ? [due[0] as number] : [];
}
