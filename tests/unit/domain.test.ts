import { describe, expect, it } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { checkDomain } from '../../lib/check/check-domain';
import { normalizeDomain } from '../../lib/input/domain';
import { isIpAddress } from '../../lib/input/hostname';

describe('normalizeDomain accepts what people paste', () => {
  it.each([
    ['a bare domain', 'example.com', 'example.com', 'example.com'],
    ['upper case', 'Example.COM', 'example.com', 'example.com'],
    ['surrounding whitespace', '  example.com \n', 'example.com', 'example.com'],
    ['a trailing dot', 'example.com.', 'example.com', 'example.com'],
    ['a subdomain', 'www.shop.example.co.uk', 'www.shop.example.co.uk', 'example.co.uk'],
    [
      'an https URL with path, query and fragment',
      'https://www.example.com/a/b?c=d#e',
      'www.example.com',
      'example.com',
    ],
    ['an http URL with port', 'http://example.com:8080/', 'example.com', 'example.com'],
    ['a URL with userinfo', 'https://user:pw@Mail.Example.org/', 'mail.example.org', 'example.org'],
    ['a URL in upper case', 'HTTPS://EXAMPLE.COM/', 'example.com', 'example.com'],
    ['a URL with a trailing-dot host', 'https://example.com./x', 'example.com', 'example.com'],
    ['a domain with a path', 'example.com/mta-sts', 'example.com', 'example.com'],
    ['a domain with a port', 'example.com:443', 'example.com', 'example.com'],
    ['an e-mail address', 'user@Example.com', 'example.com', 'example.com'],
    ['an e-mail address in angle brackets', '<postmaster@example.net>', 'example.net', 'example.net'],
    ['a mailto URL with a query', 'mailto:user@x.example.com?subject=hi', 'x.example.com', 'example.com'],
    [
      'a mailto URL with several addresses',
      'MAILTO:a@one.example,b@two.example',
      'one.example',
      'one.example',
    ],
    ['a Unicode domain as an A-label', 'bücher.example', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    [
      'a Unicode domain in a URL',
      'https://BÜCHER.example/',
      'xn--bcher-kva.example',
      'xn--bcher-kva.example',
    ],
    ['an A-label as typed', 'XN--BCHER-KVA.example', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['an ideographic full stop as a dot', 'example。com', 'example.com', 'example.com'],
    ['a label starting with a digit', '1password.com', '1password.com', '1password.com'],
    [
      'a label of exactly 63 characters',
      `${'a'.repeat(63)}.com`,
      `${'a'.repeat(63)}.com`,
      `${'a'.repeat(63)}.com`,
    ],
    ['an unknown TLD (one-label suffix)', 'mta-sts.example.test', 'mta-sts.example.test', 'example.test'],
    ['a reserved TLD', 'foo.invalid', 'foo.invalid', 'foo.invalid'],
    ['a private PSL suffix as an ordinary domain', 'user.github.io', 'user.github.io', 'github.io'],
    // Decision: a public suffix is checkable and is its own registrable domain (see registrableDomain).
    ['a public suffix itself', 'co.uk', 'co.uk', 'co.uk'],
  ])('accepts %s', (_what, input, domain, registrable) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, domain, registrable });
  });

  it('accepts a name of exactly 253 characters', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(normalizeDomain(name)).toMatchObject({ ok: true, domain: name });
  });
});

