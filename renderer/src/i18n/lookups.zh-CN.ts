/** Online-only helpers: 政策匹配 and 电子证照 refusals (zh-CN first; every locale has the same keys). */
export const lookupsZhCN = {
  'lookups.err.offline': '网络未连接，暂时无法查询，请稍后再试',
  'lookups.err.unavailable': '查询服务暂时不可用，请稍后再试或呼叫帮办',
  'lookups.err.refused': '暂时无法完成查询，请呼叫帮办或到窗口咨询',
  'lookups.err.noCard': '请先读取本人身份证，再查询电子证照',
} as const;
