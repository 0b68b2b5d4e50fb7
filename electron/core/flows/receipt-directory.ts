import type Database from 'better-sqlite3';
import type { ApplicationSummary } from '../../contract/applications.ts';
import {
  DEMO_APPLICATION,
  InMemoryApplicationDirectory,
  type ApplicationDirectory,
} from '../applications/application-directory.ts';
import type { CoreDeps } from '../features/feature.ts';

const STATE: Record<string, ApplicationSummary['state']> = {
  queued: 'submitted',
  confirmed: 'accepted',
  rejected: 'rejected',
};

/** 张三 → 张*; the surname stays so the resident recognises the receipt as theirs. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/**
 * 办件查询 by receipt number over the applications submitted at this kiosk (flow_receipt), in front
 * of whatever directory was there before (in demo mode the demo application the scanner e2e uses).
 */
export function receiptDirectory(deps: Pick<CoreDeps, 'db' | 'config'>): ApplicationDirectory {
  const fallback = new InMemoryApplicationDirectory();
  if (deps.config.demo || deps.config.devices.mode === 'simulated') fallback.add(DEMO_APPLICATION);
  const db: Database.Database = deps.db;
  const stmt = db.prepare(
    `SELECT r.receipt_no, r.matters, r.created_at, r.time_limit, r.applicant_masked, r.id_masked, a.state
     FROM flow_receipt r LEFT JOIN sync_application a ON a.key = r.app_key WHERE r.receipt_no = ?`,
  );
  return {
    lookup(receiptNo) {
      const r = stmt.get(receiptNo) as
        | {
            receipt_no: string;
            matters: string;
            created_at: number;
            time_limit: string;
            applicant_masked: string;
            id_masked: string;
            state: string | null;
          }
        | undefined;
      if (!r) return fallback.lookup(receiptNo);
      return {
        receiptNo: r.receipt_no,
        matters: JSON.parse(r.matters) as string[],
        // A row whose application was purged after confirmation was accepted by the platform.
        state: STATE[r.state ?? 'confirmed'] ?? 'submitted',
        acceptedAt: new Date(r.created_at).toISOString(),
        timeLimit: r.time_limit,
        applicantMasked: r.applicant_masked,
        idMasked: r.id_masked,
      };
    },
  };
}
