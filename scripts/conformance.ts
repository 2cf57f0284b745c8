// Runs our record, policy and MX-matching parsers over an external conformance corpus (third-party test data, so
// it is read from the path given on the command line and never copied into this repository).
//
//   npm run conformance -- <path to vectors.json>
//
// The expected answer of a case is its `rfc_verdict` when present, else what the upstream test asserts. Cases whose
// verdict is marked ambiguous count as agreeing: our parsers make a deliberate choice there (documented next to the
// rule in lib/mta-sts/record.ts, lib/mta-sts/mx-match.ts and lib/mta-sts/policy.ts), and the output lists each one
// with the choice we made. Exit code: 0 when every non-ambiguous case agrees, 1 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { mxMatches } from '../lib/mta-sts/mx-match';
import { parsePolicy } from '../lib/mta-sts/policy';
import { createStsRecordFindings, parseStsRecord } from '../lib/mta-sts/record';
import type { StsPolicy, StsRecord } from '../lib/mta-sts/types';

interface RfcVerdict {
  valid?: boolean;
  match?: boolean;
  section?: string;
  reading?: string;
  ambiguous?: boolean;
}

interface BaseCase {
  id: string;
  rfc_verdict?: RfcVerdict;
}

interface TxtCase extends BaseCase {
  record?: string;
  strings?: string[];
  records?: (string | string[])[];
  valid: boolean;
  expect?: { id?: string };
  expect_extensions?: [string, string][];
}

interface PolicyCase extends BaseCase {
  body: string | null;
  body_bytes_hex?: string;
  valid: boolean;
  expect?: { mode?: string; max_age?: number; mx?: string[] };
}

interface MxCase extends BaseCase {
  pattern?: string | null;
  patterns?: (string | null)[];
  host: string | null;
  host_bytes_hex?: string;
  host_template?: { prefix?: string; repeat: string; count: number; suffix?: string };
  match: boolean;
  mode?: string;
  mode_aware?: boolean;
}

interface PolicyFieldsCase extends BaseCase {
  fields: { version?: string; mode?: string; max_age?: number; mx?: string[] };
  valid: boolean;
}

interface FieldValueCase extends BaseCase {
  field: string;
  value: string;
  valid: boolean;
}

interface Corpus {
  txt?: TxtCase[];
  policy?: PolicyCase[];
  mx_match?: MxCase[];
  policy_fields?: PolicyFieldsCase[];
  field_value?: FieldValueCase[];
  http?: BaseCase[];
}

/** What one case produced: the verdict compared, plus details (id, mode…) that must also agree when present. */
interface Outcome {
  expected: string;
  got: string;
  input: string;
  /** Set when the case was not run; it is then left out of N. */
  skipped?: string;
}

const EXCERPT = 70;

function excerpt(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function verdict(valid: boolean): string {
  return valid ? 'valid' : 'invalid';
}

function hexToText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  // Non-fatal decoding, as a browser decodes a policy body: invalid bytes become U+FFFD.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function expectedValid(c: { valid: boolean; rfc_verdict?: RfcVerdict }): boolean {
  return c.rfc_verdict?.valid ?? c.valid;
}

/** Upstream details (id, mode…) are only compared when the upstream verdict is also the one we aim for. */
function upstreamDetailsApply(c: { valid: boolean; rfc_verdict?: RfcVerdict }): boolean {
  return c.valid && expectedValid(c);
}

function runTxt(c: TxtCase): Outcome {
  let record: StsRecord | null;
  let input: unknown;
  if (c.records !== undefined) {
    const rrs = c.records.map((rr) => (Array.isArray(rr) ? rr.join('') : rr));
    input = c.records;
    record = createStsRecordFindings(rrs).record;
  } else {
    // RFC 8461 §3.1: the character-strings of one TXT record are concatenated without spaces.
    const txt = c.strings !== undefined ? c.strings.join('') : (c.record ?? '');
    input = c.strings ?? c.record;
    const parsed = parseStsRecord(txt);
    record = parsed.ok ? parsed.record : null;
  }
  const want = expectedValid(c);
  let expected = verdict(want);
  let got = verdict(record !== null);
  if (want && record !== null && upstreamDetailsApply(c)) {
    if (c.expect?.id !== undefined) {
      expected += ` id=${c.expect.id}`;
      got += ` id=${record.id}`;
    }
    if (c.expect_extensions !== undefined) {
      expected += ` ext=${JSON.stringify(Object.fromEntries(c.expect_extensions))}`;
      got += ` ext=${JSON.stringify(record.extensions)}`;
    }
  }
  return { expected, got, input: excerpt(input) };
}

