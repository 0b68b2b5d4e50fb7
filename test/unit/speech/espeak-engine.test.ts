import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEspeakEngine } from '../../../electron/core/speech/speech-engines.ts';
import { buildEngines } from '../../../electron/core/speech/speech-feature.ts';
import { SpeechConfigSchema } from '../../../electron/core/speech/speech-config.ts';
import { parseWav } from '../../../electron/core/speech/wav.ts';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const PROMPTS = [
  '请将身份证放在感应区',
  '您好，请选择要办理的业务',
  '还在吗？15 秒后将结束本次办理并清除您填写的信息',
  '请于2026年11月21日前到银行还款',
];

// espeak-ng is in .ci/apt-packages.txt; without it the engine cannot be exercised at all.
describe.skipIf(!hasEspeak())('espeak-ng engine (Debian package)', () => {
  const engine = createEspeakEngine({ command: 'espeak-ng', rate: 150 });

  it.each(PROMPTS)('produces a WAV of plausible length for "%s"', async (text) => {
    const wav = await engine.synthesise(text, 'zh-CN');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'speech-')), 'prompt.wav');
    fs.writeFileSync(file, wav);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    const info = parseWav(fs.readFileSync(file));
    expect(info.bitsPerSample).toBe(16);
    // Roughly 0.15–0.6 s per syllable at 150 wpm: far outside that means silence or garbage.
    const syllables = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    expect(info.durationMs).toBeGreaterThan(syllables * 120);
    expect(info.durationMs).toBeLessThan(syllables * 900 + 4000);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('speaks English with the en-us voice, and refuses locales it has no voice for', async () => {
    const wav = await engine.synthesise('Please place your ID card on the reader', 'en');
    expect(parseWav(wav).durationMs).toBeGreaterThan(1000);
    await expect(engine.synthesise('ئۇيغۇرچە', 'ug')).rejects.toThrow(/no voice for ug/);
  });
});

describe('engine selection', () => {
  const log = pino({ level: 'silent' });

  it('falls back to espeak-ng when the configured neural model folder does not exist', async () => {
    const config = SpeechConfigSchema.parse({ sherpaModelDir: '/nonexistent/vits-zh-aishell3' });
    const engines = await buildEngines(config, log);
    expect(engines.map((e) => e.name)).toEqual(['espeak-ng']);
  });

  it('falls back when the model files exist but sherpa-onnx-node is not installed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sherpa-model-'));
    for (const f of ['model.onnx', 'tokens.txt', 'lexicon.txt']) fs.writeFileSync(path.join(dir, f), '');
    const warnings: string[] = [];
    const spyLog = pino({ level: 'warn' }, { write: (s: string) => warnings.push(s) });
    const engines = await buildEngines(SpeechConfigSchema.parse({ sherpaModelDir: dir }), spyLog);
    expect(engines.map((e) => e.name)).toEqual(['espeak-ng']);
    expect(warnings.join('')).toMatch(/falling back to espeak-ng/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses no engine when speech is configured off', async () => {
    expect(await buildEngines(SpeechConfigSchema.parse({ engine: 'none' }), log)).toEqual([]);
  });
});
