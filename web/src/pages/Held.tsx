import { useState } from 'preact/hooks';
import { get, path, send, type Schemas } from '../api';
import { ErrorSummary, errorsOf, Field, messageOf, PageTitle, Select, Show, TableScroll, useLoad, type FieldErrors } from '../components';
import { formatDateTime, t } from '../i18n';
import { go, href } from '../router';
import { discardReasons } from '../vocabulary';

type Fields = Record<string, unknown>;

export function HeldList() {
  const [loaded] = useLoad(() => get<Schemas['HeldSubmissionPage']>(path('/intake/held', { limit: 200 })), []);
  return (
    <section>
      <PageTitle>{t('heldTitle')}</PageTitle>
      <p>{t('heldIntro')}</p>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('heldEmpty')}</p>
          ) : (
            <TableScroll label={t('heldTitle')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('receivedAt')}</th>
                    <th scope="col">{t('faults')}</th>
                    <th scope="col">{t('formVersion')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((held) => (
                    <tr key={held.holdId}>
                      <td>
                        <a href={href('held', held.holdId)}>{formatDateTime(held.receivedAt)}</a>
                      </td>
                      <td>{Object.keys(held.faults).join(', ')}</td>
                      <td>{held.formVersion ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Show>
    </section>
  );
}

// A fault names a Kobo field: `survivor/sex`, or `needs[2]/urgency` for the second entry (counted from 1) of a repeat.
function locate(fault: string): { group: string; index: number; name: string } | { group: null; name: string } {
  const repeat = /^([^[\]/]+)\[(\d+)\]\/(.+)$/.exec(fault);
  return repeat ? { group: repeat[1]!, index: Number(repeat[2]) - 1, name: `${repeat[1]}/${repeat[3]}` } : { group: null, name: fault };
}

function read(fields: Fields, fault: string): string {
  const at = locate(fault);
  const value = at.group === null ? fields[at.name] : (fields[at.group] as Fields[] | undefined)?.[at.index]?.[at.name];
  return value === undefined || value === null ? '' : String(value);
}

function write(fields: Fields, fault: string, value: string): Fields {
  const at = locate(fault);
  if (at.group === null) return { ...fields, [at.name]: value };
  const entries = [...((fields[at.group] as Fields[] | undefined) ?? [])];
  entries[at.index] = { ...entries[at.index], [at.name]: value };
  return { ...fields, [at.group]: entries };
}

/** A merge patch of what the caseworker corrected: a changed answer, or a whole repeat group (arrays are replaced). */
function correctionsOf(original: Fields, corrected: Fields): Fields {
  return Object.fromEntries(Object.keys(corrected).filter((key) => JSON.stringify(original[key]) !== JSON.stringify(corrected[key])).map((key) => [key, corrected[key]]));
}

export function HeldView(props: { holdId: string }) {
  const heldPath = `/intake/held/${encodeURIComponent(props.holdId)}`;
  const [loaded] = useLoad(() => get<Schemas['HeldSubmissionView']>(path(heldPath)), [props.holdId]);
  return <Show loaded={loaded}>{(held) => <HeldForm held={held} heldPath={heldPath} />}</Show>;
}

function HeldForm(props: { held: Schemas['HeldSubmissionView']; heldPath: string }) {
  const { held } = props;
  const original = held.fields as Fields;
  const [corrected, setCorrected] = useState(original);
  const [reason, setReason] = useState<Schemas['DiscardHeldRequest']['reason']>('duplicate');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const faults = Object.keys({ ...held.faults, ...errors }).filter((fault) => fault !== '$');

  const act = (action: string, body: unknown) => async (event: Event) => {
    event.preventDefault();
    try {
      const response = await send('POST', path(`${props.heldPath}/${action}`), body);
      // A release answers the case it made; a discard answers 204 without a body.
      const answer = response.status === 204 ? null : ((await response.json()) as Schemas['IntakeReceipt']);
      if (answer?.caseId) go('cases', answer.caseId);
      else go('held');
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(messageOf(error));
    }
  };

  return (
    <section>
      <PageTitle>{t('heldSubmission', { id: formatDateTime(held.receivedAt) })}</PageTitle>
      <ErrorSummary errors={errors} message={message} />
      <form class="panel" onSubmit={act('release', correctionsOf(original, corrected))} aria-labelledby="release-title" noValidate>
        <h2 id="release-title">{t('release')}</h2>
        {faults.map((fault) => (
          <Field key={fault} path={fault} label={fault} errors={{ [fault]: errors[fault] ?? held.faults[fault] ?? [] }}>
            {(id, d) => <input id={id} aria-describedby={d} value={read(corrected, fault)} autoComplete="off" onInput={(e) => setCorrected(write(corrected, fault, e.currentTarget.value))} />}
          </Field>
        ))}
        <button type="submit">{t('release')}</button>
      </form>
      <form class="panel" onSubmit={act('discard', { reason })} aria-labelledby="discard-title">
        <h2 id="discard-title">{t('discard')}</h2>
        <Field path="reason" label={t('discardReason')} errors={errors}>
          {(id, d) => <Select id={id} describedBy={d} value={reason} options={discardReasons} labelPrefix="discardReason" onChange={setReason} />}
        </Field>
        <button type="submit">{t('discard')}</button>
      </form>
      <p>
        <a href={href('held')}>{t('back')}</a>
      </p>
    </section>
  );
}
