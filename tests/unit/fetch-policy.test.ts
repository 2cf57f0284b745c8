// fetchPolicy against real local HTTPS servers (real TLS, test CA), plus classifyFetchFailure.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getCodeInfo } from '../../lib/catalog/index';
import { classifyFetchFailure, fetchPolicy, policyUrl } from '../../lib/mta-sts/fetch-policy';
import type { PolicyFetchEvidence } from '../../lib/report/types';
import { getTestCertSet, type TestCertSet } from '../support/certs';
import { createTestFetchWithAgent, type TestFetch } from '../support/node-fetch';
import { type PolicyRoute, type PolicyServer, startPolicyServer } from '../support/policy-server';

const POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';
const CAP = 65_536;

// Domains served by the server with the good certificate; the policy host is mta-sts.<domain>.
const GOOD_ROUTES: Record<string, PolicyRoute> = {
  'ok.test': { body: POLICY },
  'utf8.test': { body: POLICY, headers: { 'content-type': 'text/plain; charset=utf-8' } },
  'ascii.test': { body: POLICY, headers: { 'content-type': 'Text/Plain; Charset="US-ASCII"' } },
  'latin1.test': { body: POLICY, headers: { 'content-type': 'text/plain; charset=iso-8859-1' } },
  'notfound.test': { status: 404, body: 'Not Found' },
  'error.test': { status: 500, body: 'Internal Server Error' },
  // Both redirect targets are reachable and would serve a policy if the redirect were followed.
  'redirect.test': { redirectTo: 'https://mta-sts.redirect-target.test/.well-known/mta-sts.txt' },
  'temp-redirect.test': { status: 307, redirectTo: '/moved.txt' },
  'redirect-target.test': { body: POLICY },
  'html.test': { html: true },
  'octet.test': { body: POLICY, headers: { 'content-type': 'application/octet-stream' } },
  'no-ct.test': { body: POLICY, headers: { 'content-type': null } },
  'big.test': { bodyBytes: 5 * 1024 * 1024 },
  'exact-cap.test': { body: 'a'.repeat(CAP) },
  'over-cap.test': { body: 'a'.repeat(CAP + 1) },
  'bad-utf8.test': {
    body: Buffer.concat([Buffer.from('version: STSv1\nmode: '), Buffer.from([0xff, 0xfe])]),
  },
  'slow-body.test': { body: POLICY, slowBodyMs: 200, trickleBytes: 4 },
  'slow-headers.test': { body: POLICY, latencyMs: 3000 },
};
const policyHost = (domain: string) => `mta-sts.${domain}`;

let certs: TestCertSet;
let goodServer: PolicyServer;
const badServers: PolicyServer[] = [];
let testFetch: TestFetch;

beforeAll(async () => {
  const goodHosts = Object.keys(GOOD_ROUTES).map(policyHost);
  certs = await getTestCertSet(goodHosts);
  const routes = Object.fromEntries(Object.entries(GOOD_ROUTES).map(([d, r]) => [policyHost(d), r]));
  goodServer = await startPolicyServer({ ...certs.good, routes });

  // One server per broken certificate, each serving a valid policy for its host.
  const broken = {
    'untrusted.test': (await getTestCertSet(['mta-sts.untrusted.test'])).untrusted,
    'self-signed.test': (await getTestCertSet(['mta-sts.self-signed.test'])).selfSigned,
    'expired.test': (await getTestCertSet(['mta-sts.expired.test'])).expired,
    'wrong-name.test': certs.wrongName,
  };
  const hostMap: Record<string, number> = Object.fromEntries(goodHosts.map((h) => [h, goodServer.port]));
  for (const [domain, leaf] of Object.entries(broken)) {
    const server = await startPolicyServer({ ...leaf, routes: { [policyHost(domain)]: { body: POLICY } } });
    badServers.push(server);
    hostMap[policyHost(domain)] = server.port;
  }
  testFetch = createTestFetchWithAgent({ ca: [certs.ca.cert], hostMap });
});

afterAll(async () => {
  await testFetch?.close();
  await Promise.all([goodServer?.close(), ...badServers.map((s) => s.close())]);
});

