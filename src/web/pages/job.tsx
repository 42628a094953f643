import type { JobState } from '../../services/heavy-work.ts';
import { formatCount } from '../components.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/**
 * The page of a file or report that is still being prepared (or an import being applied, with
 * the rows done so far): what is happening and a link to check again. No automatic refresh: a
 * page that reloads itself interrupts screen readers and takes the timing out of the reader's
 * hands (WCAG 2.2.1).
 */
export function jobPage(
  statusPath: string,
  state: JobState,
  retryAfterSeconds: number,
  job: { readonly kind: string; readonly rowsDone?: number },
) {
  const { rowsDone } = job;
  return renderPage(
    { title: t('jobs.title'), path: statusPath },
    <>
      <h1>{t('jobs.title')}</h1>
      <p class="lead" role="status">
        {job.kind === 'import' ? t('jobs.importLead') : t('jobs.lead')}{' '}
        {state === 'queued' ? t('jobs.queued') : t('jobs.running')}
        {rowsDone === undefined
          ? null
          : ` ${t('jobs.rowsDone', { count: rowsDone, n: formatCount(rowsDone) })}`}
      </p>
      {job.kind === 'import' ? <p>{t('import.jobChecks')}</p> : null}
      <p>
        {t('jobs.checkAgainHint', { seconds: retryAfterSeconds })}{' '}
        <a href={statusPath}>{t('jobs.checkAgain')}</a>
      </p>
    </>,
  );
}
