import type { Session, WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol.ts';
import { contentSecurityPolicy } from '../core/security/headers.ts';

/**
 * True for our own UI only. Compared by scheme and host, not URL.origin: Node's URL parser (which the
 * main process uses) gives every non-special scheme such as app: the opaque origin "null".
 */
export function isTrustedUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  try {
    const u = new URL(raw);
    return (
      `${u.protocol}//${u.host}` === APP_ORIGIN && u.username === '' && u.password === '' && u.port === ''
    );
  } catch {
    return false;
  }
}

/** Camera and microphone (face check, document capture, video help) for our own origin; nothing else. */
const ALLOWED_PERMISSIONS = new Set(['media']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl);
}

/**
 * Session-wide rules: permission requests and checks, device pickers (WebHID/WebSerial/WebUSB are
 * never granted: the core owns the devices), and a CSP on every response as a second line behind the
 * app:// handler's own header.
 */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] },
    });
  });
}

/**
 * Per-webContents rules: no navigation away from app://kiosk, no new windows, no <webview>.
 * Attached from app 'web-contents-created' so every contents gets them, including ones we did not expect.
 */
export function guardWebContents(contents: WebContents): void {
  const blockUnlessTrusted = (event: { preventDefault(): void }, url: string): void => {
    if (!isTrustedUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockUnlessTrusted);
  contents.on('will-redirect', blockUnlessTrusted);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
