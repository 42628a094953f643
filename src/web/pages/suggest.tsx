import {
  recordPath,
  SUGGESTION_MESSAGE,
  SUGGESTION_STATES,
  type SuggestionEntity,
  type SuggestionState,
  type SuggestionView,
} from '../../domain/suggestions.ts';
import type { Challenge } from '../../services/suggestions.ts';
import { formatCount, formatDate } from '../components.tsx';
import { ErrorSummary, Field, type FormState, PostForm } from '../forms.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

const labels = () => ({
  message: t('suggest.message'),
  email: t('suggest.email'),
  answer: t('suggest.answer'),
  record: t('suggest.record'),
});

/** The correction form a visitor opens from a record; it works without JavaScript. */
export function suggestPage(p: {
  target: { entity: SuggestionEntity; key: string; name: string };
  challenge: Challenge;
  csrf: string;
  state?: FormState;
  sent?: boolean;
}) {
  const state = p.state ?? {};
  const back = recordPath(p.target.entity, p.target.key);
  const messageError = state.errors?.message;
  return renderPage(
    { title: t('suggest.title'), path: '/suggest' },
    <>
      <h1>{t('suggest.title')}</h1>
      <p>
        {t('suggest.about')} <a href={back}>{p.target.name}</a>
      </p>
      {p.sent ? (
        <p class="notice" role="status">
          {t('suggest.thanks')} <a href={back}>{t('suggest.back')}</a>
        </p>
      ) : (
        <>
          <p>{t('suggest.lead')}</p>
          <ErrorSummary state={state} labels={labels()} />
          <PostForm action="/suggest" csrf={p.csrf}>
            <input type="hidden" name="record" value={`${p.target.entity}:${p.target.key}`} />
            <input type="hidden" name="challenge" value={p.challenge.token} />
            <div class={messageError ? 'field field-error' : 'field'}>
              <label for="field-message">{t('suggest.message')}</label>
              <p class="field-hint" id="field-message-hint">
                {t('suggest.messageHint', {
                  min: SUGGESTION_MESSAGE.min,
                  max: SUGGESTION_MESSAGE.max,
                })}
              </p>
              {messageError ? (
                <p class="field-problem" id="field-message-error">
                  {messageError}
                </p>
              ) : null}
              <textarea
                id="field-message"
                name="message"
                rows={6}
                required
                maxlength={SUGGESTION_MESSAGE.max}
                aria-invalid={messageError ? 'true' : undefined}
                aria-describedby={`field-message-hint${messageError ? ' field-message-error' : ''}`}
              >
                {state.values?.message ?? ''}
              </textarea>
            </div>
            <Field
              name="email"
              label={t('suggest.email')}
              hint={t('suggest.emailHint')}
              type="email"
              autocomplete="email"
              state={state}
            />
            <Field
              name="answer"
              label={t('suggest.answerLabel', { sum: p.challenge.question })}
              hint={t('suggest.answerHint')}
              autocomplete="off"
              required
              state={{ ...state, values: { ...state.values, answer: '' } }}
            />
            {/* People never see this field; programs that fill every field give themselves away. */}
            <div class="trap" aria-hidden="true">
              <label for="field-website">Website</label>
              <input id="field-website" name="website" tabindex={-1} autocomplete="off" />
            </div>
            <button type="submit">{t('suggest.send')}</button>
          </PostForm>
        </>
      )}
    </>,
  );
}

/** The curators' queue of suggestions, by state, each with accept and dismiss. */
export function suggestionsPage(p: {
  items: readonly SuggestionView[];
  state: SuggestionState;
  csrf: string;
  notice?: string;
}) {
  return renderPage(
    { title: t('suggest.queueTitle'), path: '/admin/suggestions' },
    <>
      <h1>{t('suggest.queueTitle')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <nav class="view-switch" aria-label={t('suggest.statesLabel')}>
        {SUGGESTION_STATES.map((s) =>
          s === p.state ? (
            <strong aria-current="page">{t(`suggest.state_${s}`)}</strong>
          ) : (
            <a href={`/admin/suggestions?state=${s}`}>{t(`suggest.state_${s}`)}</a>
          ),
        )}
      </nav>
      <p>{t('suggest.queueCount', { count: p.items.length, n: formatCount(p.items.length) })}</p>
      <ol class="ranked">
        {p.items.map((s) => (
          <li>
            <h2>
              <a href={recordPath(s.entity, s.key)}>{s.recordName}</a>
            </h2>
            <p class="muted">
              {t('suggest.sentOn', { date: formatDate(s.createdAt) })}
              {s.contactEmail ? ` · ${t('suggest.contact')} ${s.contactEmail}` : ''}
            </p>
            <blockquote>{s.message}</blockquote>
            {s.decisionNote ? <p>{s.decisionNote}</p> : null}
            {s.state === 'open' ? (
              <PostForm action={`/admin/suggestions/${s.id}/decide`} csrf={p.csrf}>
                <div class="field">
                  <label for={`note-${s.id}`}>{t('suggest.note')}</label>
                  <input id={`note-${s.id}`} name="note" type="text" />
                </div>
                <div>
                  <button type="submit" name="decision" value="accepted" class="inline-form">
                    {t('suggest.accept')}
                  </button>
                  <button type="submit" name="decision" value="dismissed" class="button-secondary">
                    {t('suggest.dismiss')}
                  </button>
                </div>
              </PostForm>
            ) : null}
          </li>
        ))}
      </ol>
    </>,
  );
}
