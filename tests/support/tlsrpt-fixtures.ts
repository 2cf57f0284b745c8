// Synthetic TLS reports (RFC 8460 §4.4) for tests and the benchmark: JSON objects, their gzip and a mail
// message that carries them, built the way real reporters send them.
import { gzipSync } from 'node:zlib';

export interface FailureInput {
  'result-type': string;
  'failed-session-count': number | string;
  'receiving-mx-hostname'?: string;
  'sending-mta-ip'?: string;
  'receiving-ip'?: string;
  'failure-reason-code'?: string;
}

export interface ReportInput {
  org?: string;
  id?: string;
  day?: string;
  domain?: string;
  mode?: 'testing' | 'enforce' | 'none';
  mx?: string[];
  success?: number | string;
  failures?: FailureInput[];
}

/** One report of one day for one STS policy, in RFC 8460 §4.4's JSON shape. */
export function createReportJson(input: ReportInput = {}): Record<string, unknown> {
  const day = input.day ?? '2026-11-01';
  const domain = input.domain ?? 'example.com';
  const mx = input.mx ?? [`mx1.${domain}`, `mx2.${domain}`];
  const failures = input.failures ?? [];
  const failed = failures.reduce((n, f) => n + Number(f['failed-session-count']), 0);
  return {
    'organization-name': input.org ?? 'Google Inc.',
    'date-range': { 'start-datetime': `${day}T00:00:00Z`, 'end-datetime': `${day}T23:59:59Z` },
    'contact-info': 'smtp-tls-reporting@google.com',
    'report-id': input.id ?? `${day}T00:00:00Z_${domain}`,
    policies: [
      {
        policy: {
          'policy-type': 'sts',
          'policy-string': [
            'version: STSv1',
            `mode: ${input.mode ?? 'testing'}`,
            ...mx.map((m) => `mx: ${m}`),
            'max_age: 604800',
          ],
          'policy-domain': domain,
          'mx-host': mx,
        },
        summary: {
          'total-successful-session-count': input.success ?? 100,
          'total-failure-session-count': failed,
        },
        ...(failures.length > 0 ? { 'failure-details': failures } : {}),
      },
    ],
  };
}

export function toBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value, null, 2));
}

export function gzipBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** An RFC 8460 §5.3 message with the report base64-encoded as application/tlsrpt+gzip (or +json). */
export function createReportEmail(
  report: Uint8Array,
  options: { gzip?: boolean; attach?: boolean; contentType?: string } = {},
): Uint8Array {
  const gzip = options.gzip ?? true;
  const body = gzip ? gzipBytes(report) : report;
  const type = options.contentType ?? (gzip ? 'application/tlsrpt+gzip' : 'application/tlsrpt+json');
  const base64 = Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\r\n');
  const parts = [
    'From: noreply-smtp-tls-reporting@google.com',
    'To: tls-reports@example.com',
    'Subject: Report Domain: example.com Submitter: google.com Report-ID: <x>',
    'TLS-Report-Domain: example.com',
    'TLS-Report-Submitter: google.com',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; boundary="b1"; report-type=tlsrpt',
    '',
    '--b1',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'This is an aggregate TLS report from google.com',
    '',
  ];
  if (options.attach ?? true) {
    parts.push(
      '--b1',
      `Content-Type: ${type}; name="google.com!example.com!1!2!001.json${gzip ? '.gz' : ''}"`,
      'Content-Disposition: attachment;',
      `\tfilename="google.com!example.com!1!2!001.json${gzip ? '.gz' : ''}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64,
      '',
    );
  }
  parts.push('--b1--', '');
  return new TextEncoder().encode(parts.join('\r\n'));
}
