// What the MTA-STS parsers produce: the _mta-sts TXT record (RFC 8461 §3.1) and the policy file (§3.2).

export interface StsRecord {
  version: 'STSv1';
  id: string;
  extensions: Record<string, string>;
}

export type PolicyMode = 'enforce' | 'testing' | 'none';

export interface StsPolicy {
  version: 'STSv1';
  mode: PolicyMode;
  mx: string[];
  maxAge: number;
}
