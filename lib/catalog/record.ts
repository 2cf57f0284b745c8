import { EXAMPLE_ID } from '../examples';
import type { CodeInfo } from './types';

// Finding codes emitted by the record area (lib/mta-sts/record.ts, RFC 8461 §3.1): what each means and how to fix it.
export const recordCodes = {
  'record.valid': {
    title: 'The _mta-sts TXT record is valid',
  },
  'record.missing': {
    title: 'No _mta-sts TXT record: the domain does not use MTA-STS',
    fix: `Publish the policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt first, then add one TXT record at _mta-sts.<domain> such as "v=STSv1; id=${EXAMPLE_ID}".`,
  },
  'record.multiple': {
    title: 'More than one MTA-STS TXT record, so senders ignore all of them',
    fix: 'Keep exactly one TXT record starting with "v=STSv1;" at _mta-sts.<domain> and delete the others. Give the one you keep a new id so senders refetch the policy.',
  },
  'record.invalid': {
    title: 'The _mta-sts TXT record is malformed, so senders ignore it',
    fix: `Replace it with a record of the form "v=STSv1; id=${EXAMPLE_ID}": it must start with exactly "v=STSv1", fields are name=value separated by ";", and the id is 1 to 32 letters and digits (no dashes, dots or spaces).`,
  },
  'record.discarded': {
    title: 'An extra TXT record looks like MTA-STS but senders ignore it',
    fix: 'Delete the malformed record from _mta-sts.<domain> so that only the valid "v=STSv1; …" record remains; it only causes confusion.',
  },
  'record.field.duplicate': {
    title: 'A field appears twice in the _mta-sts record',
    fix: 'Keep each field once, e.g. a single "id=". Senders that follow RFC 8461 use the first value, but stricter ones reject the whole record.',
  },
  'record.whitespace.trailing': {
    title: 'The _mta-sts record ends with whitespace, which strict parsers reject',
    fix: 'Remove the spaces or tabs at the end of the TXT value (check the quotes in your DNS editor or zone file), or end the record with ";".',
  },
  'record.whitespace.version': {
    title: 'Whitespace between "v=STSv1" and ";" can make senders discard the record',
    fix: 'Write the start of the record exactly as "v=STSv1;" with no space before the semicolon.',
  },
} as const satisfies Record<string, CodeInfo>;
