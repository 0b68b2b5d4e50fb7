import { flowsZhCN } from './flows.zh-CN.ts';
import { idcardZhCN } from './idcard.zh-CN.ts';
import { printingZhCN } from './printing.zh-CN.ts';
import { inclusionZhCN } from './inclusion.zh-CN.ts';
import { catalogueZhCN } from './catalogue.zh-CN.ts';
import { scannerZhCN } from './scanner.zh-CN.ts';
import { cameraZhCN } from './camera.zh-CN.ts';
import { videoZhCN } from './video.zh-CN.ts';
import { lookupsZhCN } from './lookups.zh-CN.ts';
/** Messages of the app shell. Features keep theirs in i18n/<feature>.zh-CN.ts and spread them below. */
const shellZhCN = {
  'app.title': '办事自助终端',
  'attract.title': '24小时自助办事',
  'attract.touch': '请触摸屏幕开始',
  'attract.hint': '刷身份证、查进度、办一件事，一次办好',
  'home.greeting': '您好，请选择要办理的业务',
  'home.personal': '个人办事',
  'home.personal.sub': '生育、户籍、社保、养老等',
  'home.legal': '法人办事',
  'home.legal.sub': '企业开办、变更、注销等',
  'home.query': '办件查询',
  'home.query.sub': '扫回执或刷身份证查进度',
  'home.help': '呼叫帮办',
  'home.help.sub': '工作人员视频指导您办理',
  'nav.back': '返回',
  'nav.home': '首页',
  'nav.help': '呼叫帮办',
  'nav.restart': '重新开始',
  'elder.on': '大字模式：开',
  'elder.off': '大字模式：关',
  'elder.label': '大字',
  'lang.switch': 'English',
  'idle.title': '还在吗？',
  'idle.body': '{seconds} 秒后将结束本次办理并清除您填写的信息',
  'idle.continue': '继续办理',
  'idle.end': '结束办理',
  'placeholder.body': '此项服务正在接入，请先使用其他服务，或呼叫帮办。',
  'status.offline': '网络未连接，已填写的内容会保存在本机，联网后自动提交',
  'status.demo': '演示模式',
  'errors.bad-request': '提交的内容有误，请检查后重试',
  'errors.unknown-channel': '终端程序版本不一致，请联系工作人员',
  'errors.too-large': '内容过大，无法提交',
  'errors.unauthorized': '终端连接未授权，请联系工作人员',
  'errors.disconnected': '设备未连接，请联系工作人员',
  'errors.timeout': '设备响应超时，请稍后重试',
  'errors.device-fault': '设备故障，请联系工作人员',
  'errors.bad-frame': '设备通信出错，请重试',
  'errors.rejected': '办理未被受理，请联系工作人员',
  'errors.offline': '网络未连接，请稍后再试',
  'errors.not-found': '未找到相关信息',
  'errors.conflict': '信息已变更，请重新操作',
  'errors.internal': '系统出现问题，请稍后重试或呼叫帮办',
  'errors.bridge': '终端服务未响应，正在重新连接…',
  'device.ready': '正常',
} as const;

/** The zh-CN catalogue is the source of truth: every other locale must have exactly these keys. */
export const zhCN = {
  ...shellZhCN,
  ...idcardZhCN,
  ...printingZhCN,
  ...inclusionZhCN,
  ...catalogueZhCN,
  ...scannerZhCN,
  ...flowsZhCN,
  ...cameraZhCN,
  ...videoZhCN,
  ...lookupsZhCN,
} as const;

export type MessageKey = keyof typeof zhCN;
