import { z } from 'zod';
import { invalidParameter } from './errors.ts';

/**
 * Roles of contributors. Everyone without an account is a visitor: reads what is published and
 * may send a correction suggestion.
 *  - admin: everything, including accounts and settings;
 *  - curator: reviews, edits and publishes any record, runs campaigns, invites coordinators;
 *  - coordinator: drafts and submits records of their own regions, cannot publish.
 */
export const ROLES = ['admin', 'curator', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/** What a personal API token may do: read (GET) or also write. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The shortest password accepted: long passphrases rather than composition rules (NIST 800-63B). */
export const PASSWORD_MIN_LENGTH = 12;
/** The longest: argon2 takes any length, but a megabyte "password" is an attack, not a secret. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Who is acting: a signed-in account (through a session or a token) or an anonymous visitor. */
export type Actor =
  | {
      readonly kind: 'account';
      readonly id: number;
      readonly role: Role;
      readonly regions: readonly string[];
      /** Set when the request came with an API token: what the token allows. */
      readonly scopes?: readonly TokenScope[];
    }
  | { readonly kind: 'visitor' };

export const VISITOR: Actor = Object.freeze({ kind: 'visitor' });

/** An account as the services hand it out: never its password hash. */
export interface AccountView {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly pseudonym: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
}

/** A personal API token as listed to its owner (the secret itself is shown once, at creation). */
export interface TokenView {
  readonly id: number;
  readonly name: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** One line of the audit log. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly detail: string | null;
  readonly address: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The role named by `value`, or an error listing the roles. */
export function parseRole(value: string, parameter = 'role'): Role {
  const role = value.trim().toLowerCase();
  if (isRole(role)) return role;
  throw invalidParameter(parameter, `"${value}" is not a role; choose one of ${ROLES.join(', ')}`, {
    allowed: ROLES,
  });
}

/** Scopes from a comma-separated list ("read,write"); read is implied by write. */
export function parseScopes(value: string, parameter = 'scopes'): TokenScope[] {
  const asked = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const unknown = asked.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (asked.length === 0 || unknown.length > 0) {
    throw invalidParameter(
      parameter,
      `${unknown.length > 0 ? `"${unknown.join(', ')}" is not a scope` : 'no scope given'}; give read, or read,write`,
      { allowed: TOKEN_SCOPES },
    );
  }
  return TOKEN_SCOPES.filter((s) => s === 'read' || asked.includes(s));
}

const EmailSchema = z.email();

/** An e-mail address trimmed and lower-cased (the key of an account), or an error saying why not. */
export function normaliseEmail(value: string, parameter = 'email'): string {
  const email = value.trim().toLowerCase();
  if (!EmailSchema.safeParse(email).success) {
    throw invalidParameter(
      parameter,
      `"${value.trim()}" is not an e-mail address; write it as name@example.org`,
    );
  }
  return email;
}

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length}); a few unrelated words make a strong one`;
  }
  if (length > PASSWORD_MAX_LENGTH)
    return `must be at most ${PASSWORD_MAX_LENGTH} characters long (it has ${length})`;
  return undefined;
}
