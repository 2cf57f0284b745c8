// Turns what an admin pastes or uploads (a list of domains, a column of a spreadsheet export) into the list of
// domains a bulk audit checks, and lists every piece of text that is not a domain with the reason.
import Papa from 'papaparse';
import { normalizeDomain } from '../input/domain';
import { normalizeHostname } from '../input/hostname';

export interface RejectedLine {
  /** 1-based line in the pasted text or the CSV file. */
  line: number;
  /** The piece of text as written (shortened when very long). */
  input: string;
  reason: string;
}

export interface ParsedList {
  /** Normalised A-label domains, each once, in the order first seen. */
  domains: string[];
  /**
   * For each domain (same index), where it came from: the pasted line as written (trimmed), or the CSV row's
   * cells joined by ", " so a vendor's name beside its domain is kept.
   */
  inputs: string[];
  rejected: RejectedLine[];
  /** How many entries were dropped because they named a domain already in the list. */
  duplicates: number;
}

export interface ParseListOptions {
  /** Check host names and URLs as written (www.example.com) instead of their registrable domain (example.com). */
  keepExactHosts?: boolean;
}

export interface CsvTable {
  /** Header names, or "Column 1"… when the file has no header row. */
  columns: string[];
  /** Data rows (without the header), each padded to `columns.length` cells. */
  rows: string[][];
  hasHeader: boolean;
  /** The column whose cells look most like domains, URLs or e-mail addresses (0 when nothing does). */
  suggestedColumn: number;
  /** The 1-based line of the file each row starts on, for rejection messages (quoted fields may span lines). */
  rowLines?: number[];
}

const MAX_SHOWN_INPUT = 200;
const BOM = '\ufeff';
// A URL with a scheme ("https://user@host/") is a web address even when it contains an @.
const URL_WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['“', '”'],
  ['‘', '’'],
];
const HEADER_WORDS = /domain|mail|url|web|site|host|homepage|address|link/i;

/**
 * One entry per line, or several separated by commas, semicolons, spaces or tabs. A byte order mark, blank
 * lines and comments (from a "#" at the start of a line or after a space) are ignored. An e-mail address stands
 * for its own domain (the part after @ is where mail goes, so where MTA-STS is published); URLs and host names
 * are reduced to their registrable domain unless `keepExactHosts`. Duplicates are dropped after normalisation.
 */
export function parseDomainList(text: string, options: ParseListOptions = {}): ParsedList {
  const collector = createCollector(options);
  const lines = stripBom(typeof text === 'string' ? text : '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    for (const field of splitEntries(line)) collector.addField(field, index + 1, raw.trim());
  });
  return collector.result();
}

/** Reads a CSV export (quoted fields, BOM, CRLF, comma/semicolon/tab separated) into a table to pick a column from. */
export function parseCsv(text: string): CsvTable {
  const source = stripBom(typeof text === 'string' ? text : '');
  const records: Array<{ cells: string[]; line: number }> = [];
  let start = 0;
  let line = 1;
  // Papa's delimiter guess counts blank lines as one-field rows and then falls back to a comma, so guess on
  // the non-blank lines first; the real parse keeps blank lines so that line numbers stay right.
  const delimiter = Papa.parse<string[]>(source, { skipEmptyLines: 'greedy', preview: 50 }).meta.delimiter;
  Papa.parse<string[]>(source, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      // meta.cursor is the offset just after the record (its line break included): the next record starts there.
      const end = result.meta.cursor;
      const cells = result.data.map((c) => String(c ?? ''));
      if (cells.some((c) => c.trim() !== '')) records.push({ cells, line });
      line += countLineBreaks(source.slice(start, end));
      start = end;
    },
  });

  const width = records.reduce((max, r) => Math.max(max, r.cells.length), 0);
  const first = records[0];
  const firstLooksLikeData = first?.cells.some(looksLikeAddress) ?? false;
  const restHasAddresses = records.slice(1).some((r) => r.cells.some(looksLikeAddress));
  const hasHeader =
    first !== undefined &&
    !firstLooksLikeData &&
    (first.cells.some((c) => HEADER_WORDS.test(c)) || restHasAddresses);

  const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  const dataRecords = hasHeader ? records.slice(1) : records;
  const columns = Array.from({ length: width }, (_, i) => {
    const name = hasHeader ? (first?.cells[i]?.trim() ?? '') : '';
    return name === '' ? `Column ${i + 1}` : name;
  });
  const rows = dataRecords.map((r) => pad(r.cells));
  return {
    columns,
    rows,
    hasHeader,
    suggestedColumn: suggestColumn(columns, rows, hasHeader),
    rowLines: dataRecords.map((r) => r.line),
  };
}

