import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { KioskClient, Locale } from '../../../electron/contract/index.ts';
import { createSpeaker, type Speaker, type SpeakerRoute } from './speaker.ts';

/**
 * Voice guidance for every screen (K8): when the route changes, the screen's instruction is spoken
 * once, within a second, with exactly the text shown. A screen either calls useScreenPrompt(text)
 * or marks its instruction element with `data-screen-prompt`; without either, its <h1> is spoken.
 * A module-level store (one kiosk, one voice) lets <VoiceHost> sit beside the screens instead of
 * wrapping them.
 */
interface VoiceState {
  speaker: Speaker | null;
  /** What the current screen said last (caption and replay). */
  prompt: string;
  route: SpeakerRoute | null;
}

let state: VoiceState = { speaker: null, prompt: '', route: null };
const listeners = new Set<() => void>();
let registered: string | null = null;
let current: { key: string; locale: Locale } | null = null;
let lastSpoken: { key: string; text: string } | null = null;
let generation = 0;

function setState(patch: Partial<VoiceState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

function say(key: string, locale: Locale, text: string): void {
  const speaker = state.speaker;
  if (!speaker || !text) return;
  if (lastSpoken?.key === key && lastSpoken.text === text) return;
  lastSpoken = { key, text };
  const mine = ++generation;
  setState({ prompt: text });
  // An older prompt still synthesising must not overwrite the newer one's outcome.
  speaker
    .speak(text, locale)
    .then((route) => mine === generation && setState({ route }))
    .catch(() => mine === generation && setState({ route: 'none' }));
}

/**
 * Speaks a change that is not a new screen (the call panel's queue position, a failed call) on the
 * current route, once per text: what a resident who cannot see the panel needs to hear.
 */
export function announce(text: string): void {
  if (current && text) say(current.key, current.locale, text);
}

/** Time for a screen to register its prompt before the host reads the DOM instead. */
const SETTLE_MS = 60;

function instructionFromDom(): string {
  const el =
    document.querySelector<HTMLElement>('[role="alertdialog"] h2') ??
    document.querySelector<HTMLElement>('[data-screen-prompt]') ??
    document.querySelector<HTMLElement>('main h1');
  return el?.innerText.replace(/\s+/g, ' ').trim() ?? '';
}

/**
 * Speaks each new screen's instruction. `routeKey` changes whenever a new screen or dialog appears;
 * an empty key (the attract screen) stays silent, so an idle hall is not talked at after each reset.
 */
export function VoiceHost({
  client,
  locale,
  routeKey,
}: {
  client: KioskClient;
  locale: Locale;
  routeKey: string;
}) {
  useEffect(() => {
    setState({ speaker: createSpeaker(client) });
  }, [client]);
  useEffect(() => {
    if (!routeKey) {
      current = null;
      lastSpoken = null;
      return undefined;
    }
    const key = `${routeKey}|${locale}`;
    current = { key, locale };
    const timer = setTimeout(() => {
      // The idle warning speaks its title even when the screen below registered a prompt.
      const text = routeKey === 'idle' ? instructionFromDom() : (registered ?? instructionFromDom());
      say(key, locale, text);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [routeKey, locale]);
  return null;
}

export function useVoice(): VoiceState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Declares the screen's instruction; it is spoken on arrival and again whenever it changes. */
export function useScreenPrompt(text: string): void {
  const mounted = useRef(false);
  useEffect(() => {
    registered = text;
    // Changed while the screen stays (a new step message): speak it now, on the same route. On
    // first mount the host speaks it once the route settles.
    if (mounted.current && current) say(current.key, current.locale, text);
    mounted.current = true;
    return () => {
      if (registered === text) registered = null;
    };
  }, [text]);
}
