// Refreshes the README's screenshots (docs/*.png) from the built extension in headless Chromium, against
// the local fixture servers. `npm run build && npx tsx scripts/screenshots.ts`
// The popup is shot at the toolbar popup's real size (390×510), first screen only: what a person sees
// before scrolling.
import { startExtensionWorld } from '../tests/e2e/support/extension-world';

const POPUP = { width: 390, height: 510 };

const env = await startExtensionWorld();
try {
  await env.useWorldResolver();
  for (const [domain, file] of [
    ['enforce.test', 'popup-success'],
    ['uncovered.test', 'popup-warning'],
    ['servfail.test', 'popup-error'],
    ['norecord.test', 'popup-no-mta-sts'],
  ] as const) {
    const page = await env.ext.context.newPage();
    await page.setViewportSize(POPUP);
    await page.goto(`chrome-extension://${env.ext.extensionId}/popup.html?domain=${domain}`);
    await page.locator('[data-testid="status"]:not([data-status="RUNNING"])').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `docs/${file}.png`, fullPage: false });
    await page.close();
  }
  const audit = await env.ext.openPage('audit.html');
  await audit.setViewportSize({ width: 1100, height: 900 });
  // One MX lookup fails, so the table shows an unknown fact and the re-check button.
  env.world.doh.setBehaviour({ fault: 'servfail' }, { name: 'testing.test', type: 'MX' });
  const domains = [
    'https://www.enforce.test/',
    'testing.test',
    'uncovered.test',
    'servfail.test',
    'norecord.test',
    ...Object.keys(env.world.scenarios)
      .filter((d) => d.startsWith('bulk'))
      .slice(0, 15),
  ];
  await audit.getByTestId('audit-input').fill(domains.join('\n'));
  await audit.getByTestId('audit-run').click();
  await audit.getByTestId('audit-done').waitFor({ timeout: 60_000 });
  await audit.evaluate(() => document.querySelector('[data-testid="audit-done"]')?.scrollIntoView());
  await audit.screenshot({ path: 'docs/audit.png', fullPage: false });
  await audit.close();
} finally {
  env.world.resetDoh();
  await env.close();
}
