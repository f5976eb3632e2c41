import type { AppConfig } from './config';

export type Role = 'caseworker' | 'provider' | 'manager' | 'coordinator' | 'admin';

export interface Session {
  role: Role;
  subject: string;
  organization: string | null;
  providerId: string | null;
}

interface TokenSource {
  token(): Promise<string>;
  signOut(): Promise<void>;
}

// Held in memory only: a reload signs out locally; in Azure MSAL keeps its own cache in sessionStorage.
let source: TokenSource | null = null;

export async function currentToken(): Promise<string> {
  if (!source) throw new Error('Not signed in.');
  return source.token();
}

export function sessionFromToken(token: string, organizationClaim = 'org', providerClaim = 'provider_id'): Session {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  const roles = Array.isArray(claims['roles']) ? (claims['roles'] as Role[]) : [];
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : null);
  return { role: roles[0] ?? 'caseworker', subject: text('sub') ?? '', organization: text(organizationClaim), providerId: text(providerClaim) };
}

/** The LocalHost's development sign-in (POST /dev/sign-in); it exists only there. */
export async function signInForDevelopment(role: Role, organization: string, providerId: string): Promise<Session> {
  const response = await fetch('/dev/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role, organization, providerId }),
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`sign-in: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  source = { token: () => Promise.resolve(token), signOut: () => Promise.resolve() };
  return sessionFromToken(token);
}

/** Microsoft Entra ID: completes a redirect sign-in if one is under way; null when nobody is signed in yet. */
export async function resumeEntraSession(config: Extract<AppConfig, { signIn: 'entra' }>): Promise<Session | null> {
  const { connectEntra } = await import('./msal');
  const entra = await connectEntra(config);
  if (!entra) return null;
  source = entra;
  return sessionFromToken(await entra.token(), config.organizationClaim, config.providerClaim);
}

export async function startEntraSignIn(config: Extract<AppConfig, { signIn: 'entra' }>): Promise<void> {
  const { signInWithEntra } = await import('./msal');
  await signInWithEntra(config);
}

/** Forgets the token and everything the session kept, then reloads so no page state survives. */
export async function signOut(): Promise<void> {
  const ending = source;
  source = null;
  sessionStorage.clear();
  if (ending) await ending.signOut();
  location.replace('/');
}
