import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** An error page that says what went wrong and where to go next. */
export function errorPage(status: number, message: string, path: string) {
  const title =
    status === 404
      ? t('error.notFound')
      : status === 400
        ? t('error.badRequest')
        : t('error.failed');
  return renderPage(
    { title, path },
    <>
      <h1>{title}</h1>
      <p>{message.charAt(0).toUpperCase() + message.slice(1)}</p>
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
