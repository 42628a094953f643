import type { JobState } from '../../services/heavy-work.ts';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/**
 * The page of a file or report that is still being prepared: what is happening and a link to
 * check again. No automatic refresh: a page that reloads itself interrupts screen readers and
 * takes the timing out of the reader's hands (WCAG 2.2.1).
 */
export function jobPage(statusPath: string, state: JobState, retryAfterSeconds: number) {
  return renderPage(
    { title: t('jobs.title'), path: statusPath },
    <>
      <h1>{t('jobs.title')}</h1>
      <p class="lead" role="status">
        {t('jobs.lead')} {state === 'queued' ? t('jobs.queued') : t('jobs.running')}
      </p>
      <p>
        {t('jobs.checkAgainHint', { seconds: retryAfterSeconds })}{' '}
        <a href={statusPath}>{t('jobs.checkAgain')}</a>
      </p>
    </>,
  );
}
