import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Evidence } from '../../components/Evidence';
import type { PolicyTlsEvidence } from '../../lib/certificate';
import { afterNextFrame } from '../support/later-details';
import {
  CHECKED_AT,
  createEvidence,
  createReport,
  HOSTILE_SCRIPT,
  successReport,
} from '../support/report-fixtures';

afterEach(cleanup);

const DAY_MS = 86_400_000;
const at = Date.parse(CHECKED_AT);

const chain: PolicyTlsEvidence = {
  kind: 'connected',
  protocol: 'TLSv1.3',
  chain: [
    {
      subject: 'CN=mta-sts.example.com',
      issuer: "CN=R11,O=Let's Encrypt,C=US",
      notBefore: new Date(at - 80 * DAY_MS).toISOString(),
      notAfter: new Date(at + 10 * DAY_MS).toISOString(),
      subjectAltNames: ['mta-sts.example.com', '*.example.com'],
      sha256: 'AB:CD',
    },
    {
      subject: "CN=R11,O=Let's Encrypt,C=US",
      issuer: 'CN=ISRG Root X1,O=Internet Security Research Group,C=US',
      notBefore: new Date(at - 400 * DAY_MS).toISOString(),
      notAfter: new Date(at + 400 * DAY_MS).toISOString(),
      subjectAltNames: [],
      sha256: null,
    },
  ],
};

const withTls = (policyTls: PolicyTlsEvidence | undefined) =>
  createReport({
    ...successReport,
    evidence: createEvidence({ ...successReport.evidence, ...(policyTls ? { policyTls } : {}) }),
  });

describe('Policy host certificate in the evidence', () => {
  it('shows each certificate of the chain: subject, names, issuer, validity with days left', async () => {
    render(<Evidence report={withTls(chain)} />);
    await afterNextFrame();
    const shown = screen.getByTestId('policy-certificate');
    expect(shown.textContent).toContain('TLSv1.3, chain of 2 certificates');
    const [server, intermediate] = screen.getAllByTestId('certificate');
    expect(server?.textContent).toContain('mta-sts.example.com, *.example.com');
    expect(server?.textContent).toContain("CN=R11,O=Let's Encrypt,C=US");
    expect(server?.textContent).toContain('10 days left');
    expect(server?.textContent).toContain('AB:CD');
    expect(intermediate?.textContent).toContain('ISRG Root X1');
    expect(screen.queryByTestId('certificate-unavailable')).toBeNull();
  });

  it.each<[string, PolicyTlsEvidence | undefined, string, string]>([
    [
      'a browser that does not expose certificates',
      undefined,
      'certificate-unavailable',
      'openssl s_client -connect mta-sts.example.com:443 -servername mta-sts.example.com',
    ],
    [
      'a refused certificate',
      { kind: 'failed', error: 'Peer’s Certificate issuer is not recognized.' },
      'certificate-error',
      'The browser reported: Peer’s Certificate issuer is not recognized.',
    ],
  ])('for %s, says so once: %s', async (_, tls, testId, text) => {
    render(<Evidence report={withTls(tls)} />);
    await afterNextFrame();
    const shown = screen.getAllByTestId(testId);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.textContent).toContain(text);
    expect(screen.queryByTestId('policy-certificate')).toBeNull();
  });

  it('shows what the browser reported as text, never as markup', async () => {
    render(<Evidence report={withTls({ kind: 'failed', error: HOSTILE_SCRIPT })} />);
    await afterNextFrame();
    expect(screen.getByTestId('certificate-error').textContent).toContain(HOSTILE_SCRIPT);
    expect(document.querySelector('[data-testid="certificate-error"] script')).toBeNull();
  });

  it('names invisible and direction-changing characters in the names and errors the browser reported', async () => {
    const spoofed = '\u202Emoc.elgoog.stm-atm';
    const [leaf] = chain.chain;
    render(
      <Evidence
        report={withTls({
          ...chain,
          chain: [{ ...(leaf as (typeof chain.chain)[number]), subject: `CN=${spoofed}` }],
        })}
      />,
    );
    await afterNextFrame();
    const heading = screen.getByRole('heading', { name: /Server/ });
    expect(heading.textContent).toContain('⟨U+202E⟩moc.elgoog.stm-atm');
    expect(heading.textContent).not.toContain('\u202E');
    cleanup();
    render(<Evidence report={withTls({ kind: 'failed', error: `bad ${spoofed}` })} />);
    await afterNextFrame();
    const error = screen.getByTestId('certificate-error').textContent ?? '';
    expect(error).toContain('⟨U+202E⟩');
    expect(error).not.toContain('\u202E');
  });

  it('says nothing about certificates when no policy fetch happened', async () => {
    render(
      <Evidence
        report={createReport({ ...successReport, evidence: createEvidence({ policyFetch: null }) })}
      />,
    );
    await afterNextFrame();
    expect(screen.queryByTestId('certificate-unavailable')).toBeNull();
  });
});
