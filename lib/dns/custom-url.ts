// The one rule for a user-supplied DoH endpoint, shared by the client and the options form (each words the
// problem for its own audience).

export type CustomResolverUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; problem: 'invalid' }
  | { ok: false; problem: 'not-https'; protocol: string }
  | { ok: false; problem: 'credentials' };

export function checkCustomResolverUrl(text: string): CustomResolverUrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  // RFC 8484 §5: DoH is HTTP over TLS; a plain http: resolver would let anyone on the path forge answers.
  if (url.protocol !== 'https:') return { ok: false, problem: 'not-https', protocol: url.protocol };
  // Credentials in the URL would be sent with every query and shown in every report.
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' };
  return { ok: true, url };
}
