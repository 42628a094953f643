import * as client from 'openid-client';
import { busy, unauthenticated } from '../domain/errors.ts';

/** Where the provider is and who the atlas is to it (config OIDC_*). */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How the sign-in page names the provider. */
  readonly name: string;
}

/** What a sign-in that went to the provider must find again when it comes back (a cookie). */
export interface PendingSignIn {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/**
 * Sign-in through an institution's OpenID Connect provider (authorization code flow with PKCE,
 * state and nonce, by openid-client). It signs in accounts that exist already (made by
 * invitation or the CLI) whose e-mail address the provider has verified; it makes no accounts.
 */
export class OidcSignIn {
  private config: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's configuration, discovered once (and again after a failure). */
  private configuration(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    this.config ??= client
      .discovery(new URL(issuer), clientId, clientSecret, undefined, {
        // A provider on plain http is for development and tests on one machine only.
        execute: issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        this.config = undefined;
        throw busy(
          `${this.settings.name} (${issuer}) does not answer (${e instanceof Error ? e.message : String(e)}); sign in with your password, or try again in a minute`,
          60,
        );
      });
    return this.config;
  }

  /** The provider's address to send the browser to, and what to keep until it comes back. */
  async start(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const pending = { verifier, state: client.randomState(), nonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** The verified e-mail address the provider vouches for, from its answer at `currentUrl`. */
  async finish(currentUrl: URL, pending: PendingSignIn): Promise<string> {
    const config = await this.configuration();
    let claims: Readonly<Record<string, unknown>> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
      const idToken = tokens.claims();
      claims = idToken;
      // Providers that keep the e-mail out of the ID token give it at the userinfo endpoint.
      if (idToken && typeof idToken.email !== 'string') {
        claims = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      }
    } catch (e) {
      throw unauthenticated(
        `the sign-in with ${this.settings.name} did not complete (${e instanceof Error ? e.message : String(e)}); start it again`,
      );
    }
    const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims?.email_verified !== true) {
      throw unauthenticated(
        `${this.settings.name} did not confirm an e-mail address for you, so the atlas cannot tell which account is yours; sign in with your password`,
      );
    }
    return email;
  }
}
