import type { EvaluationGrade } from '../../contract/flows.ts';
import type { OutboxDeps } from '../sync/outbox.ts';
import { queueEvaluationRow } from '../sync/outbox.ts';
import { uuidV7 } from '../sync/uuid-v7.ts';

/**
 * 好差评 from the kiosk. Grades and the channel stay internal enums; the codes a province expects
 * are looked up here at the boundary, because the code tables conflict (GB/T 39046 A.8 counts
 * 1 = 非常满意, the provincial interfaces 1 = 非常不满意) and each province names kiosks its own way.
 */
export const CHANNEL = 'hall-other-terminal' as const;

export interface EvaluationProfile {
  /** `pf` 评价渠道 for 政务大厅其他终端. */
  channelCode: string;
  satisfactionCode: Record<EvaluationGrade, string>;
}

const GB39046: EvaluationProfile = {
  channelCode: '5',
  satisfactionCode: {
    'very-satisfied': '1',
    satisfied: '2',
    'basically-satisfied': '3',
    dissatisfied: '4',
    'very-dissatisfied': '5',
  },
};
const PROVINCIAL_1_TO_5: EvaluationProfile = {
  channelCode: '5',
  satisfactionCode: {
    'very-satisfied': '5',
    satisfied: '4',
    'basically-satisfied': '3',
    dissatisfied: '2',
    'very-dissatisfied': '1',
  },
};

/** Per catalogue province: which interface's codes the evaluation carries. Unknown → the national standard. */
export const EVALUATION_PROFILES: Record<string, EvaluationProfile> = {
  'demo-sc': GB39046,
  zj: PROVINCIAL_1_TO_5,
};

export function evaluationProfile(province: string | null): EvaluationProfile {
  return (province && EVALUATION_PROFILES[province]) || GB39046;
}

/** 差评 = the two lowest grades: they need a reason (and the back office calls back). */
export function isBadGrade(g: EvaluationGrade): boolean {
  return g === 'dissatisfied' || g === 'very-dissatisfied';
}

export interface EvaluationInput {
  grade: EvaluationGrade;
  reasons: string[];
  comment: string;
  callbackPhone?: string;
  receiptNo: string;
}

/**
 * Queues the evaluation behind the application's own outbox rows (apply → materials → evaluate),
 * sealed like them; the callback phone is personal and exists only inside the sealed body. Written
 * by sync's one evaluation writer, with the fields 好差评 needs that sync's own body does not carry.
 */
export function queueEvaluation(
  deps: OutboxDeps,
  appKey: string,
  ev: EvaluationInput,
  profile: EvaluationProfile,
): string {
  const now = deps.now();
  const id = uuidV7(now);
  queueEvaluationRow(
    deps,
    appKey,
    {
      id,
      applicationKey: appKey,
      satisfaction: ev.grade,
      satisfactionCode: profile.satisfactionCode[ev.grade],
      channel: profile.channelCode,
      channelKind: CHANNEL,
      indicators: ev.reasons,
      comment: ev.comment,
      callbackPhone: ev.callbackPhone ?? null,
      projectNo: ev.receiptNo,
      assessNumber: 1,
      evaluatedAt: new Date(now).toISOString(),
    },
    `grade=${ev.grade}`,
  );
  return id;
}
