// electron-builder afterPack hook (runs after the app folder is assembled, before deb/AppImage are
// built and before signing). Plain ESM JavaScript because electron-builder loads it itself.
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * chrome-sandbox must be root-owned and mode 4755 (SUID) in the deb, or the renderer sandbox cannot
 * start on systems without unprivileged user namespaces (UOS/Kylin images often disable them).
 * The deb installs files as root; we set the mode here and after-install.sh sets both again on the
 * target, in case a packaging tool drops the SUID bit. AppImage mounts nosuid, so it is left as is.
 */
export async function setSandboxSuid(context) {
  if (context.electronPlatformName !== 'linux') return false;
  const names = (context.targets ?? []).map((t) => String(t.name).toLowerCase());
  if (names.length > 0 && names.every((n) => n === 'appimage')) return false;
  const sandbox = path.join(context.appOutDir, 'chrome-sandbox');
  try {
    await fs.access(sandbox);
  } catch {
    throw new Error(`afterPack: ${sandbox} not found; the renderer sandbox would not start`);
  }
  await fs.chmod(sandbox, 0o4755);
  return true;
}

export default async function afterPack(context) {
  await setSandboxSuid(context);
}
