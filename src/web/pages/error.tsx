import { currentLocale, t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** The heading of each status a visitor may meet; any other is "something went wrong". */
const TITLES: Readonly<Record<number, () => string>> = {
  400: () => t('error.badRequest'),
  401: () => t('error.signInNeeded'),
  403: () => t('error.forbidden'),
  409: () => t('error.conflict'),
  429: () => t('error.tooMany'),
  404: () => t('error.notFound'),
  405: () => t('error.methodNotAllowed'),
  503: () => t('error.unavailable'),
};

/**
 * An error page that says what went wrong and where to go next. Messages from the services are
 * in English; in another language the page says so and marks them as English for screen readers.
 */
export function errorPage(status: number, message: string, path: string, translated = false) {
  const title = TITLES[status]?.() ?? t('error.failed');
  return renderPage(
    { title, path },
    <>
      <h1>{title}</h1>
      {translated || currentLocale() === 'en' ? (
        <p>{message.charAt(0).toUpperCase() + message.slice(1)}</p>
      ) : (
        <p>
          {t('error.detailsInEnglish')}{' '}
          <span lang="en">{message.charAt(0).toUpperCase() + message.slice(1)}</span>
        </p>
      )}
      <ul>
        <li>
          <a href="/initiatives">{t('error.searchLink')}</a>
        </li>
        <li>
          <a href="/">{t('error.homeLink')}</a>
        </li>
      </ul>
    </>,
  );
}
