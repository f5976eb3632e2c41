import { useState } from 'preact/hooks';
import { get, path, type CaseSummaryPage } from '../api';
import { PageTitle, Show, useLoad, TableScroll } from '../components';
import { formatDate, label, t } from '../i18n';
import { go, href } from '../router';
import { caseStatuses } from '../vocabulary';

type ReferralFilter = '' | 'open' | 'none';

export function Caseload() {
  const [status, setStatus] = useState('');
  const [admin1, setAdmin1] = useState('');
  const [referrals, setReferrals] = useState<ReferralFilter>('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [caseId, setCaseId] = useState('');
  const token = pages[pages.length - 1] ?? null;
  const [loaded] = useLoad(
    () => get<CaseSummaryPage>(path('/cases', { status, admin1, referrals, limit: 25, continuationToken: token })),
    [status, admin1, referrals, token],
  );
  const restart = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPages([null]);
  };

  return (
    <section>
      <PageTitle>{t('caseloadTitle')}</PageTitle>
      <form
        class="inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (caseId.trim()) go('cases', caseId.trim());
        }}
      >
        <label for="case-search">{t('caseIdSearch')}</label>
        <input id="case-search" value={caseId} onInput={(e) => setCaseId(e.currentTarget.value)} autoComplete="off" />
        <button type="submit">{t('openCase')}</button>
      </form>
      <div class="filters">
        <label>
          {t('filterStatus')}
          <select value={status} onChange={(e) => restart(setStatus)(e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            {caseStatuses.map((s) => (
              <option value={s} key={s}>
                {label('caseStatus', s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterReferralStatus')}
          <select value={referrals} onChange={(e) => restart(setReferrals)(e.currentTarget.value as ReferralFilter)}>
            <option value="">{t('any')}</option>
            <option value="open">{t('openReferralsOnly')}</option>
            <option value="none">{t('noOpenReferrals')}</option>
          </select>
        </label>
        <label>
          {t('area')}
          <input value={admin1} onChange={(e) => restart(setAdmin1)(e.currentTarget.value.trim())} size={10} />
        </label>
      </div>
      <Show loaded={loaded}>
        {(page) => {
          const items = page.items;
          return (
            <>
              {items.length === 0 ? (
                <p>{t('noCases')}</p>
              ) : (
                <TableScroll label={t('caseloadTitle')}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('name')}</th>
                        <th scope="col">{t('status')}</th>
                        <th scope="col">{t('area')}</th>
                        <th scope="col">{t('openReferrals')}</th>
                        <th scope="col">{t('updated')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((c) => (
                        <tr key={c.caseId}>
                          <td>
                            <a href={href('cases', c.caseId)}>{[c.givenName, c.familyName].filter(Boolean).join(' ') || c.caseId}</a>
                          </td>
                          <td>{label('caseStatus', c.status)}</td>
                          <td>{c.admin1 ?? '—'}</td>
                          <td>{c.openReferrals}</td>
                          <td>{formatDate(c.updatedAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
              <nav class="pager" aria-label={t('caseloadTitle')}>
                {pages.length > 1 && (
                  <button type="button" onClick={() => setPages([null])}>
                    {t('first')}
                  </button>
                )}
                {page.continuationToken && (
                  <button type="button" onClick={() => setPages([...pages, page.continuationToken])}>
                    {t('next')}
                  </button>
                )}
              </nav>
            </>
          );
        }}
      </Show>
    </section>
  );
}
