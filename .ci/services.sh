#!/usr/bin/env bash
# Daemons the tests need. Sourced by .ci/run as root after the apt install: must be idempotent,
# quick, and must not block (CI containers have no systemd, so daemons are started directly).
# Every step is guarded so that a missing package skips a service instead of failing the whole run;
# the tests that need a service then skip with a reason.

# --- CUPS with a cups-pdf queue (issue 5: A4 documents are printed to a real CUPS queue) ---
# Queue name and output directory are what test/unit/printing/a4-cups.test.ts expects.
KIOSK_CUPS_QUEUE="${KIOSK_CUPS_QUEUE:-kiosk-pdf}"
KIOSK_CUPS_PDF_DIR="${KIOSK_CUPS_PDF_DIR:-/var/spool/cups-pdf}"
export KIOSK_CUPS_QUEUE KIOSK_CUPS_PDF_DIR
if command -v cupsd >/dev/null 2>&1 && [ -e /usr/lib/cups/backend/cups-pdf ]; then
  # cups-pdf writes to ${HOME}/PDF by default; a fixed per-user directory is findable by tests.
  if [ -w /etc/cups/cups-pdf.conf ] && ! grep -q "^Out ${KIOSK_CUPS_PDF_DIR}/\${USER}\$" /etc/cups/cups-pdf.conf; then
    sed -i -e '/^Out /d' /etc/cups/cups-pdf.conf
    printf 'Out %s/${USER}\n' "$KIOSK_CUPS_PDF_DIR" >>/etc/cups/cups-pdf.conf
  fi
  if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
    mkdir -p /run/cups
    cupsd || true # forks into the background by itself
    for _ in $(seq 1 50); do
      lpstat -r 2>/dev/null | grep -q 'is running' && break
      sleep 0.1
    done
  fi
  if ! lpstat -p "$KIOSK_CUPS_QUEUE" >/dev/null 2>&1; then
    ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
    lpadmin -p "$KIOSK_CUPS_QUEUE" -E -v cups-pdf:/ -P "$ppd" -o printer-error-policy=abort-job ||
      echo "services: could not create CUPS queue $KIOSK_CUPS_QUEUE" >&2
  fi
  # CUPS turns the PDF into PostScript for cups-pdf. Ghostscript's ps2write (the default) drops the
  # text layer of CJK fonts, so the re-made PDF would hold only shapes; pdftocairo keeps glyph names
  # that map back to Unicode, and PDF 1.4 keeps the CID fonts that 1.2 would drop.
  lpadmin -p "$KIOSK_CUPS_QUEUE" -o pdftops-renderer-default=pdftocairo -o PDFVer=1.4 2>/dev/null || true
  # A second queue that accepts jobs but is stopped, as a jammed office printer is: tests check
  # that the kiosk reports such a job as failed (and cancels it) instead of waiting forever.
  if ! lpstat -p "${KIOSK_CUPS_QUEUE}-stopped" >/dev/null 2>&1; then
    lpadmin -p "${KIOSK_CUPS_QUEUE}-stopped" -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null || true
  fi
  cupsdisable "${KIOSK_CUPS_QUEUE}-stopped" 2>/dev/null || true
  cupsaccept "${KIOSK_CUPS_QUEUE}-stopped" 2>/dev/null || true
  cupsenable "$KIOSK_CUPS_QUEUE" 2>/dev/null || true
  cupsaccept "$KIOSK_CUPS_QUEUE" 2>/dev/null || true
fi
