import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { fake, FakeWebContents } from './fake-electron.ts';
import { limitDisplayMediaToKiosk } from '../../../electron/main/display-media.ts';

type Request = { frame: unknown; securityOrigin: string; audioRequested: boolean; videoRequested: boolean };

function ask(kiosk: FakeWebContents | null, request: Partial<Request>): unknown {
  const ses = fake.session.defaultSession;
  limitDisplayMediaToKiosk(ses as unknown as Session, () => kiosk as unknown as WebContents | null);
  let answer: unknown = 'unanswered';
  ses.displayMedia!(
    { frame: null, securityOrigin: 'app://kiosk', audioRequested: false, videoRequested: true, ...request },
    (s) => (answer = s),
  );
  return answer;
}

describe('getDisplayMedia for remote 帮办 (screen-video fallback)', () => {
  it('gives the kiosk window its own main frame and nothing wider', () => {
    const kiosk = new FakeWebContents();
    expect(ask(kiosk, { frame: kiosk.mainFrame })).toEqual({ video: kiosk.mainFrame });
  });

  it('refuses another window, a subframe, a foreign page, system audio and a closed window', () => {
    const kiosk = new FakeWebContents();
    const other = new FakeWebContents();
    expect(ask(kiosk, { frame: other.mainFrame })).toBeNull();
    expect(ask(kiosk, { frame: { url: 'app://kiosk/index.html' } })).toBeNull();
    expect(ask(kiosk, { frame: null })).toBeNull();
    expect(ask(kiosk, { frame: kiosk.mainFrame, audioRequested: true })).toBeNull();
    kiosk.url = 'https://evil.example/';
    expect(ask(kiosk, { frame: kiosk.mainFrame })).toBeNull();
    kiosk.url = 'app://kiosk/index.html';
    kiosk.destroyed = true;
    expect(ask(kiosk, { frame: kiosk.mainFrame })).toBeNull();
    expect(ask(null, { frame: kiosk.mainFrame })).toBeNull();
  });
});
