import { useState } from 'preact/hooks';
import { call, get, path, type Referral, type ReferralDetails, type ReferralPage, type Schemas } from '../api';
import { ErrorSummary, errorsOf, Field, messageOf, PageTitle, Select, Show, useLoad, type FieldErrors, TableScroll } from '../components';
import { fieldLabel, formatDate, formatDateTime, label, t, timeLeft } from '../i18n';
import { href } from '../router';
import { outcomes } from '../vocabulary';

export function Inbox() {
  const [loaded] = useLoad(
    () => Promise.all(['offered', 'accepted'].map((status) => get<ReferralPage>(path('/referrals', { status, limit: 100 })))),
    [],
  );
  return (
    <section>
      <PageTitle>{t('inboxTitle')}</PageTitle>
      <Show loaded={loaded}>
        {([offered, accepted]) => (
          <>
            <h2>{t('offered')}</h2>
            <ReferralTable items={offered!.items} showTimeLeft />
            <h2>{t('accepted')}</h2>
            <ReferralTable items={accepted!.items} />
          </>
        )}
      </Show>
    </section>
  );
}

function ReferralTable(props: { items: Referral[]; showTimeLeft?: boolean }) {
  if (props.items.length === 0) return <p>{t('noReferrals')}</p>;
  return (
    <TableScroll label={props.showTimeLeft ? t('offered') : t('accepted')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('service')}</th>
            <th scope="col">{t('urgency')}</th>
            <th scope="col">{props.showTimeLeft ? t('timeLeft') : t('updated')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => (
            <tr key={r.referralId}>
              <td>
                <a href={href('referrals', r.referralId)}>{label('service', r.serviceType)}</a>
              </td>
              <td>{label('urgency', r.urgency)}</td>
              <td>{props.showTimeLeft && r.respondBy ? <time dateTime={r.respondBy}>{timeLeft(r.respondBy)}</time> : formatDate(r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ReferralView(props: { referralId: string }) {
  const referralPath = `/referrals/${encodeURIComponent(props.referralId)}`;
  const [loaded, reload] = useLoad(() => get<ReferralDetails>(path(referralPath)), [props.referralId]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Schemas['ReferralOutcome']>('service_provided');
  const [notes, setNotes] = useState('');

  const act = (action: string, body?: unknown) => async (event: Event) => {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      await call('POST', path(`${referralPath}/${action}`), body);
      reload();
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(messageOf(error));
    }
  };

  return (
    <Show loaded={loaded}>
      {({ referral: r, survivor: s, incident }) => (
        <section>
          <PageTitle>{t('referralTitle', { id: label('service', r.serviceType) })}</PageTitle>
          <dl class="summary">
            <dt>{t('status')}</dt>
            <dd>{label('referralStatus', r.status)}</dd>
            {r.respondBy && (
              <>
                <dt>{t('respondBy')}</dt>
                <dd>
                  {formatDateTime(r.respondBy)} ({timeLeft(r.respondBy)})
                </dd>
              </>
            )}
            <dt>{t('urgency')}</dt>
            <dd>{label('urgency', r.urgency)}</dd>
            <dt>{t('name')}</dt>
            <dd>{[s.givenName, s.familyName].filter(Boolean).join(' ') || '—'}</dd>
            <dt>{fieldLabel('survivor.sex')}</dt>
            <dd>{label('sex', s.sex)}</dd>
            <dt>{t('age')}</dt>
            <dd>{s.age ?? '—'}</dd>
            <dt>{t('phone')}</dt>
            <dd>{s.phone ?? '—'}</dd>
            <dt>{t('preferredLanguage')}</dt>
            <dd>{s.preferredLanguage ?? '—'}</dd>
            <dt>{t('area')}</dt>
            <dd>{[s.location?.admin1, s.location?.community].filter(Boolean).join(', ') || '—'}</dd>
            {incident && (
              <>
                <dt>{fieldLabel('incident.deviceType')}</dt>
                <dd>{label('device', incident.deviceType)}</dd>
                <dt>{t('injuries')}</dt>
                <dd>{incident.injuries?.join(', ') || '—'}</dd>
              </>
            )}
            {r.notes && (
              <>
                <dt>{t('notes')}</dt>
                <dd>{r.notes}</dd>
              </>
            )}
          </dl>
          <ErrorSummary errors={errors} message={message} />
          {r.status === 'offered' && (
            <>
              <form class="panel" onSubmit={act('accept')}>
                <button type="submit">{t('accept')}</button>
              </form>
              <form class="panel" onSubmit={act('decline', { reason })} aria-labelledby="decline-title">
                <h2 id="decline-title">{t('decline')}</h2>
                <Field path="reason" label={t('declineReason')} errors={errors}>
                  {(id, d) => <textarea id={id} aria-describedby={d} value={reason} onInput={(e) => setReason(e.currentTarget.value)} maxLength={1000} />}
                </Field>
                <button type="submit">{t('decline')}</button>
              </form>
            </>
          )}
          {r.status === 'accepted' && (
            <form class="panel" onSubmit={act('complete', { outcome, notes: notes.trim() || null })} aria-labelledby="complete-title">
              <h2 id="complete-title">{t('complete')}</h2>
              <Field path="outcome" label={t('outcome')} errors={errors}>
                {(id, d) => <Select id={id} describedBy={d} value={outcome} options={outcomes} labelPrefix="outcome" onChange={setOutcome} />}
              </Field>
              <Field path="notes" label={t('notes')} errors={errors}>
                {(id, d) => <textarea id={id} aria-describedby={d} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} maxLength={2000} />}
              </Field>
              <button type="submit">{t('complete')}</button>
            </form>
          )}
          <p>
            <a href={href('referrals')}>{t('back')}</a>
          </p>
        </section>
      )}
    </Show>
  );
}
