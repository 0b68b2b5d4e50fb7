import type { Session, WebContents } from 'electron';
import { isTrustedUrl } from './security.ts';

type DisplayMediaSession = Pick<Session, 'setDisplayMediaRequestHandler'>;

/**
 * Screen-video fallback of remote 帮办 (for what rrweb cannot show: canvas, native dialogs). A
 * getDisplayMedia() call is answered with the kiosk window's own main frame and nothing else: no
 * picker, no desktop, no other window, and only when our own UI in the kiosk window asks. Anything
 * else (another contents, a subframe, a foreign origin, a destroyed window) is refused.
 */
export function limitDisplayMediaToKiosk(ses: DisplayMediaSession, kiosk: () => WebContents | null): void {
  ses.setDisplayMediaRequestHandler((request, callback) => {
    const wc = kiosk();
    const frame = request.frame;
    const ok =
      wc !== null &&
      !wc.isDestroyed() &&
      frame !== null &&
      frame === wc.mainFrame &&
      isTrustedUrl(frame.url) &&
      !request.audioRequested;
    callback(ok ? { video: wc.mainFrame } : null);
  });
}