function normalizeMx(list: readonly string[]): string {
  return JSON.stringify([...new Set(list.map((m) => m.toLowerCase()))].sort());
}

function policyOutcome(
  body: string,
  want: boolean,
  details: PolicyCase['expect'] | null,
  input: string,
): Outcome {
  const parsed = parsePolicy(body);
  let expected = verdict(want);
  let got = verdict(parsed.ok);
  if (want && parsed.ok && details) {
    const policy: StsPolicy = parsed.policy;
    if (details.mode !== undefined) {
      expected += ` mode=${details.mode}`;
      got += ` mode=${policy.mode}`;
    }
    if (details.max_age !== undefined) {
      expected += ` max_age=${details.max_age}`;
      got += ` max_age=${policy.maxAge}`;
    }
    if (details.mx !== undefined) {
      expected += ` mx=${normalizeMx(details.mx)}`;
      got += ` mx=${normalizeMx(policy.mx)}`;
    }
  }
  return { expected, got, input };
}

function runPolicy(c: PolicyCase): Outcome {
  const body = c.body ?? (c.body_bytes_hex !== undefined ? hexToText(c.body_bytes_hex) : null);
  if (body === null) return { expected: '', got: '', input: '', skipped: 'no body and no body_bytes_hex' };
  const details = upstreamDetailsApply(c) ? (c.expect ?? null) : null;
  return policyOutcome(body, expectedValid(c), details, excerpt(body));
}

/** policy_fields hold a policy as fields, not a body: we write the body those fields describe. */
function runPolicyFields(c: PolicyFieldsCase): Outcome {
  const lines: string[] = [];
  if (c.fields.version !== undefined) lines.push(`version: ${c.fields.version}`);
  if (c.fields.mode !== undefined) lines.push(`mode: ${c.fields.mode}`);
  for (const mx of c.fields.mx ?? []) lines.push(`mx: ${mx}`);
  if (c.fields.max_age !== undefined) lines.push(`max_age: ${c.fields.max_age}`);
  const body = `${lines.join('\n')}\n`;
  return policyOutcome(body, expectedValid(c), null, excerpt(body));
}

const FIELD_BASELINE: Record<string, string> = {
  version: 'STSv1',
  mode: 'enforce',
  mx: 'mail.example.com',
  max_age: '86400',
};

