import { TLSRPT_MAILBOX } from '../examples';
import type { CodeInfo } from './types';

// Finding codes emitted by the tlsrpt area: what each means and how to fix it.
export const tlsrptCodes = {
  'tlsrpt.missing': {
    title: 'No TLS-RPT record: nobody reports TLS failures to you',
    fix:
      'Publish a TXT record at _smtp._tls.<your domain> with the value ' +
      `"v=TLSRPTv1; rua=mailto:${TLSRPT_MAILBOX}@<your domain>", using a mailbox that exists and is read. ` +
      'Senders then mail you a daily summary of failed TLS connections and MTA-STS problems.',
  },
  'tlsrpt.multiple': {
    title: 'More than one TLS-RPT record, so senders ignore them all',
    fix:
      'Keep exactly one TXT record starting with v=TLSRPTv1 at _smtp._tls.<your domain>. To send reports to ' +
      'several places, list them in one rua field separated by commas: ' +
      'rua=mailto:a@example.com,https://reports.example.com/tlsrpt.',
  },
  'tlsrpt.invalid': {
    title: 'The TLS-RPT record is malformed, so senders ignore it',
    fix:
      `Rewrite the TXT record at _smtp._tls.<your domain> as "v=TLSRPTv1; rua=mailto:${TLSRPT_MAILBOX}@<your domain>": ` +
      'v=TLSRPTv1 first and spelled exactly so, fields separated by semicolons, no spaces around "=", ' +
      'plain ASCII only.',
  },
  'tlsrpt.rua.invalid': {
    title: 'A report address in the TLS-RPT record cannot be used',
    fix:
      `Each entry in rua must be a mailto: address (mailto:${TLSRPT_MAILBOX}@example.com) or an https:// URL. ` +
      'Percent-encode commas, semicolons and "!" inside an address (%2C, %3B, %21) and drop DMARC-style ' +
      'size suffixes such as !10m.',
  },
  'tlsrpt.rua.duplicate': {
    title: 'The TLS-RPT record has more than one rua field',
    fix:
      'Merge them into a single rua field with the addresses separated by commas, for example ' +
      'rua=mailto:a@example.com,mailto:b@example.com.',
  },
  'tlsrpt.unknown-field': {
    title: 'The TLS-RPT record has a field that senders ignore',
    fix: 'Remove the field unless a report receiver asked for it; only v and rua have a meaning in RFC 8460.',
  },
  'tlsrpt.valid': {
    title: 'TLS-RPT is set up and says where reports go',
  },
} as const satisfies Record<string, CodeInfo>;
