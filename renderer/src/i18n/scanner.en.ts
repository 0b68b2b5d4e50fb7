import type { scannerZhCN } from './scanner.zh-CN.ts';

export const scannerEn: Record<keyof typeof scannerZhCN, string> = {
  'scanner.receipt': 'Receipt recognised',
  'scanner.verifying': 'Recognised, verifying online…',
  'scanner.offline': 'No network: this code cannot be verified now. Please use your ID card',
  'scanner.refused.url': 'Web addresses are not accepted. Please scan the QR code on a receipt printed here',
  'scanner.refused.receipt-invalid':
    'This receipt code cannot be verified. Please ask at the counter or call for help',
  'scanner.refused.receipt-foreign':
    'This receipt was not printed by a terminal at this site. Please ask at the counter',
  'scanner.refused.unknown':
    'Code not recognised. You can scan a receipt, e-social-security card, medical insurance code or online ID code',
  'scanner.refused.garbled': 'The code was not read clearly. Please scan again',
  'device.scanner.disconnected': 'Scanner not connected',
  'device.scanner.absent': 'No scanner configured',
  'applications.notFound':
    'No application found for this receipt. Please check the number or ask at the counter',
  'query.scanPrompt': 'Hold the QR code on your receipt to the scanner',
  'query.manualLabel': 'Or enter the receipt number',
  'query.manualPlaceholder': 'e.g. R20261121-0001',
  'query.submit': 'Search',
  'query.badNumber': 'That receipt number does not look right. Please check it',
  'query.needReceipt': 'To track an application, scan the QR code on its receipt',
  'query.again': 'Track another application',
  'query.detail.title': 'Application progress',
  'query.detail.receiptNo': 'Receipt number',
  'query.detail.matters': 'Services',
  'query.detail.state': 'Status',
  'query.detail.acceptedAt': 'Accepted',
  'query.detail.timeLimit': 'Promised within',
  'query.detail.applicant': 'Applicant',
  'application.state.submitted': 'Submitted',
  'application.state.accepted': 'Accepted',
  'application.state.in-progress': 'In progress',
  'application.state.completed': 'Completed',
  'application.state.rejected': 'Not accepted',
};
