import type { AccountView, AuditEntry, TokenView } from '../../domain/accounts.ts';
import type { InvitationView } from '../../services/account-links.ts';
import { formatCount, formatDate } from '../components.tsx';
import { ErrorSummary, Field, type FormState, PostForm, ScrollTable } from '../forms.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

const EMPTY: FormState = {};

const labels = () => ({
  email: t('account.email'),
  password: t('account.password'),
  displayName: t('account.displayName'),
  name: t('account.tokenName'),
  role: t('account.role'),
  regions: t('account.regions'),
});

/** The sign-in form; accounts are made by invitation, so it says how to get one. */
export function signInPage(p: {
  csrf: string;
  state?: FormState;
  next?: string;
  notice?: string;
  /** The institution's provider to sign in with, when one is set up (config OIDC_*). */
  oidc?: string;
}) {
  const state = p.state ?? EMPTY;
  return renderPage(
    { title: t('account.signInTitle'), path: '/sign-in' },
    <>
      <h1>{t('account.signInTitle')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <p>{t('account.signInLead')}</p>
      <ErrorSummary state={state} labels={labels()} />
      {p.oidc ? (
        <p>
          <a
            class="button"
            href={`/sign-in/oidc${p.next ? `?next=${encodeURIComponent(p.next)}` : ''}`}
          >
            {t('account.signInWith', { name: p.oidc })}
          </a>{' '}
          {t('account.orPassword')}
        </p>
      ) : null}
      <PostForm action="/sign-in" csrf={p.csrf}>
        {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
        <Field
          name="email"
          label={t('account.email')}
          type="email"
          autocomplete="username"
          required
          state={state}
        />
        <Field
          name="password"
          label={t('account.password')}
          type="password"
          autocomplete="current-password"
          required
          state={state}
        />
        <button type="submit">{t('account.signInButton')}</button>
      </PostForm>
      <p>
        <a href="/password-reset">{t('account.forgot')}</a>
      </p>
    </>,
  );
}

function TokenTable({ tokens, csrf }: { tokens: readonly TokenView[]; csrf: string }) {
  if (tokens.length === 0) return <p>{t('account.noTokens')}</p>;
  return (
    <ScrollTable
      caption={t('account.tokensCaption')}
      hideCaption
      keys={[
        'account.tokenName',
        'account.scopes',
        'account.created',
        'account.lastUsed',
        'account.state',
      ]}
    >
      {tokens.map((tk) => (
        <tr>
          <th scope="row">{tk.name}</th>
          <td>{tk.scopes.join(', ')}</td>
          <td>{formatDate(tk.createdAt)}</td>
          <td>{tk.lastUsedAt ? formatDate(tk.lastUsedAt) : t('account.never')}</td>
          <td>
            {tk.revokedAt ? (
              t('account.revokedOn', { date: formatDate(tk.revokedAt) })
            ) : (
              <PostForm action={`/account/tokens/${tk.id}/revoke`} csrf={csrf} class="inline-form">
                <button
                  type="submit"
                  class="button-secondary"
                  aria-label={t('account.revokeNamed', { name: tk.name })}
                >
                  {t('account.revoke')}
                </button>
              </PostForm>
            )}
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** Downloading one's data and deleting the account (with the password, as a check). */
function OwnData({ csrf, state }: { csrf: string; state: FormState }) {
  return (
    <>
      <h2>{t('account.dataTitle')}</h2>
      <p>
        <a href="/account/data.json" download>
          {t('account.downloadData')}
        </a>
      </p>
      <h3 id="delete">{t('account.deleteTitle')}</h3>
      <p>{t('account.deleteLead')}</p>
      <ErrorSummary state={state} labels={{ password: t('account.password') }} />
      <PostForm action="/account/delete" csrf={csrf}>
        <Field
          name="password"
          label={t('account.deletePassword')}
          type="password"
          autocomplete="current-password"
          required
          state={state}
        />
        <button type="submit" class="button-danger">
          {t('account.deleteButton')}
        </button>
      </PostForm>
    </>
  );
}

/** The signed-in person's page: who they are, their API tokens, signing out. */
export function accountPage(p: {
  account: AccountView;
  tokens: readonly TokenView[];
  csrf: string;
  /** A token just created: shown this once. */
  newToken?: string;
  notice?: string;
  state?: FormState;
  /** Problems of the delete form. */
  deleteState?: FormState;
}) {
  const a = p.account;
  const state = p.state ?? EMPTY;
  return renderPage(
    { title: t('account.title'), path: '/account' },
    <>
      <h1>{t('account.title')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('account.displayName')}</dt>
        <dd>{a.displayName}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{a.email}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`account.role_${a.role}`)}</dd>
        <dt>{t('account.regions')}</dt>
        <dd>{a.regions.length > 0 ? a.regions.join(', ') : t('account.allRegions')}</dd>
      </dl>
      <h2>{t('account.tokensTitle')}</h2>
      <p>{t('account.tokensLead')}</p>
      {p.newToken ? (
        <div class="notice" role="status">
          <p>{t('account.tokenShownOnce')}</p>
          <p>
            <code class="secret">{p.newToken}</code>
          </p>
        </div>
      ) : null}
      <TokenTable tokens={p.tokens} csrf={p.csrf} />
      <h3>{t('account.newToken')}</h3>
      <ErrorSummary state={state} labels={labels()} />
      <PostForm action="/account/tokens" csrf={p.csrf}>
        <Field
          name="name"
          label={t('account.tokenName')}
          hint={t('account.tokenNameHint')}
          required
          state={state}
        />
        <fieldset>
          <legend>{t('account.scopes')}</legend>
          <label>
            <input
              type="radio"
              name="scopes"
              value="read"
              checked={state.values?.scopes !== 'read,write'}
            />{' '}
            {t('account.scopeRead')}
          </label>
          <label>
            <input
              type="radio"
              name="scopes"
              value="read,write"
              checked={state.values?.scopes === 'read,write'}
            />{' '}
            {t('account.scopeWrite')}
          </label>
        </fieldset>
        <button type="submit">{t('account.createToken')}</button>
      </PostForm>
      <h2>{t('account.sessionsTitle')}</h2>
      <PostForm action="/sign-out" csrf={p.csrf} class="inline-form">
        <button type="submit">{t('account.signOut')}</button>
      </PostForm>{' '}
      <PostForm action="/account/sign-out-everywhere" csrf={p.csrf} class="inline-form">
        <button type="submit" class="button-secondary">
          {t('account.signOutEverywhere')}
        </button>
      </PostForm>
      <OwnData csrf={p.csrf} state={p.deleteState ?? EMPTY} />
    </>,
  );
}

/** "Forgot your password?": asks for the address and always answers the same. */
export function passwordResetRequestPage(p: { csrf: string; state?: FormState; sent?: boolean }) {
  const state = p.state ?? EMPTY;
  return renderPage(
    { title: t('account.resetTitle'), path: '/password-reset' },
    <>
      <h1>{t('account.resetTitle')}</h1>
      {p.sent ? (
        <p class="notice" role="status">
          {t('account.resetSent')}
        </p>
      ) : (
        <>
          <p>{t('account.resetLead')}</p>
          <ErrorSummary state={state} labels={labels()} />
          <PostForm action="/password-reset" csrf={p.csrf}>
            <Field
              name="email"
              label={t('account.email')}
              type="email"
              autocomplete="username"
              required
              state={state}
            />
            <button type="submit">{t('account.resetButton')}</button>
          </PostForm>
        </>
      )}
    </>,
  );
}

/** The field of a password being chosen (reset, invitation), with the rule it must meet. */
function NewPassword({ label, state }: { label: string; state: FormState }) {
  return (
    <Field
      name="password"
      label={label}
      hint={t('account.passwordHint')}
      type="password"
      autocomplete="new-password"
      required
      state={state}
    />
  );
}

/** The page a reset link opens: a new password. */
export function newPasswordPage(p: { csrf: string; token: string; state?: FormState }) {
  const state = p.state ?? EMPTY;
  return renderPage(
    { title: t('account.newPasswordTitle'), path: '/password-reset' },
    <>
      <h1>{t('account.newPasswordTitle')}</h1>
      <ErrorSummary state={state} labels={labels()} />
      <PostForm action={`/password-reset/${p.token}`} csrf={p.csrf}>
        <NewPassword label={t('account.newPassword')} state={state} />
        <button type="submit">{t('account.savePassword')}</button>
      </PostForm>
    </>,
  );
}

/** The page an invitation link opens: the person names themselves and chooses a password. */
export function invitationPage(p: {
  csrf: string;
  token: string;
  invitation: InvitationView;
  state?: FormState;
}) {
  const state = p.state ?? EMPTY;
  const inv = p.invitation;
  return renderPage(
    { title: t('account.invitationTitle'), path: '/invitations' },
    <>
      <h1>{t('account.invitationTitle')}</h1>
      <p>
        {t('account.invitationLead', {
          email: inv.email,
          role: t(`account.role_${inv.role}`),
          regions: inv.regions.length > 0 ? inv.regions.join(', ') : t('account.allRegions'),
        })}
      </p>
      <ErrorSummary state={state} labels={labels()} />
      <PostForm action={`/invitations/${p.token}`} csrf={p.csrf}>
        <Field
          name="displayName"
          label={t('account.displayName')}
          hint={t('account.displayNameHint')}
          autocomplete="name"
          required
          state={state}
        />
        <NewPassword label={t('account.password')} state={state} />
        <button type="submit">{t('account.acceptInvitation')}</button>
      </PostForm>
    </>,
  );
}

function AccountsTable({ accounts }: { accounts: readonly AccountView[] }) {
  const caption = t('account.accountsCaption', {
    count: accounts.length,
    n: formatCount(accounts.length),
  });
  return (
    <ScrollTable
      caption={caption}
      keys={[
        'account.displayName',
        'account.email',
        'account.role',
        'account.regions',
        'account.lastSignIn',
        'account.state',
      ]}
    >
      {accounts.map((a) => (
        <tr>
          <th scope="row">{a.displayName}</th>
          <td>{a.email}</td>
          <td>{t(`account.role_${a.role}`)}</td>
          <td>{a.regions.join(', ') || '—'}</td>
          <td>{a.lastSignInAt ? formatDate(a.lastSignInAt) : t('account.never')}</td>
          <td>{a.disabled ? t('account.disabled') : t('account.active')}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** Administration: the accounts (administrators), pending invitations and the invitation form. */
export function adminAccountsPage(p: {
  csrf: string;
  accounts?: readonly AccountView[];
  invitations: readonly InvitationView[];
  roles: readonly string[];
  state?: FormState;
  notice?: string;
  canReadAudit: boolean;
  canReview: boolean;
}) {
  const state = p.state ?? EMPTY;
  return renderPage(
    { title: t('account.adminTitle'), path: '/admin/accounts' },
    <>
      <h1>{t('account.adminTitle')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <ul>
        {p.canReview ? (
          <li>
            <a href="/admin/suggestions">{t('suggest.queueLink')}</a>
          </li>
        ) : null}
        {p.canReadAudit ? (
          <li>
            <a href="/admin/audit">{t('account.auditLink')}</a>
          </li>
        ) : null}
      </ul>
      {p.accounts ? <AccountsTable accounts={p.accounts} /> : null}
      <h2>{t('account.inviteTitle')}</h2>
      <ErrorSummary state={state} labels={labels()} />
      <PostForm action="/admin/invitations" csrf={p.csrf}>
        <Field name="email" label={t('account.email')} type="email" required state={state} />
        <div class="field">
          <label for="field-role">{t('account.role')}</label>
          <select id="field-role" name="role">
            {p.roles.map((r) => (
              <option value={r} selected={state.values?.role === r}>
                {t(`account.role_${r}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="regions"
          label={t('account.regions')}
          hint={t('account.regionsHint')}
          state={state}
        />
        <button type="submit">{t('account.inviteButton')}</button>
      </PostForm>
      <h2>{t('account.pendingTitle')}</h2>
      {p.invitations.length === 0 ? (
        <p>{t('account.noPending')}</p>
      ) : (
        <ul>
          {p.invitations.map((i) => (
            <li>
              {t('account.pendingItem', {
                email: i.email,
                role: t(`account.role_${i.role}`),
                regions: i.regions.join(', ') || '—',
                date: formatDate(i.expiresAt),
              })}
            </li>
          ))}
        </ul>
      )}
    </>,
  );
}

/** The audit log for administrators: newest first. */
export function auditPage(p: {
  entries: readonly AuditEntry[];
  names: ReadonlyMap<string, string>;
}) {
  return renderPage(
    { title: t('account.auditTitle'), path: '/admin/audit' },
    <>
      <h1>{t('account.auditTitle')}</h1>
      <p>{t('account.auditLead', { count: p.entries.length, n: formatCount(p.entries.length) })}</p>
      <ScrollTable
        caption={t('account.auditTitle')}
        hideCaption
        keys={['account.when', 'account.who', 'account.what', 'account.subject', 'account.address']}
      >
        {p.entries.map((e) => (
          <tr>
            <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
            <td>{p.names.get(e.actor) ?? e.actor}</td>
            <th scope="row">{e.action}</th>
            <td>{e.subject ? (p.names.get(e.subject) ?? e.subject) : '—'}</td>
            <td>{e.address ?? '—'}</td>
          </tr>
        ))}
      </ScrollTable>
    </>,
  );
}
