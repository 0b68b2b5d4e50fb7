import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { next, openChronicIdentify, stepIs, toPensionForm } from './journey-helpers.ts';

// Session hygiene of the flows: a reload resumes the draft (kept in the core's memory), an idle
// timeout in the middle of a form wipes it, so reopening the same matter finds nothing typed.

const phone = (page: Page) => page.locator('[data-field="applicant.phone"] input');

test.describe('flow session hygiene', () => {
  test.use({ kioskEnv: { KIOSK_IDLE_SECONDS: '20', KIOSK_COUNTDOWN_SECONDS: '5' } });

  test('a reload resumes the form with what was typed; an idle timeout mid-form wipes it', async ({
    page,
    kiosk,
  }) => {
    await page.clock.install();
    await openChronicIdentify(page, kiosk.appUrl);
    // Manual entry is allowed for this matter (no face check): the check digit is verified.
    await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
    await page.getByLabel('姓名').fill('王五');
    await page.getByLabel('身份证号码').fill('110105194912310021');
    await page.getByRole('button', { name: '确认' }).click();
    await expect(page.getByText('身份证号码有误（最后一位校验不通过），请逐位核对')).toBeVisible();
    await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
    await page.getByLabel('姓名').fill('王五');
    await page.getByLabel('身份证号码').fill('11010519491231002X');
    await page.getByRole('button', { name: '确认' }).click();
    await expect(page.getByTestId('identity-applicant')).toContainText('王五（110105********002X）');
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'form');
    await phone(page).fill('13912345678');
    await phone(page).blur();

    // Reload: the renderer forgets everything, the core's draft brings the resident back.
    await page.reload();
    await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'form');
    await expect(phone(page)).toHaveValue('13912345678');

    // Walk away: idle warning, countdown, wipe.
    await page.clock.runFor(21_000);
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await page.clock.runFor(6_000);
    await expect(page.getByTestId('attract')).toBeVisible();
    expect((await kiosk.call('flow.current')).value).toEqual({ flow: null });

    // Reopen the same matter: nothing of the previous resident is there.
    await openChronicIdentify(page, kiosk.appUrl);
    await expect(page.getByTestId('identity-applicant')).not.toContainText('王五');
    await page.getByRole('button', { name: '没带身份证？手动输入' }).click();
    await page.getByLabel('姓名').fill('赵六');
    await page.getByLabel('身份证号码').fill('11010519491231002X');
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'form');
    await expect(phone(page)).toHaveValue('');
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  });
});

test('智能导办: two answers lead to the 新生儿出生一件事 guide and its 开始办理', async ({ page, kiosk }) => {
  await page.goto(kiosk.appUrl);
  await page.getByTestId('attract').click();
  await page.locator('.tile', { hasText: '个人办事' }).click();
  await page.getByTestId('finder-start').click();
  await expect(page.getByTestId('finder')).toContainText('您想办理哪方面的事情？');
  await page.getByRole('button', { name: '生孩子、宝宝出生' }).click();
  await expect(page.getByRole('heading', { name: '新生儿出生一件事' })).toBeVisible();
  await page.getByTestId('start-flow').click();
  await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'identify');
  await expect(page.getByRole('heading', { name: '新生儿出生一件事' })).toBeVisible();
});

test('a tap on 下一步 that leaves a corrected field lands, even when the save answers mid-tap', async ({
  page,
  kiosk,
}) => {
  await toPensionForm(page, kiosk.appUrl, kiosk.call);
  await phone(page).fill('1391234');
  await next(page);
  await expect(page.getByText('请填写11位手机号码，或带区号的固定电话')).toBeVisible();
  // Correcting the number hides its message at once, while the resident types.
  await phone(page).fill('13912345678');
  await expect(page.getByText('请填写11位手机号码，或带区号的固定电话')).toBeHidden();
  // A slow finger: the press blurs the field, its save is answered, and only then the finger lifts.
  // Nothing may move in between, or the release misses the button and the resident stays put.
  const box = (await page.getByTestId('flow-next').boundingBox())!;
  const saved = page.waitForResponse((r) => r.url().includes('/api/invoke/flow.answer'));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await saved;
  await page.waitForTimeout(100); // let the answer render, as a loaded kiosk would before the lift
  await page.mouse.up();
  await stepIs(page, 'sign');
});

test('K15: a failed card read is explained at once, and after two the other ways in are offered', async ({
  page,
  kiosk,
}) => {
  await openChronicIdentify(page, kiosk.appUrl); // a matter that allows manual entry
  expect((await kiosk.call('idcard.simulate.fault', { fault: 'removed-mid-read' })).ok).toBe(true);
  const t0 = Date.now();
  expect((await kiosk.call('idcard.simulate.insert', { card: 2 })).ok).toBe(true);
  await expect(page.getByTestId('identify-fault')).toBeVisible({ timeout: 3_000 });
  expect(Date.now() - t0).toBeLessThan(3_000); // guidance within 3 s (K15)
  await expect(page.getByTestId('identify-alternatives')).toHaveCount(0);
  await kiosk.call('idcard.simulate.remove', {});
  expect((await kiosk.call('idcard.simulate.insert', { card: 2 })).ok).toBe(true);
  await expect(page.getByTestId('identify-alternatives')).toContainText('手动输入');
  // The resident takes the offered way: manual entry, and the step goes on.
  await expect(page.getByRole('button', { name: '没带身份证？手动输入' })).toBeVisible();
  // Once the reader works again, a good read clears the message.
  await kiosk.call('idcard.simulate.remove', {});
  expect((await kiosk.call('idcard.simulate.fault', { fault: 'none' })).ok).toBe(true);
  expect((await kiosk.call('idcard.simulate.insert', { card: 2 })).ok).toBe(true);
  await expect(page.getByTestId('identity-applicant')).toContainText('已读取', { timeout: 10_000 });
  await expect(page.getByTestId('identify-fault')).toHaveCount(0);
});

test('a touch-only resident fills the form with the kiosk keyboard: the number pad for the phone, none for card-read fields', async ({
  page,
  kiosk,
}) => {
  await toPensionForm(page, kiosk.appUrl, kiosk.call);
  // A field read from the card opens no keyboard: it is not to be retyped.
  await page.locator('[data-field="applicant.name"] input').click();
  await expect(page.getByTestId('keyboard')).toHaveCount(0);
  // The phone field opens the number pad (no letters to hunt through), and nothing else types.
  await phone(page).click();
  await expect(page.getByTestId('keyboard')).toBeVisible();
  await expect(page.getByTestId('kb-mode-pinyin')).toHaveCount(0);
  for (const d of '13912345678') await page.getByTestId(`key-${d}`).click();
  await expect(phone(page)).toHaveValue('13912345678');
  await page.getByTestId('key-done').click();
  await expect(page.getByTestId('keyboard')).toHaveCount(0);
  await next(page);
  await stepIs(page, 'sign');
  // What the pad typed is what the core kept: back on the form, the number is there.
  await page.locator('.flow-footer').getByRole('button', { name: '返回' }).click();
  await stepIs(page, 'form');
  await expect(phone(page)).toHaveValue('13912345678');
});
