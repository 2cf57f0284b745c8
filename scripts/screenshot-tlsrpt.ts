// Refreshes docs/tlsrpt.png, the README's picture of the TLS reports page: a month of synthetic reports for one
// domain (Google as .json.gz, Microsoft as e-mails) with a few days of certificate failures on one MX host.
// `npm run build && npx tsx scripts/screenshot-tlsrpt.ts`
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchExtension } from '../tests/e2e/support/browser';
import { createReportEmail, createReportJson, gzipBytes, toBytes } from '../tests/support/tlsrpt-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'tlsrpt-shot-'));
const files: string[] = [];
for (let i = 1; i <= 30; i++) {
  const day = `2026-11-${String(i).padStart(2, '0')}`;
  const failures =
    i >= 9 && i <= 12
      ? [
          {
            'result-type': 'certificate-host-mismatch',
            'failed-session-count': 3 + i,
            'receiving-mx-hostname': 'mx2.example.com',
            'sending-mta-ip': '209.85.220.41',
            'receiving-ip': '192.0.2.25',
          },
        ]
      : [];
  const google = join(dir, `google.com!example.com!${i}.json.gz`);
  writeFileSync(
    google,
    gzipBytes(toBytes(createReportJson({ day, failures, success: 180 + ((i * 37) % 60) }))),
  );
  const microsoft = join(dir, `microsoft-${i}.eml`);
  const report = createReportJson({
    day,
    org: 'Microsoft Corporation',
    id: `1338${i}+example.com`,
    success: 70,
  });
  writeFileSync(microsoft, createReportEmail(toBytes(report)));
  files.push(google, microsoft);
}

const ext = await launchExtension();
try {
  const page = await ext.openPage('tlsrpt.html');
  await page.setViewportSize({ width: 1000, height: 1100 });
  await page.getByTestId('tlsrpt-file').setInputFiles(files);
  await page.getByTestId('tlsrpt-domain').first().waitFor();
  await page.screenshot({ path: 'docs/tlsrpt.png', fullPage: false });
} finally {
  await ext.close();
}
