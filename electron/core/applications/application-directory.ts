import type { ApplicationSummary } from '../../contract/applications.ts';

/**
 * Where the kiosk finds a submitted application by its receipt number. The sync helper's
 * application store (electron/core/sync, not yet committed when this was written) is meant to
 * implement this interface; until then the kiosk runs on the in-memory directory below, which holds
 * only what was put in it this run (in demo mode, one demo application).
 */
export interface ApplicationDirectory {
  lookup(receiptNo: string): ApplicationSummary | null;
}

export class InMemoryApplicationDirectory implements ApplicationDirectory {
  private readonly byNo = new Map<string, ApplicationSummary>();

  add(a: ApplicationSummary): void {
    this.byNo.set(a.receiptNo, a);
  }

  lookup(receiptNo: string): ApplicationSummary | null {
    return this.byNo.get(receiptNo) ?? null;
  }
}

/** The demo application whose receipt the demo and the e2e tests scan. Holds no real person's data. */
export const DEMO_APPLICATION: ApplicationSummary = {
  receiptNo: 'R20261121-0001',
  matters: ['出生医学证明办理', '新生儿落户'],
  state: 'in-progress',
  acceptedAt: '2026-11-21T09:30:00+08:00',
  timeLimit: '5个工作日',
  applicantMasked: '张*',
  idMasked: '330106********1234',
};
