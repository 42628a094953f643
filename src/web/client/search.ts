// Search as you type on the initiatives page. Progressive enhancement: it fetches the same
// server-rendered page for the new query and swaps in the results and the filters, so the page
// without JavaScript stays the reference and both always show the same figures.
const form = document.querySelector<HTMLFormElement>('form.search-form');
const input = document.getElementById('q');
const announcer = document.getElementById('search-status');
// The page renders the message in its own language; the script cannot translate.
const errorMessage = announcer?.dataset.errorMessage ?? '';

/** The list page's URL for the form's current values, without the page number. */
function urlOf(form: HTMLFormElement): string {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (key !== 'page' && typeof value === 'string' && value !== '') params.append(key, value);
  }
  const query = params.toString();
  return `${form.getAttribute('action') ?? ''}${query !== '' ? `?${query}` : ''}`;
}

/** Swaps the results and filters of `next` into this page and announces the new heading. */
function swapIn(next: Document, url: string): void {
  for (const selector of ['.results-area', '.filters']) {
    const fresh = next.querySelector(selector);
    const current = document.querySelector(selector);
    if (fresh && current) current.replaceWith(fresh);
  }
  document.title = next.title;
  history.replaceState(null, '', url);
  if (announcer) {
    // The heading has moved from the fetched page into this one by now.
    announcer.textContent = document.getElementById('results-heading')?.textContent?.trim() ?? '';
  }
}

if (form && input) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const update = async (): Promise<void> => {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const url = urlOf(form);
    try {
      const response = await fetch(url, {
        signal: current.signal,
        headers: { accept: 'text/html' },
      });
      if (!response.ok) {
        if (announcer) announcer.textContent = errorMessage;
        return;
      }
      swapIn(new DOMParser().parseFromString(await response.text(), 'text/html'), url);
    } catch (error) {
      // A newer keystroke aborted this request; any other failure leaves the form to plain submission.
      const aborted = error instanceof DOMException && error.name === 'AbortError';
      if (!aborted && announcer) announcer.textContent = errorMessage;
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
}
