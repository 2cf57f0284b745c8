// Test PKI generated at test time: a trusted test CA, an untrusted CA, and leaf certificates for local
// HTTPS policy servers (good, expired, wrong-name, untrusted, self-signed). Nothing is written to disk.
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface KeyPairPem {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** Certificate, PEM. */
  cert: string;
}

export interface LeafCert extends KeyPairPem {
  /** dNSName entries of the subjectAltName. */
  hosts: string[];
  /** base64 SHA-256 of the leaf's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
  spkiSha256: string;
}

/** Who signs a leaf: the CA tests trust, a CA nobody trusts, or the leaf itself. */
export type LeafIssuer = 'test-ca' | 'untrusted-ca' | 'self-signed';

export interface LeafOptions {
  issuer?: LeafIssuer;
  /** Validity ended a year ago (still signed by the issuer). */
  expired?: boolean;
  /** Validity ends this many days from now (default 365); ignored when `expired`. */
  validDays?: number;
  /**
   * Sign this key instead of a new one: many small certificates, one per host, that share one SPKI hash
   * (so Chromium's SPKI list trusts them all) and cost no key generation.
   */
  key?: string;
}

export interface TestCertSet {
  /** The CA to trust (pass `ca.cert` to createTestFetch). */
  ca: KeyPairPem;
  /** Valid for the given hosts, signed by the test CA. */
  good: LeafCert;
  /** Valid for the given hosts but signed by a CA that is not trusted. */
  untrusted: LeafCert;
  /** Self-signed, for the given hosts. */
  selfSigned: LeafCert;
  /** Signed by the test CA for the given hosts, but expired. */
  expired: LeafCert;
  /** Signed by the test CA, valid, but for a different name (`wrong-name.invalid`). */
  wrongName: LeafCert;
  /** All leaf SPKI hashes, for Chromium's --ignore-certificate-errors-spki-list. */
  spkiList: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

// EC P-256 keys: much faster to generate than RSA, and accepted by Node and Chromium alike.
const KEY_OPTIONS = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

// Generation is slow-ish (WebCrypto key generation and signing): cache every artefact for the process.
const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, make: () => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = make();
    cache.set(key, hit);
  }
  return hit;
}

async function createCa(name: string): Promise<KeyPairPem> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: name }], {
    ...KEY_OPTIONS,
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 3650 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** The CA that tests trust. */
export function getTestCa(): Promise<KeyPairPem> {
  return cached('ca:trusted', () => createCa('MTA-STS Checker Test CA'));
}

/** A second CA that nothing trusts, for "bad certificate" scenarios. */
export function getUntrustedCa(): Promise<KeyPairPem> {
  return cached('ca:untrusted', () => createCa('Untrusted Test CA'));
}

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo (DER). */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** A leaf certificate for `hosts` (subjectAltName dNSName entries), cached by its parameters. */
export function issueLeafCert(hosts: string[], options: LeafOptions = {}): Promise<LeafCert> {
  const issuer = options.issuer ?? 'test-ca';
  const expired = options.expired ?? false;
  const validDays = options.validDays ?? 365;
  const key = `leaf:${issuer}:${expired}:${validDays}:${options.key ? createHash('sha256').update(options.key).digest('hex') : 'new'}:${hosts.join(',')}`;
  return cached(key, async () => {
    const ca =
      issuer === 'test-ca' ? await getTestCa() : issuer === 'untrusted-ca' ? await getUntrustedCa() : null;
    const now = Date.now();
    const notBeforeDate = new Date(expired ? now - 730 * DAY_MS : now - DAY_MS);
    const notAfterDate = new Date(expired ? now - 365 * DAY_MS : now + validDays * DAY_MS);
    const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
      ...KEY_OPTIONS,
      notBeforeDate,
      notAfterDate,
      ...(ca ? { ca } : {}),
      ...(options.key
        ? {
            keyPair: {
              privateKey: options.key,
              publicKey: createPublicKey(options.key).export({ type: 'spki', format: 'pem' }).toString(),
            },
          }
        : {}),
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2 as const, value })) },
      ],
    });
    return { key: pems.private, cert: pems.cert, hosts: [...hosts], spkiSha256: spkiSha256(pems.cert) };
  });
}

/** Every flavour of certificate for `hosts` at once (cached, so cheap after the first call). */
export async function getTestCertSet(hosts: string[]): Promise<TestCertSet> {
  const [ca, good, untrusted, selfSigned, expired, wrongName] = await Promise.all([
    getTestCa(),
    issueLeafCert(hosts),
    issueLeafCert(hosts, { issuer: 'untrusted-ca' }),
    issueLeafCert(hosts, { issuer: 'self-signed' }),
    issueLeafCert(hosts, { expired: true }),
    issueLeafCert(['wrong-name.invalid']),
  ]);
  const spkiList = [...new Set([good, untrusted, selfSigned, expired, wrongName].map((c) => c.spkiSha256))];
  return { ca, good, untrusted, selfSigned, expired, wrongName, spkiList };
}