const run = (domain: string, deps: Parameters<typeof fetchPolicy>[1] = {}) =>
  fetchPolicy(domain, { fetch: testFetch.fetch, ...deps });
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('fetchPolicy: successful fetches', () => {
  it.each([
    ['ok.test', 'text/plain', []],
    ['utf8.test', 'text/plain; charset=utf-8', []],
    ['ascii.test', 'Text/Plain; Charset="US-ASCII"', []],
    ['latin1.test', 'text/plain; charset=iso-8859-1', ['policy.content-type.charset']],
  ])('returns the body of %s served as %s', async (domain, contentType, extra) => {
    const { evidence, findings, body } = await run(domain);
    expect(body).toBe(POLICY);
    expect(evidence).toMatchObject({
      url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`,
      outcome: 'ok',
      status: 200,
      contentType,
      bytes: POLICY.length,
      body: POLICY,
      truncated: false,
      error: null,
    });
    expect(codes(findings)).toEqual(['policy.fetched', ...extra]);
  });

  it('notes a foreign charset as info only', async () => {
    const { findings } = await run('latin1.test');
    expect(findings.find((f) => f.code === 'policy.content-type.charset')?.severity).toBe('info');
  });

  it('reports the elapsed time from the injected clock', async () => {
    const times = [1000, 1250];
    const { evidence, findings } = await run('ok.test', { now: () => times.shift() ?? 9999 });
    expect(evidence.elapsedMs).toBe(250);
    expect(findings[0]).toMatchObject({ code: 'policy.fetched', severity: 'info' });
    expect(findings[0]?.message).toContain(`${POLICY.length} bytes in 250 ms`);
  });

  it('accepts a body of exactly the size cap', async () => {
    const { evidence, body } = await run('exact-cap.test');
    expect(evidence.outcome).toBe('ok');
    expect(evidence.bytes).toBe(CAP);
    expect(body?.length).toBe(CAP);
  });

  it('decodes invalid UTF-8 with replacement characters instead of failing', async () => {
    const { evidence, body } = await run('bad-utf8.test');
    expect(evidence.outcome).toBe('ok');
    expect(body).toBe('version: STSv1\nmode: \uFFFD\uFFFD');
  });
});

describe('fetchPolicy: unusable answers', () => {
  it.each([
    ['notfound.test', 404, 'no policy file at that path'],
    ['error.test', 500, 'server error'],
  ])('reports %s answering HTTP %i as policy.http-status', async (domain, status, wording) => {
    const { evidence, findings, body } = await run(domain);
    expect(body).toBeNull();
    expect(evidence).toMatchObject({ outcome: 'http-status', status, body: null });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'policy.http-status',
      severity: 'error',
      rfc: 'RFC 8461 §3.3',
    });
    expect(findings[0]?.message).toContain(wording);
  });

  it.each([
    ['redirect.test', 301, 'https://mta-sts.redirect-target.test/.well-known/mta-sts.txt'],
    ['temp-redirect.test', 307, '/moved.txt'],
  ])(
    'does not follow the redirect of %s (HTTP %i) and reports its Location',
    async (domain, status, location) => {
      const { evidence, findings, body } = await run(domain);
      expect(body).toBeNull();
      expect(evidence).toMatchObject({ outcome: 'redirect', status, location });
      expect(codes(findings)).toEqual(['policy.redirect']);
      expect(findings[0]?.message).toContain(location);
      // Not followed: the server never saw a request for the redirect target.
      const followed = goodServer.log.filter(
        (e) => e.host === 'mta-sts.redirect-target.test' || e.path === '/moved.txt',
      );
      expect(followed).toEqual([]);
    },
  );

  it('treats a browser-style opaque redirect (status 0, no headers) as a redirect', async () => {
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      headers: new Headers(),
      body: null,
    } as unknown as Response;
    const { evidence, findings } = await fetchPolicy('example.com', { fetch: async () => opaque });
    expect(evidence).toMatchObject({ outcome: 'redirect', status: null, location: null });
    expect(codes(findings)).toEqual(['policy.redirect']);
  });

  it.each([
    ['html.test', 'text/html; charset=utf-8', 'catch-all'],
    ['octet.test', 'application/octet-stream', 'application/octet-stream'],
    ['no-ct.test', null, 'without a Content-Type'],
  ])(
    'flags %s served as %s but still returns the body for the parser',
    async (domain, contentType, wording) => {
      const { evidence, findings, body } = await run(domain);
      expect(evidence).toMatchObject({ outcome: 'ok', contentType });
      expect(body).not.toBeNull();
      expect(codes(findings)).toEqual(['policy.fetched', 'policy.content-type']);
      expect(findings[1]?.severity).toBe('error');
      expect(findings[1]?.message).toContain(wording);
    },
  );

  it('stops reading a 5 MB body at the cap', async () => {
    const { evidence, findings, body } = await run('big.test');
    expect(body).toBeNull();
    expect(evidence).toMatchObject({ outcome: 'too-large', status: 200, bytes: CAP, truncated: true });
    expect(evidence.body?.length).toBe(CAP);
    expect(codes(findings)).toEqual(['policy.too-large']);
    // The server stops when the client hangs up: far less than 5 MB ever left it.
    const entry = goodServer.log.find((e) => e.host === 'mta-sts.big.test');
    await vi.waitFor(() => expect(entry?.aborted).toBe(true));
    expect(entry?.completed).toBe(false);
    expect(entry?.bytesSent).toBeLessThan(1024 * 1024);
  });

  it('rejects a body one byte over the cap', async () => {
    const { evidence, findings } = await run('over-cap.test');
    expect(evidence).toMatchObject({ outcome: 'too-large', bytes: CAP });
    expect(codes(findings)).toEqual(['policy.too-large']);
  });

  it.each([
    ['slow-headers.test', null],
    ['slow-body.test', 200],
  ])('times out on %s when the answer does not finish in time', async (domain, status) => {
    const { evidence, findings, body } = await run(domain, { timeoutMs: 300 });
    expect(body).toBeNull();
    expect(evidence).toMatchObject({ outcome: 'timeout', status });
    expect(evidence.error).toContain('0.3 s');
    expect(codes(findings)).toEqual(['policy.timeout']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('about a minute');
  });
});

describe('fetchPolicy: network failures', () => {
  it.each([
    ['untrusted.test', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['self-signed.test', 'SELF_SIGNED'],
    ['expired.test', 'CERT_HAS_EXPIRED'],
    ['wrong-name.test', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['unmapped.test', 'ENOTFOUND'],
  ])('reports %s as a network outcome without a finding', async (domain, errorCode) => {
    const { evidence, findings, body } = await run(domain);
    expect(body).toBeNull();
    expect(findings).toEqual([]);
    expect(evidence).toMatchObject({ outcome: 'network', status: null, bytes: 0 });
    expect(evidence.error).toContain(errorCode);
  });

  it('never throws, whatever the fetch function does', async () => {
    const throwing = (() => {
      throw new Error('boom');
    }) as unknown as typeof fetch;
    const { evidence, findings } = await fetchPolicy('example.com', { fetch: throwing });
    expect(evidence).toMatchObject({ outcome: 'network', error: 'boom' });
    expect(findings).toEqual([]);
  });

  it('gives up without a finding when the caller has already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { evidence, findings } = await run('ok.test', { signal: controller.signal });
    expect(evidence).toMatchObject({ outcome: 'network', error: 'The check was cancelled' });
    expect(findings).toEqual([]);
  });
});

describe('fetchPolicy: request options', () => {
  it('asks for no redirects, no credentials and no HTTP cache, with an abort signal', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const recording = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return testFetch.fetch(input, init);
    }) as typeof fetch;
    const { evidence } = await fetchPolicy('Ok.Test.', { fetch: recording });
    expect(evidence.outcome).toBe('ok');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://mta-sts.ok.test/.well-known/mta-sts.txt');
    expect(calls[0]?.init).toMatchObject({
      method: 'GET',
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
    });
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('builds the well-known URL on the mta-sts host', () => {
    expect(policyUrl('example.com')).toBe('https://mta-sts.example.com/.well-known/mta-sts.txt');
  });
});

describe('classifyFetchFailure', () => {
  const evidence: PolicyFetchEvidence = {
    url: 'https://mta-sts.example.com/.well-known/mta-sts.txt',
    outcome: 'network',
    status: null,
    contentType: null,
    location: null,
    bytes: 0,
    elapsedMs: 12,
    body: null,
    truncated: false,
    error: 'fetch failed: CERT_HAS_EXPIRED certificate has expired',
  };

  it.each([
    ['nxdomain', 'policy.host.nxdomain', 'has no A or AAAA record'],
    ['resolves', 'policy.fetch.failed', 'certificate'],
    ['unknown', 'policy.fetch.failed', 'cannot tell'],
  ] as const)('names a failure where the policy host %s as %s', (policyHostState, code, wording) => {
    const finding = classifyFetchFailure(evidence, policyHostState);
    expect(finding).toMatchObject({ code, severity: 'error' });
    expect(finding.message).toContain('mta-sts.example.com');
    expect(finding.message).toContain(wording);
  });

  it.each(['resolves', 'unknown'] as const)('includes the transport error when the host %s', (state) => {
    expect(classifyFetchFailure(evidence, state).message).toContain('certificate has expired');
  });
});

describe('fetch catalogue', () => {
  it.each([
    'policy.fetched',
    'policy.redirect',
    'policy.http-status',
    'policy.content-type',
    'policy.content-type.charset',
    'policy.too-large',
    'policy.timeout',
    'policy.host.nxdomain',
    'policy.fetch.failed',
  ])('documents %s', (code) => {
    expect(getCodeInfo(code)?.title).toBeTruthy();
  });
});
