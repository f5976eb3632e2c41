import { BrowserCacheLocation, PublicClientApplication } from '@azure/msal-browser';
import type { AppConfig } from './config';

type EntraConfig = Extract<AppConfig, { signIn: 'entra' }>;

let client: PublicClientApplication | null = null;

async function instance(config: EntraConfig): Promise<PublicClientApplication> {
  if (!client) {
    // Authorization code with PKCE (MSAL's only flow for single-page apps); tokens in sessionStorage, never localStorage.
    client = new PublicClientApplication({
      auth: { clientId: config.clientId, authority: config.authority, redirectUri: location.origin + '/' },
      cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
    });
    await client.initialize();
  }
  return client;
}

export async function signInWithEntra(config: EntraConfig): Promise<void> {
  const msal = await instance(config);
  await msal.loginRedirect({ scopes: [config.apiScope] });
}

export async function connectEntra(config: EntraConfig) {
  const msal = await instance(config);
  const redirect = await msal.handleRedirectPromise();
  const account = redirect?.account ?? msal.getAllAccounts()[0];
  if (!account) return null;
  msal.setActiveAccount(account);
  return {
    token: async () => (await msal.acquireTokenSilent({ account, scopes: [config.apiScope] })).accessToken,
    signOut: () => msal.logoutRedirect({ account, postLogoutRedirectUri: location.origin + '/' }),
  };
}
