// The domains to check, from the arguments and the --input file or stdin, read exactly as the audit page reads a
// pasted list or a CSV column (lib/audit/parse-list.ts). Entries that are not domains are kept with where
// they were, for one message each.
import {
  type CsvTable,
  type ParsedList,
  parseCsv,
  parseCsvColumn,
  parseDomainList,
} from '../lib/audit/parse-list';
import { type CliIo, readText } from './io';
import type { CheckOptions } from './options';

export interface Rejected {
  /** "argument 2", "stdin line 5", "vendors.csv line 12". */
  where: string;
  input: string;
  reason: string;
}

export interface DomainInput {
  domains: string[];
  /** Where each domain came from, exactly as given (the CSV's `input` column), by domain. */
  inputs: Map<string, string>;
  rejected: Rejected[];
  duplicates: number;
  /** Things worth saying on stderr (which CSV column was read). */
  notes: string[];
}

type Options = Pick<CheckOptions, 'entries' | 'input' | 'column' | 'exact'>;

/** Finds the column by header name (any case) or 1-based number; null when the table has no such column. */
export function findColumn(table: CsvTable, column: string): number | null {
  if (/^\d+$/.test(column)) {
    const index = Number(column) - 1;
    return index >= 0 && index < table.columns.length ? index : null;
  }
  const wanted = column.trim().toLowerCase();
  const index = table.columns.findIndex((name) => name.trim().toLowerCase() === wanted);
  return index === -1 ? null : index;
}

async function readInput(
  path: string,
  options: Options,
  io: CliIo,
): Promise<{ list: ParsedList; note?: string } | { error: string }> {
  const name = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = await readText(io, path);
  } catch (e) {
    return { error: `cannot read ${name}: ${(e as Error).message}` };
  }
  const parseOptions = { keepExactHosts: options.exact };
  if (options.column === null && !/\.csv$/i.test(path)) return { list: parseDomainList(text, parseOptions) };

  const table = parseCsv(text);
  if (options.column === null) {
    const column = table.suggestedColumn;
    return {
      list: parseCsvColumn(table, column, parseOptions),
      note: `reading column ${column + 1} ("${table.columns[column] ?? ''}") of ${name}; choose another with --column`,
    };
  }
  const column = findColumn(table, options.column);
  if (column === null) {
    const names = table.columns.map((c, i) => `${i + 1} "${c}"`).join(', ');
    return { error: `${name} has no column "${options.column}"; its columns: ${names || 'none'}` };
  }
  return { list: parseCsvColumn(table, column, parseOptions) };
}

export async function collectDomains(options: Options, io: CliIo): Promise<DomainInput | { error: string }> {
  // Each argument is one "line" of a list, so a rejected argument is named by its position.
  const lists: Array<{ list: ParsedList; where: (line: number) => string }> = [];
  if (options.entries.length > 0) {
    lists.push({
      list: parseDomainList(options.entries.join('\n'), { keepExactHosts: options.exact }),
      where: (line) => `argument ${line}`,
    });
  }
  const notes: string[] = [];
  if (options.input !== null) {
    const read = await readInput(options.input, options, io);
    if ('error' in read) return read;
    const name = options.input === '-' ? 'stdin' : options.input;
    lists.push({ list: read.list, where: (line) => `${name} line ${line}` });
    if (read.note) notes.push(read.note);
  }

  const seen = new Set<string>();
  const result: DomainInput = { domains: [], inputs: new Map(), rejected: [], duplicates: 0, notes };
  for (const { list, where } of lists) {
    result.duplicates += list.duplicates;
    for (const r of list.rejected)
      result.rejected.push({ where: where(r.line), input: r.input, reason: r.reason });
    for (const [i, domain] of list.domains.entries()) {
      if (seen.has(domain)) result.duplicates += 1;
      else {
        seen.add(domain);
        result.domains.push(domain);
        const source = list.inputs[i];
        if (source !== undefined) result.inputs.set(domain, source);
      }
    }
  }
  return result;
}
