import type { ApplicationSummary } from '../../../../electron/contract/applications.ts';
import { useT } from '../../i18n/i18n.tsx';

function beijingTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** One application's progress, with identity masked as on the receipt. */
export function ApplicationDetail({ application: a }: { application: ApplicationSummary }) {
  const t = useT();
  const rows: [string, string][] = [
    [t('query.detail.receiptNo'), a.receiptNo],
    [t('query.detail.matters'), a.matters.join('、')],
    [t('query.detail.state'), t(`application.state.${a.state}`)],
    [t('query.detail.acceptedAt'), beijingTime(a.acceptedAt)],
    [t('query.detail.timeLimit'), a.timeLimit],
    [t('query.detail.applicant'), `${a.applicantMasked}  ${a.idMasked}`],
  ];
  return (
    <section className="application-detail" data-testid="application-detail" aria-live="polite">
      <h2>{t('query.detail.title')}</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k} className="row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
