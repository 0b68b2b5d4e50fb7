/**
 * The audit kinds the kiosk writes, in one place so auditors (and the platform's report) have a
 * list. Features add theirs here; `AuditLog.append` accepts any well-formed kind so a new feature
 * never has to wait on this file, but a kind missing from here is a review finding.
 */
export const AUDIT_KINDS = {
  appStart: 'app.start',
  configChange: 'config.change',
  sessionStart: 'session.start',
  /** Written after every wipe hook ran: the proof, per resident, that their data was dropped. */
  sessionWipe: 'session.wipe',
  technicianEnter: 'technician.enter',
  technicianLeave: 'technician.leave',
  technicianPinFailed: 'technician.pin-failed',
  technicianLocked: 'technician.locked',
  technicianRefused: 'technician.refused',
  technicianPinSet: 'technician.pin-set',
  shellCommand: 'shell.command',
  /** Planned nightly restart or memory reload by the shell: { action, workingSetMb? }. */
  shellMaintenance: 'shell.maintenance',
  platformCommand: 'platform.command',
  diagnosticsExport: 'diagnostics.export',
  /** Daily (quiet window) or on demand: { ok, checks, failed }. */
  selfTest: 'health.selftest',
  /** Installation or technician page: { device, outcome, ms } of one live device test. */
  deviceTest: 'setup.devicetest',
  /** Other features: { matter, purpose, granted } — never the resident's identity. */
  consentDecision: 'consent.decision',
  /** Face check: { outcome, verifier, mayContinue } — never the template or the resident's identity. */
  faceVerify: 'face.verify',
  /** Other features: { store, count, olderThanDays } after retention purges. */
  dataPurge: 'data.purge',
  /** E-licence lookup after the resident's consent.decision: { consentReceipt, outcome, found }. */
  licenceLookup: 'lookups.licence',
  /** First boot: { ok, platform (host), regionCode } and { regionCode }. */
  setupEnrol: 'setup.enrol',
  setupComplete: 'setup.complete',
  /** A key moved from the 0600 file under the OS keyring: { key (data-key|sign-key), from, to }. */
  keyRewrap: 'key.rewrap',
  updateInstall: 'update.install',
  updateRollback: 'update.rollback',
} as const;
