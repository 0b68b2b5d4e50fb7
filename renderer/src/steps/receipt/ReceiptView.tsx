import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { CallResponse } from '../../../../electron/contract/index.ts';
import { useT } from '../../i18n/i18n.tsx';

type Submitted = CallResponse<'flow.submit'>;

/**
 * After submit: "回执已打印，请取走", or — when the printer could not — the receipt itself on screen,
 * the same lines and the same QR as on paper, so the resident can photograph it.
 */
export function ReceiptView({ result, offline }: { result: Submitted; offline: boolean }) {
  const t = useT();
  const [svg, setSvg] = useState<string | null>(null);
  const print = result.print;
  const onScreen = !print || print.showOnScreen || !print.printed;
  const qr = print?.receipt?.qrPayload ?? result.receiptNo;

  useEffect(() => {
    if (!onScreen) return;
    let live = true;
    QRCode.toString(qr, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((s) => live && setSvg(s))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
  }, [qr, onScreen]);

  return (
    <section className="flow-step flow-receipt" data-testid="receipt">
      <h2>{t('flows.submitted.title')}</h2>
      <p className="flow-receipt-no" data-testid="receipt-no">
        {t('flows.submitted.receiptNo', { no: result.receiptNo })}
      </p>
      {offline ? <p className="flow-note">{t('flows.submitted.offline')}</p> : null}
      {result.owed.map((m) => (
        <p key={m.name} className="flow-note" data-testid="owed">
          {t('flows.submitted.owed', { name: m.name, date: m.promisedDate })}
        </p>
      ))}
      {onScreen ? (
        <div className="receipt-on-screen" data-testid="receipt-on-screen">
          <h3>{t('printing.onScreen.title')}</h3>
          <p>{t('printing.onScreen.body')}</p>
          <div className="receipt-paper">
            {(print?.receipt?.lines ?? []).map((l, i) => (
              <p
                key={i}
                style={{ textAlign: l.align, fontWeight: l.bold ? 700 : 400 }}
                className={l.large ? 'receipt-large' : undefined}
              >
                {l.text}
              </p>
            ))}
          </div>
          {svg ? (
            <figure className="receipt-qr">
              <div data-testid="receipt-qr" dangerouslySetInnerHTML={{ __html: svg }} />
              <figcaption>{t('printing.onScreen.qr')}</figcaption>
            </figure>
          ) : null}
        </div>
      ) : (
        <p className="flow-ok" data-testid="receipt-printed">
          {t('printing.printed')}
        </p>
      )}
    </section>
  );
}
