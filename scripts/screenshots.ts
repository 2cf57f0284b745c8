// Refreshes the README's screenshots (docs/*.png) from the built extension in headless Chromium, against
// the local fixture servers. `npm run build && npx tsx scripts/screenshots.ts`
import { startExtensionWorld } from '../tests/e2e/support/extension-world';

const env = await startExtensionWorld();
try {
  await env.useWorldResolver();
  for (const [domain, file] of [
    ['enforce.test', 'popup-success'],
    ['uncovered.test', 'popup-warning'],
    ['norecord.test', 'popup-no-mta-sts'],
  ] as const) {
    const page = await env.checkInPopup(domain);
    await page.setViewportSize({ width: 420, height: 800 });
    await page.screenshot({ path: `docs/${file}.png`, fullPage: false });
    await page.close();
  }
  const audit = await env.ext.openPage('audit.html');
  await audit.setViewportSize({ width: 1100, height: 900 });
  const domains = [
    'enforce.test',
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
  await audit.evaluate(() => document.querySelector('[data-testid="audit-results"]')?.scrollIntoView());
  await audit.screenshot({ path: 'docs/audit.png', fullPage: false });
  await audit.close();
} finally {
  await env.close();
}
