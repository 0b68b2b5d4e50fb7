import type { printingZhCN } from './printing.zh-CN.ts';

export const printingEn: Record<keyof typeof printingZhCN, string> = {
  'printer.state.ready': 'Printer ready',
  'printer.state.paper-near-end': 'Printer paper is running low',
  'printer.state.paper-out': 'Printer is out of paper',
  'printer.state.cover-open': 'Printer cover is open',
  'printer.state.offline': 'Printer not connected',
  'printer.state.error': 'Printer fault',
  'printer.state.absent': 'No receipt printer on this kiosk',
  'printing.onScreen.title': 'Your receipt cannot be printed right now',
  'printing.onScreen.body':
    'Your application has been accepted. Take a photo of this page or note the application number; you can reprint the receipt later under "Track an application", or ask staff.',
  'printing.onScreen.qr': 'Scan to track progress',
  'printing.printed': 'Receipt printed, please take it',
  'printing.a4.printed': 'Form printed. Please sign it and hand it to staff',
  'printing.a4.failed': 'The form cannot be printed right now. Please ask staff',
  'printing.failure.paper-out': 'Printer is out of paper',
  'printing.failure.cover-open': 'Printer cover is open',
  'printing.failure.offline': 'Printer not connected',
  'printing.failure.printer-error': 'Printer fault',
  'printing.failure.interrupted': 'Printing was interrupted',
  'printing.failure.no-printer': 'No printer available on this kiosk',
  'printing.failure.spooler-error': 'Print service error',
  'printing.purged': 'This receipt was already printed or has expired. Please ask staff',
  'printing.busy': 'The receipt is printing, please wait',
  'printing.notFound': 'No receipt found for this application',
};
