import type { lookupsZhCN } from './lookups.zh-CN.ts';

/**
 * Tibetan draft, built from phrases already in bo.ts (errors.offline, errors.internal,
 * idcard.prompt) until the native-speaker review (民族语文翻译审校) supplies exact wording.
 */
export const lookupsBo: Record<keyof typeof lookupsZhCN, string> = {
  'lookups.err.offline': 'དྲ་རྒྱ་མཐུད་མེད། ཅུང་ཙམ་སྒུགས་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་བྱོས།',
  'lookups.err.unavailable': 'མ་ལག་ལ་དཀའ་ངལ་བྱུང་། ཡང་བསྐྱར་ཚོད་ལྟ་བྱོས་སམ་རོགས་རམ་འབོད་རོགས།',
  'lookups.err.refused': 'མ་ལག་ལ་དཀའ་ངལ་བྱུང་། ཡང་བསྐྱར་ཚོད་ལྟ་བྱོས་སམ་རོགས་རམ་འབོད་རོགས།',
  'lookups.err.noCard': 'ཐོབ་ཐང་ལག་ཁྱེར་ཚོར་སྣང་ས་ཁུལ་དུ་ཞོག་རོགས།',
};
