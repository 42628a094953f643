import { renderPage } from '../layout.tsx';

/** An error page that says what went wrong and where to go next. */
export function errorPage(status: number, message: string, path: string) {
  const title =
    status === 404
      ? 'Page not found'
      : status === 400
        ? 'Request not understood'
        : 'Something went wrong';
  return renderPage(
    { title, path },
    <>
      <h1>{title}</h1>
      <p>{message.charAt(0).toUpperCase() + message.slice(1)}</p>
      <ul>
        <li>
          <a href="/initiatives">Search the initiatives</a>
        </li>
        <li>
          <a href="/">Go to the home page</a>
        </li>
      </ul>
    </>,
  );
}
