import { useState } from 'preact/hooks';
import { call, get, path, type Case, type CaseHistory, type Schemas, type ServiceType } from '../api';
import { ErrorSummary, errorsOf, Field, messageOf, PageTitle, Select, Show, useLoad, type FieldErrors, TableScroll } from '../components';
import { fieldLabel, formatDate, formatDateTime, label, t } from '../i18n';
import { href } from '../router';
import { serviceTypes, urgencies } from '../vocabulary';

export function CaseView(props: { caseId: string }) {
  const casePath = `/cases/${encodeURIComponent(props.caseId)}`;
  const [loaded, reload] = useLoad(
    () => Promise.all([call<Case>('GET', path(casePath)), get<CaseHistory>(path(casePath + '/history'))]),
    [props.caseId],
  );
  return (
    <Show loaded={loaded}>
      {([{ body: c, etag }, history]) => (
        <section>
          <PageTitle>{t('caseTitle', { id: c.caseId })}</PageTitle>
          <p>
            {label('caseStatus', c.status)} · {t('registered')} {formatDate(c.createdAt)}
          </p>
          {c.closedAt && <p>{t('closedOn', { date: formatDate(c.closedAt), reason: c.closeReason ?? '' })}</p>}
          {c.status === 'open' && (
            <p>
              <a class="button" href={href('cases', c.caseId, 'edit')}>
                {t('edit')}
              </a>
            </p>
          )}
          <Summary c={c} />
          <h2>{t('referrals')}</h2>
          {c.referrals.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <TableScroll label={t('referrals')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('service')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('provider')}</th>
                    <th scope="col">{t('updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.referrals.map((r) => (
                    <tr key={r.referralId}>
                      <td>{label('service', r.serviceType)}</td>
                      <td>{label('referralStatus', r.status)}</td>
                      <td>{r.providerId ?? t('notYetOffered')}</td>
                      <td>{formatDateTime(r.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
          {c.status === 'open' && <RequestReferral casePath={casePath} onDone={reload} />}
          <h2>{t('history')}</h2>
          <ol class="timeline">
            {history.events.map((event) => (
              <li key={event.sequence}>
                <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time> {describeEvent(event)}
              </li>
            ))}
          </ol>
          {c.status === 'open' && <CloseCase casePath={casePath} etag={etag} onDone={reload} />}
        </section>
      )}
    </Show>
  );
}

function Summary(props: { c: Case }) {
  const { survivor: s, consent, needs } = props.c;
  return (
    <dl class="summary">
      <dt>{t('name')}</dt>
      <dd>
        {s.givenName} {s.familyName}
      </dd>
      <dt>{fieldLabel('survivor.sex')}</dt>
      <dd>{label('sex', s.sex)}</dd>
      <dt>{t('age')}</dt>
      <dd>{s.dateOfBirth ? formatDate(s.dateOfBirth) : (s.estimatedAge ?? '—')}</dd>
      <dt>{t('area')}</dt>
      <dd>{[s.location.admin1, s.location.community].filter(Boolean).join(', ')}</dd>
      <dt>{t('needs')}</dt>
      <dd>{needs?.length ? needs.map((n) => label('service', n.serviceType)).join(', ') : t('none')}</dd>
      <dt>{t('consent')}</dt>
      <dd>
        {consent.referral ? t('yes') : t('no')}
        {consent.givenBy ? ` (${label('givenBy', consent.givenBy)})` : ''}
      </dd>
    </dl>
  );
}

function describeEvent(event: Schemas['CaseEvent']): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const provider = String(data['providerId'] ?? '—');
  switch (event.type) {
    case 'case.registered':
      return t('event.case.registered');
    case 'case.updated':
      return t('event.case.updated', { fields: ((data['changed'] as string[] | undefined) ?? []).map(fieldLabel).join(', ') });
    case 'case.closed':
      return t('event.case.closed');
    case 'referral.requested':
      return t('event.referral.requested', { service: label('service', String(data['serviceType'])) });
    case 'referral.offered':
    case 'referral.accepted':
    case 'referral.declined':
    case 'referral.completed':
    case 'referral.expired':
    case 'notification.delivered':
    case 'notification.failed':
      return t(`event.${event.type}`, { provider });
    case 'intake.kobo_submission':
      return t('event.intake.kobo_submission');
    case 'referral.unmet':
    case 'referral.cancelled':
      return t(`event.${event.type}`);
    default:
      return t('event.other', { type: event.type });
  }
}

function RequestReferral(props: { casePath: string; onDone: () => void }) {
  const [serviceType, setServiceType] = useState<ServiceType>('medical');
  const [urgency, setUrgency] = useState<Schemas['Urgency']>('routine');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    try {
      await call('POST', path(props.casePath + '/referrals'), { serviceType, urgency });
      props.onDone();
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(messageOf(error));
    }
  }
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="request-referral">
      <h3 id="request-referral">{t('requestReferral')}</h3>
      <ErrorSummary errors={errors} message={message} />
      <Field path="serviceType" label={t('service')} errors={errors}>
        {(id, d) => <Select id={id} describedBy={d} value={serviceType} options={serviceTypes} labelPrefix="service" onChange={setServiceType} />}
      </Field>
      <Field path="urgency" label={t('urgency')} errors={errors}>
        {(id, d) => <Select id={id} describedBy={d} value={urgency} options={urgencies} labelPrefix="urgency" onChange={setUrgency} />}
      </Field>
      <button type="submit">{t('requestReferral')}</button>
    </form>
  );
}

function CloseCase(props: { casePath: string; etag: string | null; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  async function submit(event: Event) {
    event.preventDefault();
    try {
      await call('POST', path(props.casePath + '/close'), { reason }, props.etag ? { 'If-Match': props.etag } : {});
      props.onDone();
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(error instanceof Error && 'status' in error && error.status === 412 ? t('conflictTitle') : messageOf(error));
    }
  }
  return (
    <form class="panel" onSubmit={submit} aria-labelledby="close-case">
      <h3 id="close-case">{t('closeCase')}</h3>
      <ErrorSummary errors={errors} message={message} />
      <Field path="reason" label={t('closeReason')} errors={errors}>
        {(id, d) => <textarea id={id} aria-describedby={d} value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={1000} />}
      </Field>
      <button type="submit">{t('closeCase')}</button>
    </form>
  );
}
