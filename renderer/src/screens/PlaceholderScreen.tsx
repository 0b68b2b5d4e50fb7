import { useT, type MessageKey } from '../i18n/i18n.tsx';

/** A service whose screens are not wired yet says so plainly and points to the alternatives. */
export function PlaceholderScreen({ title }: { title: MessageKey }) {
  const t = useT();
  return (
    <main className="screen">
      <h1>{t(title)}</h1>
      <p className="lead">{t('placeholder.body')}</p>
    </main>
  );
}
