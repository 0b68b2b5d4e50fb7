import { useT, type MessageKey } from '../i18n/i18n.tsx';

export type HomeTarget = 'personal' | 'legal' | 'query' | 'help';

const TILES: { target: HomeTarget; title: MessageKey; sub: MessageKey }[] = [
  { target: 'personal', title: 'home.personal', sub: 'home.personal.sub' },
  { target: 'legal', title: 'home.legal', sub: 'home.legal.sub' },
  { target: 'query', title: 'home.query', sub: 'home.query.sub' },
  { target: 'help', title: 'home.help', sub: 'home.help.sub' },
];

export function HomeScreen({ onOpen }: { onOpen: (target: HomeTarget) => void }) {
  const t = useT();
  return (
    <main className="screen home">
      <h1>{t('home.greeting')}</h1>
      <div className="tiles">
        {TILES.map((tile) => (
          <button
            key={tile.target}
            type="button"
            className={`tile tile-${tile.target}`}
            onClick={() => onOpen(tile.target)}
          >
            <span className="tile-title">{t(tile.title)}</span>
            <span className="tile-sub">{t(tile.sub)}</span>
          </button>
        ))}
      </div>
    </main>
  );
}
