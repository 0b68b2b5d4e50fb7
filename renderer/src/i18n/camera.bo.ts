import type { cameraZhCN } from './camera.zh-CN.ts';
import { cameraZhCN as source } from './camera.zh-CN.ts';

/**
 * Camera strings for the bo catalogue: NOT YET TRANSLATED. Until the 民族语文翻译 review delivers
 * them, the screen shows the national common language (zh-CN) rather than a machine guess.
 */
export const cameraBo: Record<keyof typeof cameraZhCN, string> = { ...source };
