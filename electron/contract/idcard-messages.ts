/**
 * Resident-facing messages of the card reader, by i18n key: the one source of these texts. They
 * are part of the contract because three sides speak them: the driver (its errors carry the key),
 * kioskctl (prints the text to technicians without a renderer) and the renderer's zh-CN catalogue.
 */
export const idcardMessagesZh = {
  'idcard.prompt': '请将身份证放在感应区',
  'idcard.reading': '正在读取身份证，请不要移动',
  'idcard.readOk': '读取成功',
  'idcard.noCard': '未检测到身份证，请将身份证放在感应区',
  'idcard.readFailed': '读卡失败，请将身份证平放在感应区，不要移动',
  'idcard.removedMidRead': '身份证已移开，请重新放置并保持不动',
  'idcard.cardAuth': '身份证验证未通过，请重新放置；如仍失败请联系工作人员',
  'idcard.cardType': '无法识别此卡，请放置居民身份证或居住证',
  'idcard.invalidCard': '身份证信息校验未通过，请联系工作人员',
  'idcard.samFault': '读卡器故障，请联系工作人员',
  'idcard.badFrame': '读卡器通信出错，正在重试，请保持身份证不动',
  'idcard.timeout': '读卡器响应超时，请稍候重试',
  'idcard.disconnected': '读卡器未连接，请联系工作人员',
  'idcard.deviceFault': '读卡器出错，请联系工作人员',
  'idcard.notSimulated': '只有演示模式可以模拟放置身份证',
} as const;

export type IdcardMessageKey = keyof typeof idcardMessagesZh;
