import { useEffect, useRef, useState } from 'preact/hooks';
import { get, path, send, type StatisticsReport } from '../api';
import { ErrorSummary, errorsOf, messageOf, PageTitle, Show, useLoad, type FieldErrors, TableScroll } from '../components';
import { formatNumber, label, language, t } from '../i18n';
import type { ChartSpec } from '../charts';
import { ageGroups, deviceTypes, disabilities, referralStatuses, serviceTypes, sexes } from '../vocabulary';
import type { MessageKey } from '../messages.en';

type Filters = { from: string; to: string; admin1: string; organization: string };

/** For a manager (its own organisation) and the coordinator (every organisation, or the one named). */
export function Dashboard(props: { everyOrganization: boolean }) {
  const [draft, setDraft] = useState<Filters>({ from: '', to: '', admin1: '', organization: '' });
  const [filters, setFilters] = useState(draft);
  const [loaded] = useLoad(() => get<StatisticsReport>(path('/statistics', filters)), [filters]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);

  async function download() {
    try {
      const response = await send('GET', path('/statistics/export', filters), undefined, { Accept: 'text/csv' });
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: 'statistics.csv' });
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setErrors(errorsOf(error));
      setMessage(messageOf(error));
    }
  }

  const input = (name: keyof Filters, key: MessageKey, placeholder: string) => (
    <label>
      {t(key)}
      <input name={name} value={draft[name]} placeholder={placeholder} size={8} onInput={(e) => setDraft({ ...draft, [name]: e.currentTarget.value.trim() })} />
    </label>
  );

  return (
    <section>
      <PageTitle>{t('dashboardTitle')}</PageTitle>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        {input('from', 'from', 'YYYY-MM')}
        {input('to', 'to', 'YYYY-MM')}
        {input('admin1', 'area', 'AZ-AGM')}
        {props.everyOrganization && input('organization', 'organization', '')}
        <button type="submit">{t('apply')}</button>
        <button type="button" onClick={download}>
          {t('downloadCsv')}
        </button>
      </form>
      <ErrorSummary errors={errors} message={message} />
      <Show loaded={loaded}>{(report) => <Report report={report} />}</Show>
    </section>
  );
}

function Report({ report }: { report: StatisticsReport }) {
  const { cases, referrals, disclosure } = report;
  if (disclosure.withheld) return <p class="withheld" role="status">{t('withheldAll', { threshold: disclosure.populationThreshold })}</p>;
  const months = Object.keys(cases.byMonth);
  const sexAge = cases.bySexAndAgeGroup as Record<string, Record<string, number | null>>;
  const byService = referrals.byServiceType as Record<string, Record<string, number | null>>;
  const ageLabel = (group: string) => (group === 'unknown' ? t('ageGroup.unknown') : group);
  return (
    <>
      <dl class="figures">
        <Figure name="totalCases" value={formatNumber(cases.total)} />
        <Figure name="totalReferrals" value={formatNumber(referrals.total)} />
        <Figure name="medianHoursToAccept" value={formatNumber(referrals.medianHoursToAccept, 1)} />
        <Figure name="medianDaysToComplete" value={formatNumber(referrals.medianDaysToComplete, 1)} />
      </dl>
      <Chart
        spec={{ type: 'line', title: t('chartMonth'), labels: months, series: [{ name: t('count'), values: months.map((m) => cases.byMonth[m] ?? null) }] }}
        rowHeader={t('month')}
      />
      <Chart
        spec={{
          type: 'bar',
          title: t('chartSexAge'),
          labels: ageGroups.map(ageLabel),
          series: sexes.map((sex) => ({ name: label('sex', sex), values: ageGroups.map((group) => sexAge[sex]?.[group] ?? null) })),
        }}
      />
      <Chart
        spec={{
          type: 'bar',
          title: t('chartDisability'),
          labels: disabilities.map((d) => label('disability', d)),
          series: [{ name: t('count'), values: disabilities.map((d) => cases.byDisability[d]) }],
        }}
      />
      <Chart
        spec={{
          type: 'bar',
          title: t('chartDevice'),
          labels: deviceTypes.map((d) => label('device', d)),
          series: [{ name: t('count'), values: deviceTypes.map((d) => (cases.byDeviceType as Record<string, number | null>)[d] ?? null) }],
        }}
      />
      <Chart
        spec={{
          type: 'bar',
          stacked: true,
          title: t('chartReferrals'),
          labels: serviceTypes.map((s) => label('service', s)),
          series: referralStatuses.map((status) => ({ name: label('referralStatus', status), values: serviceTypes.map((s) => byService[s]?.[status] ?? null) })),
        }}
      />
    </>
  );
}

function Figure(props: { name: MessageKey; value: string }) {
  return (
    <div>
      <dt>{t(props.name)}</dt>
      <dd data-figure={props.name}>{props.value}</dd>
    </div>
  );
}

/** A chart (Chart.js, loaded on first use) with the same numbers as a table; a withheld number reads "withheld". */
function Chart(props: { spec: ChartSpec; rowHeader?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { spec } = props;
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let live = true;
    void import('../charts').then(({ draw }) => {
      if (live && canvas.current) destroy = draw(canvas.current, spec, language.get());
    });
    return () => {
      live = false;
      destroy?.();
    };
  }, [JSON.stringify(spec)]);
  return (
    <figure class="chart">
      <figcaption>{spec.title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={spec.title} />
      </div>
      <details>
        <summary>{t('showTable')}</summary>
        <TableScroll label={spec.title}>
          <table>
            <caption>{spec.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.rowHeader ?? ''}</th>
                {spec.series.map((s) => (
                  <th scope="col" key={s.name}>
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {spec.labels.map((row, index) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {spec.series.map((s) => (
                    <td key={s.name}>{formatNumber(s.values[index])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
