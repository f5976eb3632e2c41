import { useState } from 'preact/hooks';
import { call, get, path, type Provider, type ProviderPage, type ProviderRequest, type Sex } from '../api';
import { ErrorSummary, errorsOf, Field, messageOf, PageTitle, Show, useLoad, type FieldErrors, TableScroll } from '../components';
import { label, t } from '../i18n';
import type { MessageKey } from '../messages.en';
import { go, href } from '../router';
import { serviceTypes, sexes } from '../vocabulary';

export function ProviderList() {
  const [loaded] = useLoad(() => get<ProviderPage>(path('/providers', { limit: 200 })), []);
  return (
    <section>
      <PageTitle>{t('providersTitle')}</PageTitle>
      <p>
        <a class="button" href={href('providers', 'new')}>
          {t('newProvider')}
        </a>
      </p>
      <Show loaded={loaded}>
        {(page) => (
          <TableScroll label={t('providersTitle')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('providerName')}</th>
                  <th scope="col">{t('services')}</th>
                  <th scope="col">{t('area')}</th>
                  <th scope="col">{t('capacity')}</th>
                  <th scope="col">{t('active')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((p) => (
                  <tr key={p.providerId}>
                    <td>
                      <a href={href('providers', p.providerId)}>{p.name}</a>
                    </td>
                    <td>{p.services.map((s) => label('service', s)).join(', ')}</td>
                    <td>{p.coverage.admin1.join(', ')}</td>
                    <td>{p.capacity}</td>
                    <td>{p.active ? t('yes') : t('no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Show>
    </section>
  );
}

export function ProviderEditor(props: { providerId: string | null }) {
  const [loaded] = useLoad(
    () => (props.providerId ? get<Provider>(path(`/providers/${encodeURIComponent(props.providerId)}`)) : Promise.resolve(null)),
    [props.providerId],
  );
  return <Show loaded={loaded}>{(provider) => <ProviderForm provider={provider} />}</Show>;
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function ProviderForm({ provider }: { provider: Provider | null }) {
  const [id, setId] = useState(provider?.providerId ?? '');
  const [form, setForm] = useState({
    name: provider?.name ?? '',
    active: provider?.active ?? true,
    services: provider?.services ?? [],
    admin1: provider?.coverage.admin1.join(', ') ?? '',
    languages: provider?.languages.join(', ') ?? '',
    capacity: String(provider?.capacity ?? 10),
    minAge: String(provider?.eligibility.minAge ?? 0),
    maxAge: String(provider?.eligibility.maxAge ?? 120),
    sexes: provider?.eligibility.sexes ?? [...sexes],
    email: provider?.email?.join(', ') ?? '',
    webhookUrl: provider?.webhook?.url ?? '',
    webhookSecret: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm({ ...form, ...changes });

  async function submit(event: Event) {
    event.preventDefault();
    const body: ProviderRequest = {
      name: form.name,
      active: form.active,
      services: form.services,
      coverage: { admin1: list(form.admin1) },
      languages: list(form.languages),
      capacity: Number(form.capacity),
      eligibility: { minAge: Number(form.minAge), maxAge: Number(form.maxAge), sexes: form.sexes },
      email: list(form.email),
      ...(form.webhookUrl ? { webhook: { url: form.webhookUrl, ...(form.webhookSecret ? { secret: form.webhookSecret } : {}) } } : {}),
    };
    try {
      await call('PUT', path(`/providers/${encodeURIComponent(id)}`), body);
      go('providers');
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(messageOf(error));
    }
  }

  const text = (name: keyof typeof form, key: MessageKey, apiPath: string, type = 'text') => (
    <Field path={apiPath} label={t(key)} errors={errors}>
      {(fid, d) => <input id={fid} type={type} aria-describedby={d} value={form[name] as string} autoComplete="off" onInput={(e) => set({ [name]: e.currentTarget.value })} />}
    </Field>
  );
  const toggles = <T extends string>(legend: MessageKey, options: readonly T[], chosen: T[], prefix: string, update: (next: T[]) => void) => (
    <fieldset>
      <legend>{t(legend)}</legend>
      {options.map((option) => (
        <div class="field checkbox" key={option}>
          <input
            id={`${prefix}-${option}`}
            type="checkbox"
            checked={chosen.includes(option)}
            onChange={(e) => update(e.currentTarget.checked ? [...chosen, option] : chosen.filter((o) => o !== option))}
          />
          <label for={`${prefix}-${option}`}>{label(prefix, option)}</label>
        </div>
      ))}
    </fieldset>
  );

  return (
    <section>
      <PageTitle>{provider ? t('editProvider', { id: provider.providerId }) : t('newProvider')}</PageTitle>
      <ErrorSummary errors={errors} message={message} />
      <form onSubmit={submit} noValidate>
        {!provider && (
          <Field path="providerId" label={t('providerId')} errors={errors}>
            {(fid, d) => <input id={fid} aria-describedby={d} value={id} onInput={(e) => setId(e.currentTarget.value.trim())} />}
          </Field>
        )}
        {text('name', 'providerName', 'name')}
        <div class="field checkbox">
          <input id="provider-active" type="checkbox" checked={form.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
          <label for="provider-active">{t('active')}</label>
        </div>
        {toggles('services', serviceTypes, form.services, 'service', (services) => set({ services }))}
        {text('admin1', 'coverage', 'coverage.admin1')}
        {text('languages', 'languages', 'languages')}
        {text('capacity', 'capacity', 'capacity', 'number')}
        {text('minAge', 'minAge', 'eligibility.minAge', 'number')}
        {text('maxAge', 'maxAge', 'eligibility.maxAge', 'number')}
        {toggles<Sex>('sexes', sexes, form.sexes, 'sex', (chosen) => set({ sexes: chosen }))}
        {text('email', 'email', 'email')}
        {text('webhookUrl', 'webhookUrl', 'webhook.url', 'url')}
        {provider?.webhook?.secretConfigured && <p>{t('secretConfigured')}</p>}
        {text('webhookSecret', 'webhookSecret', 'webhook.secret', 'password')}
        <div class="actions">
          <button type="submit">{t('save')}</button>
          <a href={href('providers')}>{t('cancel')}</a>
        </div>
      </form>
    </section>
  );
}
