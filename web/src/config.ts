/** The runtime settings the app reads from /config.json (served by the LocalHost, deployed next to the app in Azure). */
export type AppConfig =
  | { signIn: 'development' }
  | {
      signIn: 'entra';
      clientId: string;
      authority: string;
      apiScope: string;
      organizationClaim?: string;
      providerClaim?: string;
    };

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as AppConfig;
}
