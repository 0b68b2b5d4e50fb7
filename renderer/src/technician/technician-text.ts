import type { Locale } from '../../../electron/contract/index.ts';

/**
 * Technician-only strings. Technicians work in Chinese (English for development), so these live
 * outside the resident catalogue that needs review in every minority language; ug and bo fall back
 * to zh-CN here on purpose.
 */
const zh = {
  'pin.title': '技术员登录',
  'pin.prompt': '请输入技术员 PIN',
  'pin.clear': '清除',
  'pin.ok': '确定',
  'pin.cancel': '取消',
  'pin.wrong': 'PIN 错误，还可尝试 {n} 次',
  'pin.locked': '已锁定，请于 {time} 后再试',
  'pin.noPin': '尚未设置技术员 PIN，请用 kioskctl technician set-pin 设置',
  'panel.title': '技术员页面',
  'panel.level': '总体状态',
  'panel.problems': '问题',
  'panel.none': '无',
  'panel.reader': '身份证读卡器',
  'panel.printer': '凭条打印机',
  'panel.paper': '纸张',
  'panel.a4': 'A4 打印机',
  'panel.cameras': '摄像头',
  'panel.disk': '磁盘可用',
  'panel.queue': '待上传',
  'panel.sync': '最近同步',
  'panel.skew': '时钟偏差',
  'panel.audit': '审计记录',
  'panel.selftest': '运行自检',
  'panel.selftest.ok': '自检通过',
  'panel.selftest.failed': '自检未通过：{names}',
  'panel.leave': '退出技术员模式',
  'panel.relaunch': '重启程序',
  'panel.quit': '退出程序',
  'level.ok': '正常',
  'level.degraded': '降级',
  'level.fault': '故障',
  'paper.ok': '正常',
  'paper.low': '即将用完',
  'paper.out': '缺纸',
  'paper.unknown': '未知',
} as const;
export type TechKey = keyof typeof zh;

const en: Record<TechKey, string> = {
  'pin.title': 'Technician sign-in',
  'pin.prompt': 'Enter the technician PIN',
  'pin.clear': 'Clear',
  'pin.ok': 'OK',
  'pin.cancel': 'Cancel',
  'pin.wrong': 'Wrong PIN, {n} attempts left',
  'pin.locked': 'Locked; try again after {time}',
  'pin.noPin': 'No technician PIN set; use kioskctl technician set-pin',
  'panel.title': 'Technician page',
  'panel.level': 'Overall',
  'panel.problems': 'Problems',
  'panel.none': 'none',
  'panel.reader': 'ID card reader',
  'panel.printer': 'Receipt printer',
  'panel.paper': 'paper',
  'panel.a4': 'A4 printer',
  'panel.cameras': 'Cameras',
  'panel.disk': 'Disk free',
  'panel.queue': 'Queued',
  'panel.sync': 'Last sync',
  'panel.skew': 'Clock skew',
  'panel.audit': 'Audit records',
  'panel.selftest': 'Run self-test',
  'panel.selftest.ok': 'Self-test passed',
  'panel.selftest.failed': 'Self-test failed: {names}',
  'panel.leave': 'Leave technician mode',
  'panel.relaunch': 'Restart app',
  'panel.quit': 'Quit app',
  'level.ok': 'OK',
  'level.degraded': 'Degraded',
  'level.fault': 'Fault',
  'paper.ok': 'OK',
  'paper.low': 'low',
  'paper.out': 'out',
  'paper.unknown': 'unknown',
};

export function techText(locale: Locale, key: TechKey, params: Record<string, string | number> = {}): string {
  const raw = locale === 'en' ? en[key] : zh[key];
  return raw.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));
}
