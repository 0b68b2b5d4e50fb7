import { test, expect, type Page } from '@playwright/test';
import { startEnrolledKiosk, type EnrolledKiosk } from './enrolled-kiosk.ts';
import { next, openGuide, presentCard, sign, stepIs, submit } from './journey-helpers.ts';
import { axeFindings } from './a11y-checks.ts';
import { idCheckChar, validateCreditCode } from '../../electron/core/flows/flow-validate.ts';

/**
 * 从电子证照调取 in a real journey: 生育登记 asks for the 结婚证. 张伟 (demo card 0) holds one in the
 * dev platform's licence register, so after his consent the kiosk fetches it and the material counts
 * as provided without a photo; the application that reaches the platform names the licence.
 */
let rig: EnrolledKiosk;
test.beforeEach(async () => {
  rig = await startEnrolledKiosk('ELIC-E2E-01');
});
test.afterEach(async () => {
  await rig.close();
});

/** Fills every form section from `answers` and goes on to the materials step. */
async function fillForms(page: Page, answers: Record<string, string>): Promise<void> {
  await stepIs(page, 'form');
  while ((await page.getByTestId('flow').getAttribute('data-step')) === 'form') {
    const stepId = await page.getByTestId('flow').getAttribute('data-step-id');
    for (const el of await page.locator('[data-field]').all()) {
      const key = (await el.getAttribute('data-field'))!;
      const input = el.locator('input');
      if (answers[key] && !(await input.getAttribute('readonly'))) await input.fill(answers[key]);
    }
    await next(page);
    await expect(page.getByTestId('flow')).not.toHaveAttribute('data-step-id', stepId!);
  }
  await stepIs(page, 'materials');
}

const answers: Record<string, string> = {
  'father.name': '张伟',
  'father.idNumber': '11010519491231002X',
  'mother.name': '李梅',
  'mother.idNumber': `11010119900101124${idCheckChar('11010119900101124')}`,
  'applicant.phone': '13800001234',
};

test('生育登记: the 结婚证 is fetched from the e-licence register with consent, accepted without a photo, and the platform’s application carries the reference', async ({
  page,
}) => {
  const { kiosk, platform } = rig;
  await kiosk.call('sync.now', {}); // the kiosk has met its platform
  await openGuide(page, kiosk.appUrl, '生育登记', '生育登记');
  await presentCard(page, kiosk.call, 0, 'applicant'); // 张伟
  await next(page);
  await fillForms(page, answers);

  const marriage = page.locator('[data-material="marriage-cert"]');
  // The ID card's e-licence is not served by the lookup: that row offers the photo only.
  await expect(page.locator('[data-material="parents-idcard"]').getByTestId('material-elicence')).toHaveCount(
    0,
  );
  await marriage.getByRole('button', { name: '从电子证照调取' }).click();
  // Consent first, in plain words: what is fetched and from where; nothing is asked before it.
  const consent = marriage.getByTestId('elicence-consent');
  await expect(consent).toContainText('电子证照库');
  await expect(consent).toContainText('结婚证');
  expect(platform.db.prepare('SELECT COUNT(*) AS n FROM licence_access').get()).toEqual({ n: 0 });
  // The materials step is not in the screen-state gate (it needs a filled form): axe here instead.
  expect(await axeFindings(page, false)).toEqual([]);
  await consent.getByRole('button', { name: '同意查询' }).click();

  await expect(marriage).toHaveAttribute('data-status', 'elicence');
  await expect(marriage).toContainText('已调取电子证照，免交纸质材料');
  const card = marriage.getByTestId('material-licence');
  await expect(card).toContainText('结婚证');
  await expect(card).toContainText('发证机关：北京市东城区民政局');
  await expect(card).toContainText('长期有效');
  await expect(card).not.toContainText('004512'); // the number is masked on screen

  const idcard = page.locator('[data-material="parents-idcard"]');
  await idcard.getByRole('button', { name: '拍照（演示）' }).click();
  await expect(idcard).toHaveAttribute('data-status', 'photo');
  await next(page);
  await stepIs(page, 'sign');
  await sign(page);
  await next(page);
  await stepIs(page, 'review');
  await submit(page);

  // Relayed to the platform: the 结婚证 is a licence reference, not an attachment.
  let app: { materials: { key: string; status: string; attachment?: number; licence?: object }[] } | null =
    null;
  await expect(async () => {
    await kiosk.call('sync.now', {});
    const row = platform.db.prepare('SELECT payload FROM application').get() as
      { payload: string } | undefined;
    expect(row).toBeDefined();
    app = (JSON.parse(row!.payload) as { application: NonNullable<typeof app> }).application;
  }).toPass({ timeout: 15_000 });
  const rec = app!.materials.find((m) => m.key === 'marriage-cert')!;
  expect(rec.status).toBe('elicence');
  expect(rec.attachment).toBeUndefined();
  expect(rec.licence).toMatchObject({
    type: 'marriage-certificate',
    name: '结婚证',
    numberMasked: true,
    issuer: '北京市东城区民政局',
    issuedOn: '2012-05-20',
    validUntil: null,
  });
  expect(JSON.stringify(rec.licence)).not.toContain('004512');
  expect(platform.db.prepare('SELECT licence_type, found FROM licence_access').all()).toEqual([
    { licence_type: 'marriage-certificate', found: 1 },
  ]);
});

test('清税证明开具: an expired 营业执照 is shown as expired and not accepted; the resident photographs it instead', async ({
  page,
}) => {
  const { kiosk } = rig;
  await kiosk.call('sync.now', {});
  await page.goto(kiosk.appUrl);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '法人办事' }).click();
  await page.getByLabel('搜索事项').fill('清税');
  await page.getByTestId('catalogue-hit').filter({ hasText: '清税证明开具' }).first().click();
  await page.getByTestId('start-flow').click();
  await presentCard(page, kiosk.call, 2, 'applicant'); // 李秀英: her 营业执照 ran out on 2020-12-31
  await next(page);
  const first17 = '91640104MA76XY281';
  const check = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].find((c) => !validateCreditCode(first17 + c))!;
  await fillForms(page, {
    'company.name': '银川市兴庆区秀英小吃店',
    'company.creditCode': first17 + check,
    'legalRep.name': '李秀英',
    'legalRep.phone': '13900001234',
  });

  const row = page.locator('[data-material="business-license"]');
  await row.getByRole('button', { name: '从电子证照调取' }).click();
  await row.getByRole('button', { name: '同意查询' }).click();
  await expect(row.getByTestId('material-licence')).toHaveAttribute('data-licence-status', 'expired');
  await expect(row.getByTestId('material-licence')).toContainText('已过期（有效期至 2020-12-31）');
  await expect(row.getByRole('alert')).toHaveText(
    '这份电子证照已过期，不能作为材料。请拍照提交有效的证件，或到窗口咨询',
  );
  await expect(row).toHaveAttribute('data-status', 'missing');
  expect(await axeFindings(page, false)).toEqual([]);
  // Not provided: the step does not go on, and the photo path is still there.
  await next(page);
  await stepIs(page, 'materials');
  await row.getByRole('button', { name: '拍照（演示）' }).click();
  await expect(row).toHaveAttribute('data-status', 'photo');
  await expect(row.getByTestId('material-licence')).toHaveCount(0);
});