/** field_value cases test one value: we put it into an otherwise valid policy body. */
function runFieldValue(c: FieldValueCase): Outcome {
  if (!Object.hasOwn(FIELD_BASELINE, c.field)) {
    return { expected: '', got: '', input: '', skipped: `unknown field ${c.field}` };
  }
  if (/^[ \t]|[ \t]$/.test(c.value)) {
    // RFC 8461 §3.2: in a body, WSP after ":" and at the end of a line belongs to the line syntax, so a value-level
    // whitespace case has no body equivalent.
    return {
      expected: '',
      got: '',
      input: '',
      skipped: 'leading/trailing whitespace is absorbed by the policy line syntax',
    };
  }
  const fields = { ...FIELD_BASELINE, [c.field]: c.value };
  const body = Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}\n`)
    .join('');
  return policyOutcome(body, expectedValid(c), null, excerpt(`${c.field}: ${c.value}`));
}

function mxHost(c: MxCase): string {
  if (c.host !== null) return c.host;
  if (c.host_bytes_hex !== undefined) return hexToText(c.host_bytes_hex);
  if (c.host_template !== undefined) {
    const t = c.host_template;
    return `${t.prefix ?? ''}${t.repeat.repeat(t.count)}${t.suffix ?? ''}`;
  }
  return '';
}

function runMx(c: MxCase): Outcome {
  const patterns = c.patterns ?? [c.pattern ?? null];
  const host = mxHost(c);
  // Corpus entries may hold null patterns: the matcher must simply not match them.
  const matched = patterns.some((p) => mxMatches(p as string, host));
  let want: boolean;
  let got: boolean;
  if (c.rfc_verdict?.match !== undefined) {
    want = c.rfc_verdict.match;
    got = matched;
  } else if (c.mode_aware) {
    // The upstream function answers "may we deliver?" (RFC 8461 §5): only enforce mode refuses a non-match.
    want = c.match;
    got = c.mode === 'enforce' ? matched : true;
  } else {
    want = c.match;
    got = matched;
  }
  const show = host.length > EXCERPT ? `${host.slice(0, 20)}…(${host.length} chars)` : host;
  return {
    expected: want ? 'match' : 'no match',
    got: got ? 'match' : 'no match',
    input: `${excerpt(patterns)} vs ${JSON.stringify(show)}`,
  };
}

function main(): number {
  const path = process.argv[2];
  if (path === undefined || path === '') {
    console.error('usage: npm run conformance -- <path to vectors.json>');
    return 2;
  }
  let corpus: Corpus;
  try {
    corpus = JSON.parse(readFileSync(path, 'utf8')) as Corpus;
  } catch (error) {
    console.error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }

  const sections: [string, BaseCase[], (c: never) => Outcome][] = [
    ['txt', corpus.txt ?? [], runTxt],
    ['policy', corpus.policy ?? [], runPolicy],
    ['policy_fields', corpus.policy_fields ?? [], runPolicyFields],
    ['field_value', corpus.field_value ?? [], runFieldValue],
    ['mx_match', corpus.mx_match ?? [], runMx],
  ];

  let agree = 0;
  let total = 0;
  let hardDisagreements = 0;
  const ambiguous: string[] = [];
  for (const [name, cases, run] of sections) {
    let sectionAgree = 0;
    let sectionTotal = 0;
    for (const c of cases) {
      let outcome: Outcome;
      try {
        outcome = run(c as never);
      } catch (error) {
        // Our parsers must never throw: a throw is a disagreement whatever the expected verdict.
        outcome = {
          expected: 'no exception',
          got: `threw ${error instanceof Error ? error.message : String(error)}`,
          input: '',
        };
      }
      if (outcome.skipped !== undefined) {
        console.log(`skipped   [${name}] ${c.id}: ${outcome.skipped}`);
        continue;
      }
      sectionTotal++;
      const same = outcome.expected === outcome.got;
      if (c.rfc_verdict?.ambiguous) {
        sectionAgree++;
        const reading = `RFC reading §${c.rfc_verdict.section ?? '?'}: ${c.rfc_verdict.reading ?? ''}`;
        ambiguous.push(
          `ambiguous [${name}] ${c.id}: our choice: ${outcome.got}${same ? ' (same as the reading)' : ` (reading says ${outcome.expected})`}; input ${outcome.input}; ${reading}`,
        );
      } else if (same) {
        sectionAgree++;
      } else {
        hardDisagreements++;
        console.log(
          `DISAGREE  [${name}] ${c.id}: input ${outcome.input}; expected ${outcome.expected}; got ${outcome.got}`,
        );
      }
    }
    console.log(`section ${name}: ${sectionAgree}/${sectionTotal} agree`);
    agree += sectionAgree;
    total += sectionTotal;
  }
  for (const line of ambiguous) console.log(line);
  const http = corpus.http?.length ?? 0;
  if (http > 0) {
    console.log(
      `skipped section http (${http} cases, not in N): it tests the fetch layer (status, media type, size cap), and its expectations mix sender semantics (reject) with checker semantics (fetch and warn) for the same inputs.`,
    );
  }
  console.log(`conformance: ${agree}/${total} agree`);
  return hardDisagreements === 0 ? 0 : 1;
}

process.exitCode = main();
