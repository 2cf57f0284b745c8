import type { CodeInfo } from './types';

// Finding codes emitted by the policy area: what each means and how to fix it.
export const policyCodes = {
  'policy.invalid': {
    title: 'The policy file is not a valid MTA-STS policy, so senders ignore it',
    fix:
      'Serve exactly these lines at https://mta-sts.<domain>/.well-known/mta-sts.txt, one per line, with no blank ' +
      'lines or indentation: "version: STSv1", "mode: enforce" (or testing/none), one "mx: <host>" line per MX ' +
      'host and "max_age: 1209600". Keys and values are case-sensitive. Then change the id in the _mta-sts TXT ' +
      'record so senders fetch the corrected file.',
  },
  'policy.html': {
    title: 'The policy URL returns an HTML page instead of the policy',
    fix:
      'Make the web server for mta-sts.<domain> serve the plain-text file /.well-known/mta-sts.txt with ' +
      'Content-Type text/plain. Check that the file exists at that exact path and that no default site, ' +
      'redirect-to-login or "page not found" handler answers in its place.',
  },
  'policy.encoding': {
    title: 'The policy file contains bytes or characters that are not plain UTF-8 text',
    fix:
      'Save the file as plain UTF-8 (or ASCII) without a byte order mark, and remove control characters. ' +
      'Editors such as Notepad may add a BOM: choose "UTF-8" rather than "UTF-8 with BOM", or create the file ' +
      'with printf on a server.',
  },
  'policy.duplicate-key': {
    title: 'A field that must appear once (version, mode or max_age) is repeated',
    fix:
      'Keep one line per field and delete the others. Senders use the first value, which may not be the one ' +
      'you meant, and some reject the whole policy.',
  },
  'policy.unknown-key': {
    title: 'The policy has fields that senders do not know and ignore',
    fix:
      'Nothing to do if the field is intentional. If it is a typo of version, mode, mx or max_age (names are ' +
      'lower-case and case-sensitive), correct it.',
  },
  'policy.mx.invalid': {
    title: 'An mx entry is not a valid host name pattern',
    fix:
      'Write each mx line as a host name exactly as in your MX records ("mx: mail.example.com") or as a wildcard ' +
      'for the leftmost label only ("mx: *.example.com"): letters, digits and hyphens, no trailing dot, no IP ' +
      'addresses.',
  },
  'policy.mx.u-label': {
    title: 'An mx entry uses a non-ASCII (Unicode) domain name instead of its xn-- form',
    fix:
      'Write internationalised names in A-label (Punycode) form, e.g. "mx: xn--mnchen-3ya.example" for ' +
      'münchen.example; the message shows the converted name when it could be computed.',
  },
  'policy.mx.duplicate': {
    title: 'The same mx entry is listed more than once',
    fix: 'Optional: delete the repeated lines (names compare case-insensitively). The repeats do no harm.',
  },
  'policy.max-age.short': {
    title: 'The policy max_age is shorter than recommended',
    fix:
      'Set max_age to at least 1209600 (two weeks); 31557600 (one year) is the maximum. Senders keep the policy ' +
      'for max_age seconds, which protects them if an attacker later blocks the policy fetch.',
  },
  'policy.max-age.zero': {
    title: 'The policy max_age is 0, so senders cannot cache it',
    fix: 'Set max_age to at least 86400 (one day), ideally 1209600 (two weeks) or more.',
  },
  'policy.mode.enforce': {
    title: 'The policy is in enforce mode: senders refuse unprotected delivery',
  },
  'policy.mode.testing': {
    title: 'The policy is in testing mode: senders report problems but still deliver without protection',
    fix:
      'Once TLS-RPT reports show no failures for your MX hosts, change "mode: testing" to "mode: enforce" and ' +
      'update the id in the _mta-sts TXT record.',
  },
  'policy.mode.none': {
    title: 'The policy is in none mode: MTA-STS is switched off',
    fix:
      'If you are removing MTA-STS, keep this policy until previously cached policies have expired, then delete ' +
      'the record and file. Otherwise publish "mode: testing" or "mode: enforce" and update the id in the ' +
      '_mta-sts TXT record.',
  },
} as const satisfies Record<string, CodeInfo>;
