import { flowsEn } from './flows.en.ts';
import type { MessageKey } from './zh-CN.ts';
import { idcardEn } from './idcard.en.ts';
import { printingEn } from './printing.en.ts';
import { inclusionEn } from './inclusion.en.ts';
import { catalogueEn } from './catalogue.en.ts';
import { scannerEn } from './scanner.en.ts';
import { cameraEn } from './camera.en.ts';
import { videoEn } from './video.en.ts';
import { lookupsEn } from './lookups.en.ts';

export const en: Record<MessageKey, string> = {
  ...idcardEn,
  ...printingEn,
  ...inclusionEn,
  ...catalogueEn,
  ...scannerEn,
  ...flowsEn,
  ...cameraEn,
  ...videoEn,
  ...lookupsEn,
  'app.title': 'Self-service Terminal',
  'attract.title': '24-hour self service',
  'attract.touch': 'Touch the screen to start',
  'attract.hint': 'Use your ID card, track an application, get a whole life event done in one visit',
  'home.greeting': 'Hello, please choose a service',
  'home.personal': 'Personal services',
  'home.personal.sub': 'Birth, household registration, social security, pension',
  'home.legal': 'Business services',
  'home.legal.sub': 'Start, change or close a business',
  'home.query': 'Track an application',
  'home.query.sub': 'Scan your receipt or use your ID card',
  'home.help': 'Call for help',
  'home.help.sub': 'An agent guides you by video',
  'nav.back': 'Back',
  'nav.home': 'Home',
  'nav.help': 'Call for help',
  'nav.restart': 'Start over',
  'elder.on': 'Large text: on',
  'elder.off': 'Large text: off',
  'elder.label': 'Large text',
  'lang.switch': '中文',
  'idle.title': 'Are you still there?',
  'idle.body': 'In {seconds} seconds this session ends and everything you entered is cleared',
  'idle.continue': 'Continue',
  'idle.end': 'End now',
  'placeholder.body': 'This service is being connected. Please use another service or call for help.',
  'status.offline': 'No network: what you enter is kept on this terminal and sent when the network is back',
  'status.demo': 'Demo mode',
  'errors.bad-request': 'Something in the form is not right. Please check and try again',
  'errors.unknown-channel': 'Terminal software mismatch. Please ask staff for help',
  'errors.too-large': 'Too large to submit',
  'errors.unauthorized': 'Terminal connection not authorised. Please ask staff for help',
  'errors.disconnected': 'Device not connected. Please ask staff for help',
  'errors.timeout': 'The device did not answer. Please try again',
  'errors.device-fault': 'Device fault. Please ask staff for help',
  'errors.bad-frame': 'Device communication error. Please try again',
  'errors.rejected': 'The application was not accepted. Please ask staff for help',
  'errors.offline': 'No network. Please try again later',
  'errors.not-found': 'Nothing found',
  'errors.conflict': 'Information changed. Please try again',
  'errors.internal': 'Something went wrong. Please try again or call for help',
  'errors.bridge': 'Terminal service not responding, reconnecting…',
  'device.ready': 'Ready',
};
