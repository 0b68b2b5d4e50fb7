import fs from 'node:fs/promises';
import type { Protocol } from 'electron';
import { securityHeaders } from '../core/security/headers.ts';
import { resolveStatic } from '../core/security/static-files.ts';

/** The UI is served from app://kiosk/, never file://: a real origin for CSP, permissions and IPC checks. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
    },
  ]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === APP_HOST ? resolveStatic(rendererDir, url.pathname) : null;
    if (!found) return new Response('未找到 (not found)', { status: 404, headers: securityHeaders() });
    const body = await fs.readFile(found.file);
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': found.mime, 'Cache-Control': 'no-cache', ...securityHeaders() },
    });
  });
}
