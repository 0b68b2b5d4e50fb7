import type { lookupsZhCN } from './lookups.zh-CN.ts';

export const lookupsEn: Record<keyof typeof lookupsZhCN, string> = {
  'lookups.err.offline': 'No network: this cannot be looked up now. Please try again later',
  'lookups.err.unavailable':
    'The lookup service is unavailable just now. Please try again later or call for help',
  'lookups.err.refused': 'The lookup could not be completed. Please call for help or ask at the counter',
  'lookups.err.noCard': 'Please read your own ID card first, then look up your e-licences',
};
