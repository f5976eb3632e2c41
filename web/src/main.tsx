import { render } from 'preact';
import { useState } from 'preact/hooks';
import { resumeEntraSession, signInForDevelopment, signOut, startEntraSignIn, type Role, type Session } from './auth';
import { loadConfig, type AppConfig } from './config';
import { language, languages, setLanguage, t, type Language } from './i18n';
import type { MessageKey } from './messages.en';
import { CaseView } from './pages/CaseView';
import { Caseload } from './pages/Caseload';
import { EditCase, RegisterCase } from './pages/CaseEditor';
import { Dashboard } from './pages/Dashboard';
import { HeldList, HeldView } from './pages/Held';
import { Inbox, ReferralView } from './pages/Inbox';
import { ProviderEditor, ProviderList } from './pages/Providers';
import { go, route } from './router';
import { signal, useSignal } from './state';

const session = signal<Session | null>(null);

const navigation: Record<Role, [string, MessageKey][]> = {
  caseworker: [
    ['cases', 'nav.caseload'],
    ['cases/new', 'nav.register'],
    ['held', 'nav.held'],
  ],
  provider: [['referrals', 'nav.inbox']],
  manager: [['dashboard', 'nav.dashboard']],
  coordinator: [['dashboard', 'nav.dashboard']],
  admin: [['providers', 'nav.providers']],
};

function Page({ role }: { role: Role }) {
  const [first, second, third] = useSignal(route);
  if (role === 'caseworker' && first === 'cases') {
    if (second === 'new') return <RegisterCase />;
    if (second && third === 'edit') return <EditCase key={second} caseId={second} />;
    if (second) return <CaseView key={second} caseId={second} />;
    return <Caseload />;
  }
  if (role === 'caseworker' && first === 'held') return second ? <HeldView key={second} holdId={second} /> : <HeldList />;
  if (role === 'provider' && first === 'referrals') return second ? <ReferralView key={second} referralId={second} /> : <Inbox />;
  if ((role === 'manager' || role === 'coordinator') && first === 'dashboard') return <Dashboard everyOrganization={role === 'coordinator'} />;
  if (role === 'admin' && first === 'providers') return second ? <ProviderEditor key={second} providerId={second === 'new' ? null : second} /> : <ProviderList />;
  go(...navigation[role][0]![0].split('/'));
  return null;
}

function LanguagePicker() {
  const current = useSignal(language);
  return (
    <label class="language">
      {t('language')}
      <select value={current} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        {Object.entries(languages).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function SignIn({ config }: { config: AppConfig }) {
  const [role, setRole] = useState<Role>('caseworker');
  const [organization, setOrganization] = useState('org-local');
  const [providerId, setProviderId] = useState('provider-local');
  const [failure, setFailure] = useState<string | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    try {
      if (config.signIn === 'entra') await startEntraSignIn(config);
      else session.set(await signInForDevelopment(role, organization, providerId));
    } catch (error) {
      setFailure(t('error', { message: error instanceof Error ? error.message : String(error) }));
    }
  }
  return (
    <section>
      <h1>{t('signInTitle')}</h1>
      <form onSubmit={submit} class="panel">
        {config.signIn === 'entra' ? (
          <p>{t('signInEntra')}</p>
        ) : (
          <>
            <p>{t('signInDevelopment')}</p>
            <div class="field">
              <label for="sign-in-role">{t('role')}</label>
              <select id="sign-in-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                {(Object.keys(navigation) as Role[]).map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            {(role === 'caseworker' || role === 'manager') && (
              <div class="field">
                <label for="sign-in-organization">{t('organization')}</label>
                <input id="sign-in-organization" value={organization} onInput={(e) => setOrganization(e.currentTarget.value)} />
              </div>
            )}
            {role === 'provider' && (
              <div class="field">
                <label for="sign-in-provider">{t('providerId')}</label>
                <input id="sign-in-provider" value={providerId} onInput={(e) => setProviderId(e.currentTarget.value)} />
              </div>
            )}
          </>
        )}
        {failure && (
          <p class="error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit">{t('signIn')}</button>
      </form>
    </section>
  );
}

function App({ config }: { config: AppConfig }) {
  const current = useSignal(session);
  useSignal(language);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('appName')}
      </a>
      <header>
        <span class="brand">{t('appName')}</span>
        {current && (
          <nav aria-label={t('mainNav')}>
            <ul>
              {navigation[current.role].map(([target, key]) => (
                <li key={target}>
                  <a href={'#/' + target}>{t(key)}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <LanguagePicker />
        {current && (
          <span class="who">
            {t('signedInAs', { role: t(`role.${current.role}`) })}
            <button type="button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {current ? <Page role={current.role} /> : <SignIn config={config} />}
      </main>
    </>
  );
}

async function start() {
  setLanguage(language.get());
  const config = await loadConfig();
  if (config.signIn === 'entra') session.set(await resumeEntraSession(config));
  render(<App config={config} />, document.getElementById('app')!);
}

void start();
