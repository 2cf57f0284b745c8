import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Evidence } from '../../components/Evidence';
import { afterNextFrame } from '../support/later-details';
import { createReport, errorReport, successReport, warningReport } from '../support/report-fixtures';

afterEach(cleanup);

const evidence = () => screen.getByTestId('evidence') as HTMLDetailsElement;

describe('Evidence', () => {
  it('is collapsed, and its content is in the DOM from the frame after the report', async () => {
    render(<Evidence report={successReport} />);
    expect(evidence().tagName).toBe('DETAILS');
    expect(evidence().open).toBe(false);
    expect(evidence().textContent).not.toContain('v=STSv1; id=20260301000000');
    await afterNextFrame();
    expect(evidence().open).toBe(false);
    expect(evidence().textContent).toContain('v=STSv1; id=20260301000000');
  });

  it('shows the TXT records exactly as received, with CNAME and DNSSEC facts', async () => {
    render(<Evidence report={successReport} />);
    await afterNextFrame();
    const sts = screen
      .getAllByTestId('dns-evidence')
      .find((el) => el.dataset.name === '_mta-sts.example.com');
    expect(sts?.querySelector('pre')?.textContent).toBe('v=STSv1; id=20260301000000');
    expect(sts?.textContent).toContain('_mta-sts.provider.example.net');
    expect(sts?.textContent).toContain('Not validated');
  });

  it('shows the policy fetch: URL, HTTP status, content type, size, time and body', async () => {
    render(<Evidence report={successReport} />);
    await afterNextFrame();
    const fetch = screen.getByTestId('policy-fetch');
    for (const text of [
      'https://mta-sts.example.com/.well-known/mta-sts.txt',
      'HTTP status200',
      'Content typetext/plain',
      '97 bytes',
      '143 ms',
    ]) {
      expect(fetch.textContent).toContain(text);
    }
    expect(screen.getByTestId('policy-body').textContent).toBe(successReport.evidence.policyFetch?.body);
  });

  it('shows the parsed policy with max_age in days', async () => {
    render(<Evidence report={successReport} />);
    await afterNextFrame();
    const parsed = screen.getByTestId('parsed-policy');
    expect(parsed.textContent).toContain('enforce');
    expect(parsed.textContent).toContain('1209600 seconds (14 days)');
    expect(parsed.textContent).toContain('mx1.example.com, *.mail.example.com');
  });

  it('shows each MX host as covered or not, with the matching pattern and DANE', async () => {
    render(<Evidence report={warningReport} />);
    await afterNextFrame();
    const rows = within(screen.getByTestId('mx-table')).getAllByTestId('mx-host');
    expect(rows.map((r) => [r.dataset.covered, r.textContent])).toEqual([
      ['true', 'mx1.example.com10Coveredmx1.example.comNone'],
      ['false', 'backup.other.net50✖︎ Not covered—None'],
    ]);
  });

  it('says plainly that SMTP-level checks are out of reach', async () => {
    render(<Evidence report={successReport} />);
    await afterNextFrame();
    expect(evidence().textContent).toContain('STARTTLS support');
  });

  it('shows the TLS-RPT record, timings and resolver', async () => {
    render(<Evidence report={successReport} />);
    await afterNextFrame();
    expect(evidence().textContent).toContain('v=TLSRPTv1; rua=mailto:tlsrpt@example.com');
    expect(screen.getByTestId('timings').textContent).toContain('Policy file over HTTPS180 ms');
    expect(screen.getByTestId('timings').textContent).toContain('Total190 ms');
    expect(evidence().textContent).toContain('Resolver: Cloudflare.');
  });

  it('shows a failed lookup with its error and no answer', async () => {
    render(<Evidence report={errorReport} />);
    await afterNextFrame();
    const sts = screen.getAllByTestId('dns-evidence')[0];
    expect(sts?.textContent).toContain('none: the lookup itself failed');
    expect(sts?.textContent).toContain('timeout after 5000 ms');
  });

  it('copes with empty evidence', async () => {
    render(<Evidence report={createReport()} />);
    await afterNextFrame();
    expect(evidence().textContent).toContain('Not fetched.');
    expect(evidence().textContent).toContain('No usable policy.');
    expect(evidence().textContent).toContain('No MX hosts.');
  });
});
