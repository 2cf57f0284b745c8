// The policy host's certificate: the evidence a browser can observe, and the findings drawn from it.
export { readSubjectAltNames } from './der';
export {
  commonName,
  coveringName,
  createCertificateFindings,
  createTlsFailureFinding,
  daysLeft,
  EXPIRING_DAYS,
  RENEW_SOON_DAYS,
} from './findings';
export type { CertificateSummary, PolicyTlsEvidence, TlsObserver, TlsWatch } from './types';
