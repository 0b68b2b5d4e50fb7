import { useCallback, useEffect, useRef, useState } from 'react';
import { WaitNotice } from '../ui/WaitNotice.tsx';
import type { CallResponse, KioskClient, Locale, Session } from '../../../electron/contract/index.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { I18nProvider, isMessageKey, translate, type MessageKey } from '../i18n/i18n.tsx';
import { useIdle } from './use-idle.ts';
import { AttractScreen } from '../screens/AttractScreen.tsx';
import { HomeScreen, type HomeTarget } from '../screens/HomeScreen.tsx';
import { PlaceholderScreen } from '../screens/PlaceholderScreen.tsx';
import { QueryScreen } from '../screens/query/QueryScreen.tsx';
import { CatalogueScreen } from '../screens/catalogue/CatalogueScreen.tsx';
import { FlowScreen, type FlowTarget } from '../flows/FlowScreen.tsx';
import { IdleDialog } from '../ui/IdleDialog.tsx';
import { GlobalBar } from '../ui/GlobalBar.tsx';
import { TopBar } from '../ui/TopBar.tsx';
import { NetworkBanner } from '../ui/NetworkBanner.tsx';
import { VoiceHost } from '../voice/voice-context.tsx';
import { VoiceBar } from '../voice/VoiceBar.tsx';
import { RTL_LOCALES } from '../../../electron/contract/locale.ts';
import { TechnicianGate } from '../technician/TechnicianGate.tsx';
import { SetupWizard } from '../technician/SetupWizard.tsx';
import { VideoHelp, requestVideoCall } from '../video/VideoHelp.tsx';

type Screen = 'attract' | 'home' | HomeTarget | 'flow';
type Settings = CallResponse<'ui.settings'>;
type Info = CallResponse<'app.info'>;

const TITLES: Record<HomeTarget, MessageKey> = {
  personal: 'home.personal',
  legal: 'home.legal',
  query: 'home.query',
  help: 'home.help',
};
const TOUCH_PING_MS = 10_000;

/** Clears everything the browser itself could keep of a resident: storage of every kind we can reach. */
function wipeBrowserState(): void {
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    // Storage may be disabled by policy; then there is nothing to clear.
  }
}