/** The domains in one column of a parsed CSV; a cell may hold several entries ("a@x.com; b@y.org"). */
export function parseCsvColumn(table: CsvTable, column: number, options: ParseListOptions = {}): ParsedList {
  const collector = createCollector(options);
  table.rows.forEach((row, index) => {
    const cell = row[column];
    if (cell === undefined) return;
    const line = table.rowLines?.[index] ?? index + 1 + (table.hasHeader ? 1 : 0);
    const source = row
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .join(', ');
    for (const field of splitEntries(cell)) collector.addField(field, line, source);
  });
  return collector.result();
}

/** One comma- or semicolon-separated field and the entries found in it. */
interface Field {
  text: string;
  entries: string[];
}

function createCollector(options: ParseListOptions) {
  const seen = new Set<string>();
  const domains: string[] = [];
  const inputs: string[] = [];
  const rejected: RejectedLine[] = [];
  let duplicates = 0;
  return {
    /** One field's entries; a field of several words none of which is a domain is rejected as a whole. */
    addField(field: Field, line: number, source: string) {
      const results = field.entries.map((entry) => ({ entry, normalized: normalizeDomain(entry) }));
      if (results.length > 1 && results.every((r) => !r.normalized.ok)) {
        // The field holds spaces, so as a whole it is never a domain: its error names the problem (a space).
        const whole = normalizeDomain(field.text);
        rejected.push({
          line,
          input: shorten(field.text),
          reason: whole.ok ? 'This is not a list of domains.' : whole.error,
        });
        return;
      }
      for (const { entry, normalized } of results) {
        if (!normalized.ok) {
          rejected.push({ line, input: shorten(entry), reason: normalized.error });
          continue;
        }
        const domain =
          isEmailAddress(entry) || options.keepExactHosts ? normalized.domain : normalized.registrable;
        if (seen.has(domain)) {
          duplicates += 1;
          continue;
        }
        seen.add(domain);
        domains.push(domain);
        inputs.push(source);
      }
    },
    result(): ParsedList {
      return { domains, inputs, rejected, duplicates };
    },
  };
}

/**
 * Splits one line (or one CSV cell) into entries: commas and semicolons separate fields, honouring double
 * quotes as in CSV; inside an unquoted field, spaces and tabs separate entries. "Jane Doe <jane@example.com>"
 * (as copied from a mail client's address field) yields only the address.
 */
function splitEntries(text: string): Field[] {
  const fields: Field[] = [];
  for (const { value, quoted } of splitFields(text)) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const angle = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]?.trim() ?? '').filter((a) => a !== '');
    const entries =
      angle.length > 0
        ? angle
        : quoted
          ? [trimmed]
          : trimmed
              .split(/\s+/)
              .map(unquote)
              .filter((e) => e !== '');
    if (entries.length > 0) fields.push({ text: trimmed, entries });
  }
  return fields;
}

function splitFields(text: string): Array<{ value: string; quoted: boolean }> {
  const fields: Array<{ value: string; quoted: boolean }> = [];
  let value = '';
  let quoted = false;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (ch === '"') {
        inQuotes = false;
      } else {
        value += ch;
      }
    } else if (ch === '"' && value.trim() === '') {
      // RFC 4180 §2: a field is quoted when it starts with a double quote.
      inQuotes = true;
      quoted = true;
      value = '';
    } else if (ch === ',' || ch === ';') {
      fields.push({ value, quoted });
      value = '';
      quoted = false;
    } else {
      value += ch;
    }
  }
  fields.push({ value, quoted });
  return fields;
}

function unquote(token: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (token.length >= 2 && token.startsWith(open) && token.endsWith(close))
      return token.slice(1, -1).trim();
  }
  return token;
}

function isEmailAddress(token: string): boolean {
  if (/^mailto:/i.test(token)) return true;
  return !URL_WITH_SCHEME.test(token) && token.includes('@');
}

function looksLikeAddress(cell: string): boolean {
  return splitEntries(cell).some((field) => field.entries.some((entry) => normalizeHostname(entry).ok));
}

// The column with the most cells that read as domains, URLs or e-mail addresses; on a tie, one whose header
// says so ("Email", "Website"), then the leftmost.
function suggestColumn(columns: string[], rows: string[][], hasHeader: boolean): number {
  let best = 0;
  let bestScore = -1;
  columns.forEach((name, index) => {
    const matches = rows.filter((row) => looksLikeAddress(row[index] ?? '')).length;
    const score = matches * 2 + (hasHeader && HEADER_WORDS.test(name) ? 1 : 0);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function shorten(s: string): string {
  return s.length > MAX_SHOWN_INPUT ? `${s.slice(0, MAX_SHOWN_INPUT - 1)}…` : s;
}
