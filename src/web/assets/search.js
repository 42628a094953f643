// Search as you type on the initiatives page. Progressive enhancement: it fetches the same
// server-rendered page for the new query and swaps in the results and the filters, so the page
// without JavaScript stays the reference and both always show the same figures.
const form = document.querySelector('form.search-form');
const input = document.getElementById('q');
const announcer = document.getElementById('search-status');
// The page renders the message in its own language; the script cannot translate.
const errorMessage = announcer?.dataset.errorMessage ?? '';

if (form && input) {
  let timer;
  let controller;

  const update = async () => {
    controller?.abort();
    controller = new AbortController();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (key !== 'page' && value !== '') params.append(key, String(value));
    }
    const url = `${form.getAttribute('action')}${params.size > 0 ? `?${params}` : ''}`;
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        headers: { accept: 'text/html' },
      });
      if (!response.ok) {
        if (announcer) announcer.textContent = errorMessage;
        return;
      }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const selector of ['.results-area', '.filters']) {
        const fresh = next.querySelector(selector);
        const current = document.querySelector(selector);
        if (fresh && current) current.replaceWith(fresh);
      }
      document.title = next.title;
      history.replaceState(null, '', url);
      if (announcer) {
        // The heading has moved from the fetched page into this one by now.
        announcer.textContent =
          document.getElementById('results-heading')?.textContent?.trim() ?? '';
      }
    } catch (error) {
      // A newer keystroke aborted this request; any other failure leaves the form to plain submission.
      if (error.name !== 'AbortError' && announcer) {
        announcer.textContent = errorMessage;
      }
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
}
