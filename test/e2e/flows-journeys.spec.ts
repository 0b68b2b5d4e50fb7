import { test, expect } from './fixtures.ts';
import { next, openGuide, presentCard, sign, stepIs, submit, toChronicMaterials } from './journey-helpers.ts';
import { readStoredApplication } from '../unit/flows/stored-application.ts';
import { idCheckChar } from '../../electron/core/flows/flow-validate.ts';

/** A made-up ID number with a correct GB 11643 check digit. */
const withCheck = (first17: string): string => first17 + idCheckChar(first17);

// Resident journeys in browser mode with the demo card reader and receipt printer, and no platform
// configured at all (the kiosk is offline for the whole visit): each asserts what was stored
// (opened with the kiosk's data key), what the receipt said and that the outbox holds it.

async function printedJob(
  kiosk: { call: (c: string, p?: object) => Promise<{ value?: unknown }> },
  receiptNo: string,
) {
  const jobs = (await kiosk.call('printing.jobs', {})).value as {
    jobs: { receiptNo: string; state: string; kind: string }[];
  };
  return jobs.jobs.find((j) => j.receiptNo === receiptNo && j.kind === 'receipt');
}

test.describe('matter flows: resident journeys', () => {
  test('(a)+(d) 城乡居民养老保险待遇资格认证 start to evaluation, offline the whole time', async ({
    page,
    kiosk,
  }) => {
    // (d) No platform is configured: sync reports offline/not-configured for the whole journey.
    const status = (await kiosk.call('sync.status')).value as { state: string };
    expect(['not-configured', 'offline']).toContain(status.state);

    await openGuide(page, kiosk.appUrl, '养老金认证', '城乡居民养老保险待遇资格认证');
    // Face-check matter: no manual ID entry, the card is the only way in at the kiosk.
    await expect(page.getByText('本事项需要刷身份证核验身份')).toBeVisible();
    await presentCard(page, kiosk.call, 2, 'applicant'); // 李秀英, born 1949
    await next(page);
    await stepIs(page, 'face');
    await page.getByRole('button', { name: '演示：模拟人脸核验通过' }).click();
    await expect(page.getByText('人脸核验已通过')).toBeVisible();
    await next(page);
    await stepIs(page, 'form');
    await expect(page.locator('[data-field="applicant.name"] input')).toHaveValue('李秀英');
    await expect(page.locator('[data-field="applicant.name"] input')).toHaveAttribute('readonly', '');
    // A wrong phone number is explained in plain words and keeps the resident on the step.
    await page.locator('[data-field="applicant.phone"] input').fill('1391234');
    await next(page);
    await expect(page.getByText('请填写11位手机号码，或带区号的固定电话')).toBeVisible();
    await page.locator('[data-field="applicant.phone"] input').fill('13912345678');
    await next(page);
    await stepIs(page, 'sign');
    await sign(page);
    await next(page);
    await stepIs(page, 'review');
    await expect(page.getByTestId('review-section').first()).toContainText('13912345678');
    await expect(page.getByTestId('review-face')).toHaveText('人脸核验已通过');

    const sub = await submit(page);
    await expect(page.getByTestId('receipt-printed')).toBeVisible();
    await expect(page.getByText('网络暂时中断，申请已保存在本机')).toBeVisible();
    expect(sub.print?.printed).toBe(true);
    const text = sub.print!.receipt!.lines.map((l) => l.text).join('\n');
    expect(text).toContain(sub.receiptNo);
    expect(text).toContain('城乡居民养老保险待遇资格认证');
    expect(text).toMatch(/证件号码：\d{6}\*{8}\d{3}[\dX]/); // the ID number is masked on paper
    expect((await printedJob(kiosk, sub.receiptNo))?.state).toBe('done');

    const stored = readStoredApplication(kiosk.dataDir, sub.receiptNo)!;
    expect(stored.record.flow.name).toBe('城乡居民养老保险待遇资格认证');
    expect(stored.record.applicant).toMatchObject({ name: '李秀英', source: 'card', idType: '111' });
    expect(stored.record.fields).toMatchObject({
      'applicant.name': '李秀英',
      'applicant.phone': '13912345678',
    });
    expect(stored.record.face?.result).toBe('passed');
    expect(stored.record.materials).toEqual([
      expect.objectContaining({ key: 'idcard', status: 'covered', coveredBy: 'card' }),
    ]);
    expect(stored.record.subApplications.map((s) => s.matterId)).toEqual([
      'renshe.resident-pension-certification',
    ]);
    expect(stored.attachments.map((a) => a.kind)).toEqual(['signature']);
    // (d) queued in the outbox, nothing sent.
    expect(stored.state).toBe('queued');
    expect(stored.outbox.every((o) => o.status === 'pending')).toBe(true);

    // 好差评: 不满意 needs a reason; then the session ends by itself.
    await page.getByRole('radio', { name: '不满意', exact: true }).click();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByText('选择“不满意”或“非常不满意”时，请选一个原因')).toBeVisible();
    await page.getByRole('button', { name: '办理太慢' }).click();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByTestId('attract')).toBeVisible({ timeout: 10_000 });
    const after = readStoredApplication(kiosk.dataDir, sub.receiptNo)!;
    expect(after.outbox.map((o) => o.type)).toEqual(['apply', 'material', 'evaluate']);
    expect(after.evaluations[0]).toMatchObject({
      satisfaction: 'dissatisfied',
      channel: '5',
      indicators: ['slow'],
    });
    // Nothing of the visit stays in the renderer's storage.
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain('李秀英');
  });

  test('(b) 新生儿出生一件事: shared fields asked once, materials without duplicates, one sub-application per member', async ({
    page,
    kiosk,
  }) => {
    const form = (await kiosk.call('catalogue.form', { kind: 'bundle', id: 'bundle.newborn' })).value as {
      fields: { key: string }[];
    };
    const members = (await kiosk.call('catalogue.bundle', { id: 'bundle.newborn' })).value as {
      members: { id: string }[];
    };
    // The sum over members, counted from each member's own form and material list.
    let sumFields = 0;
    let sumMaterials = 0;
    for (const m of members.members) {
      sumFields += (
        (await kiosk.call('catalogue.form', { kind: 'matter', id: m.id })).value as { fields: unknown[] }
      ).fields.length;
      sumMaterials += ((await kiosk.call('catalogue.matter', { id: m.id })).value as { materials: unknown[] })
        .materials.length;
    }

    await openGuide(page, kiosk.appUrl, '生孩子', '新生儿出生一件事');
    await presentCard(page, kiosk.call, 0, 'applicant'); // 张伟
    await next(page);
    // 出生登记 asks for a face check, so the merged flow does too.
    await stepIs(page, 'face');
    await page.getByRole('button', { name: '演示：模拟人脸核验通过' }).click();
    await next(page);
    await stepIs(page, 'form');

    // Walk every form section, counting the questions asked.
    const asked: string[] = [];
    const answers: Record<string, string> = {
      'newborn.name': '张小宝',
      'newborn.birthDate': '2026-11-01',
      'newborn.hospital': '绵阳市中心医院',
      'newborn.birthCertNo': 'Q510012345',
      'father.name': '张伟',
      'father.idNumber': '11010519491231002X',
      'mother.name': '李梅',
      'mother.idNumber': withCheck('11010119900101124'),
      'applicant.phone': '13800001234',
      'applicant.address': '四川省绵阳市涪城区临园路1号',
      'applicant.hukouAddress': '四川省绵阳市涪城区临园路1号',
    };
    while ((await page.getByTestId('flow').getAttribute('data-step')) === 'form') {
      const stepId = await page.getByTestId('flow').getAttribute('data-step-id');
      for (const el of await page.locator('[data-field]').all()) {
        const key = (await el.getAttribute('data-field'))!;
        asked.push(key);
        const input = el.locator('input');
        if ((await input.count()) > 0) {
          if (!(await input.getAttribute('readonly')) && answers[key]) await input.fill(answers[key]);
        } else {
          await el.getByRole('radio').first().click();
        }
      }
      await next(page);
      await expect(page.getByTestId('flow')).not.toHaveAttribute('data-step-id', stepId!);
    }
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.length).toBe(form.fields.length);
    expect(asked.length).toBeLessThan(sumFields);

    await stepIs(page, 'materials');
    const listed = await page
      .getByTestId('material')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-material')!));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBeLessThan(sumMaterials);
    await expect(page.getByTestId('materials-merged')).toContainText(`（分开办理需 ${sumMaterials} 份）`);
    for (const key of listed) {
      const row = page.locator(`[data-material="${key}"]`);
      if ((await row.getAttribute('data-status')) !== 'missing') continue;
      await row.getByRole('button', { name: '拍照（演示）' }).click();
      await expect(row).toHaveAttribute('data-status', 'photo');
    }
    await next(page);
    await stepIs(page, 'sign');
    await sign(page);
    await next(page);
    await stepIs(page, 'review');
    const sub = await submit(page);
    expect(sub.print?.printed).toBe(true);
    const text = sub.print!.receipt!.lines.map((l) => l.text).join('\n');
    for (const name of ['出生医学证明首次签发', '预防接种证办理', '出生登记']) expect(text).toContain(name);

    const stored = readStoredApplication(kiosk.dataDir, sub.receiptNo)!;
    expect(stored.record.flow).toMatchObject({ kind: 'bundle', id: 'bundle.newborn' });
    expect(stored.record.subApplications.map((s) => s.matterId)).toEqual(members.members.map((m) => m.id));
    expect(stored.record.fields['newborn.name']).toBe('张小宝');
    for (const s of stored.record.subApplications.filter((x) => 'newborn.name' in x.fields)) {
      expect(s.fields['newborn.name']).toBe('张小宝');
    }
    const photographed = stored.record.materials.filter((m) => m.status === 'photo');
    expect(stored.attachments.filter((a) => a.kind !== 'signature').map((a) => a.kind)).toEqual(
      photographed.map((m) => m.key),
    );
    expect(new Set(stored.attachments.map((a) => a.kind)).size).toBe(stored.attachments.length);
    expect(stored.outbox.filter((o) => o.type === 'material')).toHaveLength(stored.attachments.length);
  });

  test('(c) 容缺: a deferred material with its promised date is stored and printed on the receipt', async ({
    page,
    kiosk,
  }) => {
    await toChronicMaterials(page, kiosk.appUrl, kiosk.call);
    const rec = page.locator('[data-material="medical-record"]');
    await rec.getByRole('button', { name: '容缺，以后补交' }).click();
    // A date in the past is refused in plain words; a date next week is accepted.
    await rec.getByLabel('承诺补交日期').fill('2020-01-01');
    await rec.getByRole('button', { name: '确认容缺' }).click();
    await expect(rec.getByRole('alert')).toContainText('补交日期须在明天到60天之内');
    const promised = await page.evaluate(() => {
      const d = new Date(Date.now() + 10 * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await rec.getByRole('button', { name: '容缺，以后补交' }).click();
    await rec.getByLabel('承诺补交日期').fill(promised);
    await rec.getByRole('button', { name: '确认容缺' }).click();
    await expect(rec).toHaveAttribute('data-status', 'deferred');
    await expect(rec).toContainText(`容缺，承诺 ${promised} 前补交`);
    await next(page);
    await stepIs(page, 'sign');
    await sign(page);
    await next(page);
    const sub = await submit(page);
    await expect(page.getByTestId('owed')).toContainText(`请于 ${promised} 前补交`);
    const text = sub.print!.receipt!.lines.map((l) => l.text).join('\n');
    expect(text).toContain('二级及以上医院出具的诊断证明');
    expect(text).toContain(promised);
    const stored = readStoredApplication(kiosk.dataDir, sub.receiptNo)!;
    expect(stored.record.materials.find((m) => m.key === 'medical-record')).toMatchObject({
      status: 'deferred',
      promisedDate: promised,
    });
    expect(stored.attachments.map((a) => a.kind)).toEqual(['signature']);
    expect(sub.owed).toEqual([{ name: '二级及以上医院出具的诊断证明和近一年病历', promisedDate: promised }]);
  });
});
