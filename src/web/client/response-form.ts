/**
 * Autosave of a region's response form (progressive enhancement: without this script the Save
 * button does the same). 20 s after a change, and when the page is hidden or left, the form is
 * sent in the background to its own address with X-Autosave: 1; the answer (JSON) gives the new
 * revision, which the form's hidden field takes, so the next save (automatic or by the button)
 * is based on it. On a conflict (someone else saved) it says so and stops: the person's answers
 * stay in the form, and the Save button shows the conflict page that keeps them.
 */

const DELAY_MS = 20_000;

interface Duplicate {
  readonly path: string;
  readonly slug: string;
  readonly name: string;
  readonly detail: string;
}

interface Saved {
  readonly revision: number;
  readonly savedAt: string | null;
  /** New items that look like an initiative the atlas has (the page shows them after a save). */
  readonly duplicates?: readonly Duplicate[];
}

/**
 * Shows, beside each new item, the initiative of the atlas it looks like, as the page does after
 * a save: so a coordinator typing a name learns within the autosave's delay that it is there.
 */
function showDuplicates(form: HTMLFormElement, status: HTMLElement, list: readonly Duplicate[]) {
  for (const old of form.querySelectorAll('.duplicate-hint')) old.remove();
  for (const d of list) {
    const [section, index] = d.path.split('.');
    const fields = document
      .getElementById(`item-${section}-${index}`)
      ?.querySelector('.response-fields');
    if (!fields) continue;
    const note = document.createElement('p');
    note.className = 'field-hint duplicate-hint';
    note.setAttribute('role', 'note');
    const title = document.createElement('strong');
    title.textContent = status.dataset.duplicateTitle ?? '';
    const link = document.createElement('a');
    link.href = `/initiatives/${encodeURIComponent(d.slug)}`;
    link.textContent = d.name;
    note.append(
      title,
      ` ${status.dataset.duplicateOf ?? ''} `,
      link,
      ` (${d.detail}). ${status.dataset.duplicateAdvice ?? ''}`,
    );
    fields.prepend(note);
  }
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '');
}

function timeOf(iso: string | null | undefined): string {
  const d = iso ? new Date(iso) : new Date();
  return d.toLocaleTimeString(document.documentElement.lang || undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Sends the form in the background: what was saved, whose save came first, or why it failed. */
async function post(
  form: HTMLFormElement,
  keepalive: boolean,
): Promise<{ saved?: Saved; conflictAt?: string | null; failed?: string }> {
  const body = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (typeof v === 'string') body.append(k, v);
  const res = await fetch(form.action, {
    method: 'POST',
    body,
    keepalive,
    credentials: 'same-origin',
    headers: { 'X-Autosave': '1', Accept: 'application/json' },
  });
  if (res.ok) return { saved: (await res.json()) as Saved };
  if (res.status === 409) {
    const problem = (await res.json().catch(() => ({}))) as { updatedAt?: string };
    return { conflictAt: problem.updatedAt ?? null };
  }
  return { failed: String(res.status) };
}

function start(form: HTMLFormElement, status: HTMLElement): void {
  const found = form.querySelector<HTMLInputElement>('input[name="revision"]');
  if (!found) return;
  const revision: HTMLInputElement = found;
  let dirty = false;
  let stopped = false;
  let timer: number | undefined;
  let pending: Promise<void> | undefined;
  const say = (key: string, vars: Record<string, string> = {}) => {
    status.textContent = fill(status.dataset[key] ?? '', vars);
  };

  async function send(keepalive: boolean): Promise<void> {
    say('saving');
    const outcome = await post(form, keepalive);
    if (outcome.saved) {
      revision.value = String(outcome.saved.revision);
      say('saved', { time: timeOf(outcome.saved.savedAt) });
      showDuplicates(form, status, outcome.saved.duplicates ?? []);
    } else if (outcome.conflictAt !== undefined) {
      stopped = true;
      say('conflict', { time: timeOf(outcome.conflictAt) });
    } else {
      dirty = true;
      say('failed', { reason: outcome.failed ?? '' });
    }
  }

  function save(keepalive = false): Promise<void> {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    if (!dirty || stopped || pending) return pending ?? Promise.resolve();
    dirty = false;
    pending = send(keepalive)
      .catch((e: unknown) => {
        dirty = true;
        say('failed', { reason: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  const changed = () => {
    if (stopped) return;
    dirty = true;
    // data-autosave-ms shortens the wait (tests); 20 s otherwise.
    const delay = Number(form.dataset.autosaveMs) || DELAY_MS;
    if (timer === undefined) timer = window.setTimeout(() => void save(), delay);
  };
  say('on');
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  // A button's save must not race a background one: wait for it, so the revision is current.
  form.addEventListener('submit', (e) => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    if (!pending) {
      stopped = true;
      return;
    }
    e.preventDefault();
    const submitter = e.submitter;
    void pending.then(() => {
      stopped = true;
      form.requestSubmit(submitter instanceof HTMLElement ? submitter : undefined);
    });
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void save(true);
  });
  window.addEventListener('pagehide', () => void save(true));
}

const form = document.getElementById('response-form');
const status = document.getElementById('autosave-status');
if (form instanceof HTMLFormElement && status) start(form, status);
