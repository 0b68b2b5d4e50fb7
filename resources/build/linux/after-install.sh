#!/bin/sh
# deb postinst (electron-builder deb.afterInstall). Idempotent: runs on every install and upgrade.
set -e

# electron-builder installs under /opt/<productName> and links /usr/bin/<executableName> to it.
APP_DIR="$(dirname "$(readlink -f /usr/bin/banshi-kiosk)")"
UNIT_SRC="$APP_DIR/resources/build-linux"

# The dedicated unprivileged kiosk user: no password, no sudo, its own data directory.
if ! getent passwd kiosk >/dev/null; then
  useradd --system --create-home --home-dir /var/lib/banshi-kiosk-home --shell /usr/sbin/nologin \
    --groups video,render,input,dialout,lp,plugdev kiosk 2>/dev/null ||
    useradd --system --create-home --home-dir /var/lib/banshi-kiosk-home --shell /usr/sbin/nologin kiosk
fi
install -d -o kiosk -g kiosk -m 0750 /var/lib/banshi-kiosk /var/lib/banshi-kiosk/logs
install -d -o root -g kiosk -m 0750 /etc/banshi-kiosk

# Renderer sandbox: root-owned SUID helper (see resources/build/after-pack.mjs).
if [ -f "$APP_DIR/chrome-sandbox" ]; then
  chown root:root "$APP_DIR/chrome-sandbox"
  chmod 4755 "$APP_DIR/chrome-sandbox"
fi

# The install directory is root-owned and not writable by the kiosk user (no ASAR integrity on Linux).
chown -R root:root "$APP_DIR"
chmod -R go-w "$APP_DIR"

if [ -d "$UNIT_SRC" ]; then
  install -m 0644 "$UNIT_SRC/banshi-kiosk.service" /etc/systemd/system/banshi-kiosk.service
  install -m 0644 "$UNIT_SRC/banshi-kiosk-update.service" /etc/systemd/system/banshi-kiosk-update.service
  install -m 0644 "$UNIT_SRC/banshi-kiosk-update.timer" /etc/systemd/system/banshi-kiosk-update.timer
fi

if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable banshi-kiosk.service banshi-kiosk-update.timer >/dev/null
  systemctl set-default graphical.target >/dev/null || true
  # An upgrade is installed by the update agent, which restarts the kiosk itself after its checks.
  if [ -z "$BANSHI_UPDATE_AGENT" ]; then systemctl restart banshi-kiosk.service || true; fi
fi
exit 0