describe('normalizeDomain rejects what it cannot check, with a sentence saying why', () => {
  it.each([
    ['empty input', '', /enter a domain name/i],
    ['whitespace only', '   \t ', /enter a domain name/i],
    ['an IPv4 address', '192.0.2.1', /IP address/],
    ['an IPv4 address in a URL', 'http://127.0.0.1/', /IP address/],
    ['a shorthand IPv4 address', '127.1', /IP address/],
    ['a hexadecimal IPv4 address in a URL', 'http://0x7f.0.0.1/', /IP address/],
    ['an IPv6 address', '2001:db8::1', /IP address/],
    ['an IPv6 address that looks like a scheme', 'fe80::1', /IP address/],
    ['an IPv6 loopback', '::1', /IP address/],
    ['an IPv6 address in a URL', 'http://[::1]/', /IP address/],
    ['a bracketed IPv6 address with port', '[2001:db8::1]:25', /IP address/],
    ['a single label', 'localhost', /single name/],
    ['a single label with a port', 'localhost:8080', /single name/],
    ['a single label in a URL', 'http://intranet/', /single name/],
    ['a label of 64 characters', `${'a'.repeat(64)}.com`, /64 characters long.*at most 63/],
    // 42 characters as typed, 65 in the A-label form that DNS sees.
    [
      'a Unicode label longer than 63 characters as an A-label',
      `${'こんにちは世界'.repeat(6)}.com`,
      /65 characters long/,
    ],
    ['a name over 253 characters', `${`${'a'.repeat(60)}.`.repeat(4)}example.com`, /at most 253/],
    ['an underscore', 'ex_ample.com', /contains “_”/],
    ['an underscore in a URL host', 'https://_mta-sts.example.com/', /contains “_”/],
    ['a space inside', 'exa mple.com', /contains a space/],
    ['a control character', 'exa\u0001mple.com', /control character/],
    ['a wildcard', '*.example.com', /contains “\*”/],
    ['a leading hyphen', '-example.com', /starts or ends with a hyphen/],
    ['a trailing hyphen', 'example-.com', /starts or ends with a hyphen/],
    ['two dots', 'example..com', /empty part/],
    ['two trailing dots', 'example.com..', /empty part/],
    ['a leading dot', '.example.com', /empty part/],
    ['an all-numeric TLD', 'example.123', /ends in a number/],
    ['an e-mail address without a domain', 'user@', /no domain after the @/],
    ['a mailto URL without an address', 'mailto:', /no e-mail address/],
    ['an unparseable URL', 'https://exa mple.com/', /not a valid web address/],
    ['a URL without a host', 'http://', /not a valid web address/],
    ['input too long to be an address', `${'a'.repeat(5000)}.com`, /too long/],
  ])('rejects %s', (_what, input, message) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([
    'chrome://extensions',
    'chrome-extension://abcdefghijklmnop/popup.html',
    'moz-extension://0b4c2a1e/popup.html',
    'edge://settings',
    'about:blank',
    'about:',
    'file:///home/user/index.html',
    'data:text/html,<p>hi</p>',
    'javascript:alert(1)',
    'javascript:1',
    'view-source:https://example.com/',
    'ftp://example.com/',
  ])('says %s is not a website', (input) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not a website/);
  });

  it('writes errors as sentences for people, quoting a shortened input', () => {
    const result = normalizeDomain(`${'x'.repeat(200)}_.com`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^[“A-Z].*\.$/);
      expect(result.error.length).toBeLessThan(250);
    }
  });
});

describe('isIpAddress', () => {
  it.each([
    ['192.0.2.1', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['[2001:db8::1]', true],
    ['2001:db8::ffff:192.0.2.1', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['example.com', false],
    ['dead:beef:zz::1', false],
    ['', false],
  ])('isIpAddress(%j) is %s', (input, expected) => {
    expect(isIpAddress(input)).toBe(expected);
  });
});

describe('domain.invalid finding', () => {
  it('is an error carrying the normalizer message and has a catalogue entry', async () => {
    const report = await checkDomain('localhost', {
      fetch: () => Promise.reject(new Error('no I/O expected')),
    });
    expect(report.status).toBe('ERROR');
    expect(report.findings).toEqual([
      {
        code: 'domain.invalid',
        severity: 'error',
        message: (normalizeDomain('localhost') as { error: string }).error,
      },
    ]);
    expect(getCodeInfo('domain.invalid')?.title).toBe('The input is not a domain name we can check');
    expect(getCodeInfo('domain.invalid')?.fix).toBeTruthy();
  });
});
