import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const builder = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
> & {
  electronFuses: Record<string, boolean>;
  afterPack: string;
  deb: { afterInstall: string; depends: string[] };
  asarUnpack: string[];
  nsis: Record<string, unknown>;
  linux: { target: { target: string; arch: string[] }[] };
};

describe('electron-builder configuration', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges, and loads the app only from asar', () => {
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('builds deb and AppImage for x64 and arm64 and a per-machine NSIS; native modules stay outside the asar', () => {
    const linux = Object.fromEntries(builder.linux.target.map((t) => [t.target, t.arch]));
    expect(linux).toEqual({ deb: ['x64', 'arm64'], AppImage: ['x64', 'arm64'] });
    expect(builder.nsis).toMatchObject({ perMachine: true });
    expect(builder.asarUnpack).toContain('**/*.node');
  });

  it('names hook scripts that exist: afterPack and the deb postinst', () => {
    expect(fs.existsSync(path.join(ROOT, builder.afterPack))).toBe(true);
    const postinst = path.join(ROOT, builder.deb.afterInstall);
    expect(fs.statSync(postinst).mode & 0o111).not.toBe(0);
    expect(builder.deb.depends).toContain('cage');
  });
});

describe('afterPack: chrome-sandbox SUID for deb', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-pack-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sets chrome-sandbox to 4755 for a Linux deb build, not for AppImage-only or Windows', async () => {
    const { setSandboxSuid } = (await import(path.join(ROOT, builder.afterPack))) as {
      setSandboxSuid(ctx: unknown): Promise<boolean>;
    };
    const sandbox = path.join(dir, 'chrome-sandbox');
    fs.writeFileSync(sandbox, '');
    fs.chmodSync(sandbox, 0o755);
    const ctx = (platform: string, targets: string[]) => ({
      electronPlatformName: platform,
      appOutDir: dir,
      targets: targets.map((name) => ({ name })),
    });
    expect(await setSandboxSuid(ctx('win32', ['nsis']))).toBe(false);
    expect(await setSandboxSuid(ctx('linux', ['appImage']))).toBe(false);
    expect(fs.statSync(sandbox).mode & 0o7777).toBe(0o755);
    expect(await setSandboxSuid(ctx('linux', ['deb', 'appImage']))).toBe(true);
    expect(fs.statSync(sandbox).mode & 0o7777).toBe(0o4755);
    fs.rmSync(sandbox);
    await expect(setSandboxSuid(ctx('linux', ['deb']))).rejects.toThrow(/chrome-sandbox/);
  });
});

describe('Linux autostart', () => {
  const unit = fs.readFileSync(path.join(ROOT, 'resources/build/linux/banshi-kiosk.service'), 'utf8');
  it('runs the kiosk as the unprivileged kiosk user in a single-app compositor, restarted by systemd, at boot', () => {
    expect(unit).toMatch(/^User=kiosk$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/cage -s -- \/usr\/bin\/banshi-kiosk$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=graphical\.target$/m);
    expect(unit).toMatch(/^LimitCORE=0$/m);
  });

  it('the deb postinst is valid sh, installs and enables the units, and sets the sandbox SUID', () => {
    const script = path.join(ROOT, 'resources/build/linux/after-install.sh');
    const text = fs.readFileSync(script, 'utf8');
    expect(text).toContain('systemctl enable banshi-kiosk.service banshi-kiosk-update.timer');
    expect(text).toContain('chmod 4755 "$APP_DIR/chrome-sandbox"');
    // Parse only (-n): a syntax error would fail every install on the device.
    const { status } = spawnSync('sh', ['-n', script]);
    expect(status).toBe(0);
  });
});
