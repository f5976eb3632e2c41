import { useState } from 'preact/hooks';
import { ApiError, call, idempotencyKey, path, type Case } from '../api';
import { ErrorSummary, errorsOf, Field, messageOf, PageTitle, Select, Show, useLoad, type FieldErrors } from '../components';
import { fieldLabel, label, t } from '../i18n';
import { go } from '../router';
import { consentGivers, deviceTypes, legalBases, serviceTypes, sexes, victimTypes } from '../vocabulary';
import { changedFields, emptyForm, formOf, patchOf, rebase, registrationOf, type CaseField, type CaseForm } from './caseModel';

interface Conflict {
  fields: CaseField[];
  latest: CaseForm;
}

export function RegisterCase() {
  return <CaseFormPage title={t('registerTitle')} initial={emptyForm()} />;
}

export function EditCase(props: { caseId: string }) {
  const [loaded] = useLoad(() => call<Case>('GET', path(`/cases/${encodeURIComponent(props.caseId)}`)), [props.caseId]);
  return (
    <Show loaded={loaded}>
      {({ body, etag }) => <CaseFormPage title={t('editTitle', { id: props.caseId })} initial={formOf(body)} caseId={props.caseId} etag={etag} />}
    </Show>
  );
}

function CaseFormPage(props: { title: string; initial: CaseForm; caseId?: string; etag?: string | null }) {
  const [form, setForm] = useState(props.initial);
  const [base, setBase] = useState({ form: props.initial, etag: props.etag ?? null });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(idempotencyKey);
  const editing = props.caseId !== undefined;
  const set = <F extends CaseField>(field: F, v: CaseForm[F]) => setForm({ ...form, [field]: v });

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const saved = editing
        ? await call<Case>('PATCH', path(`/cases/${encodeURIComponent(props.caseId!)}`), patchOf(base.form, form), { 'If-Match': base.etag ?? '*' })
        : await call<Case>('POST', path('/cases'), registrationOf(form), { 'Idempotency-Key': key });
      go('cases', saved.body.caseId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && editing) {
        const latest = await call<Case>('GET', path(`/cases/${encodeURIComponent(props.caseId!)}`));
        const latestForm = formOf(latest.body);
        setConflict({ fields: changedFields(base.form, latestForm), latest: latestForm });
        setForm(rebase(base.form, form, latestForm));
        setBase({ form: latestForm, etag: latest.etag });
      } else {
        setErrors(errorsOf(error));
        setMessage(messageOf(error));
      }
    } finally {
      setBusy(false);
    }
  }

  const text = (field: CaseField, type = 'text', extra: Record<string, string> = {}) => (
    <Field path={field} errors={errors}>
      {(id, describedBy) => (
        <input
          id={id}
          type={type}
          aria-describedby={describedBy}
          aria-invalid={describedBy ? true : undefined}
          value={form[field] as string}
          onInput={(e) => set(field, e.currentTarget.value as never)}
          {...extra}
        />
      )}
    </Field>
  );
  const choice = <F extends CaseField>(field: F, options: readonly string[], prefix: string, empty = false) => (
    <Field path={field} errors={errors}>
      {(id, describedBy) => (
        <Select id={id} describedBy={describedBy} value={form[field] as string} options={options} labelPrefix={prefix} empty={empty} onChange={(v) => set(field, v as never)} />
      )}
    </Field>
  );

  return (
    <section>
      <PageTitle>{props.title}</PageTitle>
      {conflict && (
        <div class="conflict" role="alert">
          <p>
            <strong>{t('conflictTitle')}</strong>
          </p>
          <p>{t('conflictChanged')}</p>
          <ul>
            {conflict.fields.map((field) => (
              <li key={field}>
                {fieldLabel(field)}: {display(field, conflict.latest)}
              </li>
            ))}
          </ul>
          <p>{t('conflictAction')}</p>
        </div>
      )}
      <ErrorSummary errors={errors} message={message} />
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('survivor')}</legend>
          {!editing && choice('victimType', victimTypes, 'victimType')}
          {text('survivor.givenName', 'text', { autoComplete: 'off' })}
          {text('survivor.familyName', 'text', { autoComplete: 'off' })}
          {choice('survivor.sex', sexes, 'sex', true)}
          {text('survivor.dateOfBirth', 'date')}
          {text('survivor.estimatedAge', 'text', { inputMode: 'numeric' })}
          {text('survivor.phone', 'tel', { autoComplete: 'off' })}
          {text('survivor.preferredLanguage')}
          {text('survivor.location.admin1')}
          {text('survivor.location.community')}
        </fieldset>
        <fieldset>
          <legend>{fieldLabel('incident.deviceType')}</legend>
          {text('incident.date', 'date')}
          {choice('incident.deviceType', deviceTypes, 'device', true)}
        </fieldset>
        <fieldset>
          <legend>{t('consent')}</legend>
          {choice('legalBasis', legalBases, 'legalBasis')}
          <div class="field checkbox">
            <input id="f-consent-referral" type="checkbox" checked={form['consent.referral']} onChange={(e) => set('consent.referral', e.currentTarget.checked)} />
            <label for="f-consent-referral">{fieldLabel('consent.referral')}</label>
          </div>
          {choice('consent.givenBy', consentGivers, 'givenBy', true)}
        </fieldset>
        {!editing && (
          <fieldset id="f-needs">
            <legend>{t('needs')}</legend>
            {serviceTypes.map((service) => (
              <div class="field checkbox" key={service}>
                <input
                  id={`need-${service}`}
                  type="checkbox"
                  checked={form.needs.includes(service)}
                  onChange={(e) => set('needs', e.currentTarget.checked ? [...form.needs, service] : form.needs.filter((s) => s !== service))}
                />
                <label for={`need-${service}`}>{label('service', service)}</label>
              </div>
            ))}
            {Object.entries(errors)
              .filter(([p]) => p.startsWith('needs'))
              .map(([p, m]) => (
                <p class="field-error" key={p}>
                  {m.join(' ')}
                </p>
              ))}
          </fieldset>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {editing ? t('save') : t('register')}
          </button>
          <a href={editing ? `#/cases/${encodeURIComponent(props.caseId!)}` : '#/cases'}>{t('cancel')}</a>
        </div>
      </form>
    </section>
  );
}

function display(field: CaseField, form: CaseForm): string {
  const v = form[field];
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (Array.isArray(v)) return v.join(', ');
  const prefixes: Partial<Record<CaseField, string>> = { 'survivor.sex': 'sex', 'incident.deviceType': 'device', 'legalBasis': 'legalBasis', 'consent.givenBy': 'givenBy' };
  const prefix = prefixes[field];
  return v === '' ? '—' : prefix ? label(prefix, v) : v;
}
