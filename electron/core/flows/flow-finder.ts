/**
 * 智能导办: a resident who does not know a matter's name answers two or three plain questions and
 * lands on a matter or a 一件事. The tree is data; nodes whose target is not in this kiosk's
 * catalogue are left out when served, so a smaller catalogue never leads to a dead end.
 */
export interface FinderNode {
  question?: string;
  options?: { label: string; next: string }[];
  result?: { kind: 'matter' | 'bundle'; id: string };
}

export const FINDER_TREE: Record<string, FinderNode> = {
  root: {
    question: '您想办理哪方面的事情？',
    options: [
      { label: '生孩子、宝宝出生', next: 'birth' },
      { label: '养老金、退休', next: 'pension' },
      { label: '看病、医保', next: 'medical' },
      { label: '家人去世后的手续', next: 'after-death' },
      { label: '开办企业、个体户', next: 'business' },
    ],
  },
  birth: { result: { kind: 'bundle', id: 'bundle.newborn' } },
  pension: {
    question: '您现在的情况是？',
    options: [
      { label: '已经在领养老金，需要年度认证', next: 'pension-cert' },
      { label: '快到退休年龄，要办退休', next: 'retire' },
      { label: '城乡居民，想参加养老保险', next: 'pension-enrol' },
    ],
  },
  'pension-cert': { result: { kind: 'matter', id: 'renshe.resident-pension-certification' } },
  retire: { result: { kind: 'bundle', id: 'bundle.retirement' } },
  'pension-enrol': { result: { kind: 'matter', id: 'renshe.resident-pension-enrol' } },
  medical: {
    question: '您需要办理的是？',
    options: [
      { label: '慢性病门诊待遇', next: 'chronic' },
      { label: '到外地看病备案', next: 'offsite' },
      { label: '参加城乡居民医保', next: 'med-enrol' },
    ],
  },
  chronic: { result: { kind: 'matter', id: 'yibao.chronic-disease' } },
  offsite: { result: { kind: 'matter', id: 'yibao.offsite-filing' } },
  'med-enrol': { result: { kind: 'matter', id: 'yibao.resident-enrol' } },
  'after-death': { result: { kind: 'bundle', id: 'bundle.after-death' } },
  business: {
    question: '您要开办的是？',
    options: [
      { label: '公司', next: 'company' },
      { label: '个体工商户', next: 'individual' },
    ],
  },
  company: { result: { kind: 'bundle', id: 'bundle.company-start' } },
  individual: { result: { kind: 'matter', id: 'shichang.individual-business' } },
};

/** A node with options that do not lead to anything in the catalogue removed. */
export function finderNode(
  id: string,
  exists: (kind: 'matter' | 'bundle', id: string) => string | null,
): {
  node: string;
  question: string | null;
  options: { label: string; next: string }[];
  result: { kind: 'matter' | 'bundle'; id: string; name: string } | null;
} | null {
  const n = FINDER_TREE[id];
  if (!n) return null;
  const reachable = (nid: string, depth = 0): boolean => {
    const x = FINDER_TREE[nid];
    if (!x || depth > 8) return false;
    if (x.result) return exists(x.result.kind, x.result.id) !== null;
    return (x.options ?? []).some((o) => reachable(o.next, depth + 1));
  };
  if (n.result) {
    const name = exists(n.result.kind, n.result.id);
    return name ? { node: id, question: null, options: [], result: { ...n.result, name } } : null;
  }
  return {
    node: id,
    question: n.question ?? null,
    options: (n.options ?? []).filter((o) => reachable(o.next)),
    result: null,
  };
}
