import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { LocaleSchema, RTL_LOCALES } from '../../../electron/contract/locale.ts';
import { I18nProvider, useT } from '../i18n/i18n.tsx';
import { KioskTextField } from './KioskTextField.tsx';
import '../ui/tokens.css';
import '../ui/fonts.css';
import '../ui/app.css';

/**
 * 输入法自检: a technician page (input-lab.html, not part of any resident journey) with one field of
 * each kind, used at acceptance to try the touch keyboard and by the end-to-end keyboard tests.
 * ?locale=ug and ?elder switch language and elder mode.
 */
function Lab() {
  const t = useT();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [phone, setPhone] = useState('');
  const [mail, setMail] = useState('');
  return (
    <div className="frame">
      <main className="screen">
        <h1>{t('lab.title')}</h1>
        <p className="screen-prompt" data-screen-prompt>
          {t('lab.prompt')}
        </p>
        <KioskTextField label={t('lab.name')} value={name} onChange={setName} testId="field-name" />
        <KioskTextField
          label={t('lab.latin')}
          value={mail}
          onChange={setMail}
          kind="latin"
          testId="field-latin"
        />
        <KioskTextField
          label={t('lab.phone')}
          value={phone}
          onChange={setPhone}
          kind="phone"
          testId="field-phone"
        />
        <KioskTextField label={t('lab.id')} value={id} onChange={setId} kind="id" testId="field-id" />
      </main>
    </div>
  );
}

const params = new URLSearchParams(location.search);
const parsed = LocaleSchema.safeParse(params.get('locale') ?? 'zh-CN');
const locale = parsed.success ? parsed.data : 'zh-CN';
document.documentElement.lang = locale;
document.documentElement.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
document.documentElement.dataset.elder = String(params.has('elder'));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider locale={locale}>
        <Lab />
      </I18nProvider>
    </StrictMode>,
  );
}
