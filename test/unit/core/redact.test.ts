import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log/logger.ts';
import { redact, redactString } from '../../../electron/core/log/redact.ts';

const ID = '330106199001011234';
const NAME = '张三丰';
const PHONE = '13812345678';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

describe('log redaction', () => {
  it('logs an object holding an ID number, a name and a phone, and none of them reach the output', async () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info' }, stream);
    log.info(
      {
        applicant: { name: NAME, idNumber: ID, phone: PHONE, address: '浙江省杭州市西湖区文三路1号' },
        matter: '城乡居民养老保险待遇资格认证',
        note: `resident ${ID} called from ${PHONE}`,
        form: { 申请人姓名: NAME, 身份证号码: ID, 联系电话: PHONE },
      },
      `submitted for ${ID}`,
    );
    log.warn(`card read failed for card ${ID}, callback +86 ${PHONE}`);
    log.error({ err: new Error(`validation failed: ${ID} / ${PHONE}`) }, 'form error');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(lines.length).toBe(3);
    expect(out).not.toContain(ID);
    expect(out).not.toContain(PHONE);
    expect(out).not.toContain('1234'); // not even the tail of the ID survives
    // Names are caught by the key rule; a name in free text cannot be found by pattern, which is why
    // code never puts one in a message.
    expect(out).not.toContain(NAME);
    expect(JSON.parse(lines[0]!).applicant.name).toBe('[已脱敏]');
    expect(JSON.parse(lines[0]!).form['申请人姓名']).toBe('[已脱敏]');
    // What is not personal stays readable for technicians.
    expect(out).toContain('城乡居民养老保险待遇资格认证');
  });

  it('masks IDs ending in X, legacy 15-digit IDs and phones inside text, not ordinary numbers', () => {
    expect(redactString('id 11010519491231002X ok')).toBe('id [身份证号] ok');
    expect(redactString('old 110105491231002')).toBe('old [身份证号]');
    expect(redactString('tel 15900001111.')).toBe('tel [手机号].');
    expect(redactString('order 20260105 took 1234 ms')).toBe('order 20260105 took 1234 ms');
  });

  it('survives cycles, deep nesting and buffers without hanging', () => {
    const a: Record<string, unknown> = { idNumber: ID };
    a.self = a;
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 50; i++) deep = { deep };
    const out = JSON.stringify(redact({ a, deep, photo: Buffer.alloc(1024), blob: Buffer.alloc(16) }));
    expect(out).not.toContain(ID);
    expect(out).toContain('[循环]');
    expect(out).toContain('[16 bytes]');
  });
});