export function App({ client }: { client: KioskClient }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [info, setInfo] = useState<Info | null>(null);
  const [screen, setScreen] = useState<Screen>('attract');
  const [history, setHistory] = useState<Screen[]>([]);
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const lastPing = useRef(0);
  // null while resuming a draft after a reload (the core still holds it for this session).
  const [flowTarget, setFlowTarget] = useState<FlowTarget | null>(null);

  const showError = useCallback((e: unknown) => {
    const key = e instanceof KioskError && isMessageKey(e.messageKey) ? e.messageKey : 'errors.internal';
    setError(key);
  }, []);

  useEffect(() => {
    Promise.all([client.call('ui.settings', {}), client.call('app.info', {})])
      .then(([s, i]) => {
        setSettings(s);
        setInfo(i);
      })
      .catch(showError);
  }, [client, showError]);
  // A technician's change of idle times or languages applies to the next tap, not the next reload.
  useEffect(() => client.on('ui.settingsChanged', setSettings), [client]);

  // A reloaded renderer resumes the resident's flow where it was (the draft is in the core).
  useEffect(() => {
    client
      .call('session.current', {})
      .then(async ({ session: s }) => {
        if (!s || !(await client.call('flow.current', {})).flow) return;
        setSession(s);
        setFlowTarget(null);
        setScreen('flow');
      })
      .catch(() => undefined);
  }, [client]);

  const resetToAttract = useCallback(() => {
    setSession(null);
    setFlowTarget(null);
    setHistory([]);
    setScreen('attract');
    setError(null);
    wipeBrowserState();
  }, []);

  useEffect(() => client.on('session.ended', () => resetToAttract()), [client, resetToAttract]);

  const locale: Locale = session?.locale ?? settings?.defaultLocale ?? 'zh-CN';
  const elderMode = session?.elderMode ?? false;

  useEffect(() => {
    const root = document.documentElement;
    root.lang = locale;
    root.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
    root.dataset.elder = String(elderMode);
    document.title = translate(locale, 'app.title');
  }, [locale, elderMode]);

  useEffect(() => {
    if (settings && info) document.documentElement.dataset.ready = 'true';
  }, [settings, info]);

  // K14: a slow core on the first touch still answers the resident within a second (WaitNotice).
  const [starting, setStarting] = useState(false);
  const start = useCallback(() => {
    setStarting(true);
    client
      .call('session.start', {})
      .then((s) => {
        setSession(s);
        setHistory([]);
        setScreen('home');
      })
      .catch(showError)
      .finally(() => setStarting(false));
  }, [client, showError]);

  const end = useCallback(
    (reason: 'idle' | 'resident') => {
      // Wipe locally first: even if the core is unreachable the screen must not keep the resident's data.
      resetToAttract();
      client.call('session.end', { reason }).catch(() => undefined);
    },
    [client, resetToAttract],
  );

  const [inCall, setInCall] = useState(false);
  // The core's backstop timer wipes a session nobody touches; a call is presence, so say so.
  useEffect(() => {
    if (!inCall) return;
    const timer = setInterval(
      () => void client.call('session.touch', {}).catch(() => undefined),
      TOUCH_PING_MS,
    );
    return () => clearInterval(timer);
  }, [inCall, client]);
  const idle = useIdle({
    // Paused during a 帮办 call: the resident is talking, not gone.
    enabled: screen !== 'attract' && settings !== null && !inCall,
    idleMs: (settings?.idleSeconds ?? 60) * 1000,
    countdownSec: settings?.countdownSeconds ?? 15,
    onTimeout: () => end('idle'),
    onActivity: () => {
      const now = Date.now();
      if (now - lastPing.current > TOUCH_PING_MS) {
        lastPing.current = now;
        client.call('session.touch', {}).catch(() => undefined);
      }
    },
  });

  const open = (next: Screen): void => {
    setHistory((h) => [...h, screen]);
    setScreen(next);
  };
  const back = (): void => {
    setHistory((h) => {
      const prev = h.at(-1);
      if (prev) setScreen(prev);
      return h.slice(0, -1);
    });
  };
  const update = (patch: { elderMode?: boolean; locale?: Locale }): void => {
    client.call('session.update', patch).then(setSession).catch(showError);
  };

  return (
    <I18nProvider locale={locale}>
      <VoiceHost
        client={client}
        locale={locale}
        routeKey={idle.warning ? 'idle' : screen === 'attract' ? '' : screen}
      />
      {screen === 'attract' ? (
        <>
          <AttractScreen onStart={start} />
          <WaitNotice waiting={starting} />
        </>
      ) : (
        <div className="frame">
          <TopBar
            elderMode={elderMode}
            demo={info?.demo ?? false}
            onToggleElder={() => update({ elderMode: !elderMode })}
            onToggleLocale={() => update({ locale: locale === 'zh-CN' ? 'en' : 'zh-CN' })}
            locales={settings?.locales ?? []}
            onLocale={(l) => update({ locale: l })}
          />
          <NetworkBanner client={client} />
          <VoiceBar client={client} />
          {screen === 'home' ? (
            <HomeScreen
              // 呼叫帮办 places the video call (the panel docks beside the page) rather than opening a page.
              onOpen={(target) => (target === 'help' ? requestVideoCall() : open(target))}
            />
          ) : screen === 'query' ? (
            <QueryScreen client={client} title={TITLES[screen]} />
          ) : screen === 'personal' || screen === 'legal' ? (
            <CatalogueScreen
              key={screen}
              client={client}
              audience={screen}
              title={TITLES[screen]}
              onStart={(target) => {
                setFlowTarget(target);
                open('flow');
              }}
            />
          ) : screen === 'flow' ? (
            <FlowScreen
              client={client}
              target={flowTarget}
              demo={info?.demo ?? false}
              onExit={() => {
                setHistory([]);
                setScreen('home');
              }}
            />
          ) : (
            <PlaceholderScreen title={TITLES[screen]} />
          )}
          <GlobalBar
            canGoBack={history.length > 0}
            onBack={back}
            onHome={() => {
              setHistory([]);
              setScreen('home');
            }}
            onHelp={requestVideoCall}
          />
        </div>
      )}
      {error ? (
        <div className="toast" role="alert" onClick={() => setError(null)}>
          {translate(locale, error)}
        </div>
      ) : null}
      {idle.warning ? (
        <IdleDialog remaining={idle.remaining} onContinue={idle.keepAlive} onEnd={() => end('resident')} />
      ) : null}
      <VideoHelp client={client} onCallOpen={setInCall} />
      <TechnicianGate client={client} />
      <SetupWizard client={client} />
    </I18nProvider>
  );
}
