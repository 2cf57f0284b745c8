// The policy host's certificate as the browser saw it (Firefox), or, where the browser does not expose it,
// one plain sentence saying so with the command that shows it.
import { commonName, daysLeft } from '../lib/certificate/findings';
import type { CertificateSummary, PolicyTlsEvidence } from '../lib/certificate/types';
import { NetworkText } from './NetworkText';

function CertificateFacts({ cert, checkedAt }: { cert: CertificateSummary; checkedAt: number }) {
  const left = daysLeft(cert, checkedAt);
  return (
    <dl class="facts" data-testid="certificate">
      <dt>Subject</dt>
      <dd>
        <NetworkText text={cert.subject} />
      </dd>
      {cert.subjectAltNames !== null && (
        <>
          <dt>Names</dt>
          <dd>
            {cert.subjectAltNames.length > 0 ? (
              <NetworkText text={cert.subjectAltNames.join(', ')} />
            ) : (
              'none'
            )}
          </dd>
        </>
      )}
      <dt>Issuer</dt>
      <dd data-testid="certificate-issuer">
        <NetworkText text={cert.issuer} />
      </dd>
      <dt>Valid</dt>
      <dd data-testid="certificate-validity">
        {cert.notBefore.slice(0, 10)} to {cert.notAfter.slice(0, 10)} (
        {left < 0 ? `expired ${-left} days ago` : `${left} day${left === 1 ? '' : 's'} left`})
      </dd>
      {cert.sha256 !== null && (
        <>
          <dt>SHA-256</dt>
          <dd>
            <code class="fingerprint">{cert.sha256}</code>
          </dd>
        </>
      )}
    </dl>
  );
}

export function PolicyCertificateView({
  tls,
  host,
  checkedAt,
}: {
  tls: PolicyTlsEvidence | undefined;
  host: string;
  checkedAt: string;
}) {
  if (!tls) {
    return (
      <p class="muted" data-testid="certificate-unavailable">
        This browser does not let extensions see certificates. To see the one <NetworkText text={host} />{' '}
        presents, run{' '}
        <code>
          <NetworkText text={`openssl s_client -connect ${host}:443 -servername ${host}`} />
        </code>
        .
      </p>
    );
  }
  if (tls.kind === 'not-seen') {
    return (
      <p class="muted">
        The browser reported no connection to <NetworkText text={host} />.
      </p>
    );
  }
  if (tls.kind === 'failed') {
    return (
      <p data-testid="certificate-error">
        The browser reported:{' '}
        <code>
          <NetworkText text={tls.error} />
        </code>
      </p>
    );
  }
  const at = Date.parse(checkedAt);
  return (
    <div data-testid="policy-certificate">
      <p>
        {tls.protocol ?? 'TLS'}, chain of {tls.chain.length} certificate{tls.chain.length === 1 ? '' : 's'}{' '}
        (server first):
      </p>
      {tls.chain.map((cert, i) => (
        <div key={`${i} ${cert.sha256 ?? cert.subject}`}>
          <h4>
            {i === 0 ? 'Server' : i === tls.chain.length - 1 ? 'Root' : 'Intermediate'}:{' '}
            <NetworkText text={commonName(cert.subject)} />
          </h4>
          <CertificateFacts cert={cert} checkedAt={at} />
        </div>
      ))}
    </div>
  );
}
