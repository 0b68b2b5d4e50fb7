import { test, expect } from '@playwright/test';
import { startEnrolledKiosk, type EnrolledKiosk } from './enrolled-kiosk.ts';
import { openChronicIdentify } from './journey-helpers.ts';
import { idCheckChar } from '../../electron/core/flows/flow-validate.ts';

/**
 * 网证 at the identify step: a resident without their card shows the 网证 QR from their phone. The
 * kiosk cannot judge the code; the platform (here the dev platform's register, standing in for the
 * national service) vouches for it, and only then does the identity count. Forged or expired codes
 * and a dead link are each told plainly, with the card offered instead.
 */
const idNumber = (() => {
  const first17 = '11010519580712004';
  return first17 + idCheckChar(first17);
})();
const code = (tag: string) => `CTID${tag.padEnd(32, 'A')}`;

let rig: EnrolledKiosk;
test.beforeEach(async () => {
  rig = await startEnrolledKiosk('NETID-0001');
});
test.afterEach(async () => {
  await rig.close();
});

test('a 网证 the platform vouches for identifies the applicant; forged and expired ones are refused plainly', async ({
  page,
}) => {
  const { kiosk, platform } = rig;
  await kiosk.call('sync.now', {}); // the kiosk knows its platform is reachable
  platform.netIds.issue(code('GOOD'), { name: '王建国', idNumber });
  platform.netIds.issue(code('OLD'), { name: '王建国', idNumber }, -1);
  await openChronicIdentify(page, kiosk.appUrl);

  const scan = (text: string) => kiosk.call('scanner.simulate', { action: 'scan', text });
  await scan(code('FORGED'));
  await expect(page.getByTestId('identity-applicant')).toContainText('网证二维码无效或已过期');
  await scan(code('OLD'));
  await expect(page.getByTestId('identity-applicant')).toContainText('网证二维码无效或已过期');

  await scan(code('GOOD'));
  await expect(page.getByTestId('identity-applicant')).toContainText('王建国');
  await expect(page.getByTestId('identity-applicant')).toContainText('110105****');
  await expect(page.getByTestId('identity-applicant')).not.toContainText(idNumber); // masked on screen
  // The name and number the platform vouched for are not retyped or changed on the form.
  await page.getByTestId('flow-next').click();
  await expect(page.getByTestId('flow')).toHaveAttribute('data-step', 'form');
  await expect(page.locator('[data-field="applicant.name"] input')).toHaveValue('王建国');
  await expect(page.locator('[data-field="applicant.name"] input')).toHaveAttribute('readonly', '');
});

test('with the platform unreachable a 网证 cannot count: the resident is sent to the card', async ({
  page,
}) => {
  const { kiosk, platform } = rig;
  await openChronicIdentify(page, kiosk.appUrl);
  await platform.close();
  await kiosk.call('sync.now', {}); // the probe finds the link down
  await kiosk.call('scanner.simulate', { action: 'scan', text: code('GOOD') });
  await expect(page.getByTestId('identify-scan')).toHaveText('网络未连接，暂时无法核验此码，请改用身份证');
  await expect(page.getByTestId('identity-applicant')).not.toContainText('王建国');
});
