// The list to audit: pasted text or a .txt/.csv file, parsed as the admin types, with every line we cannot use
// and why, before anything is checked.
import { useMemo, useRef, useState } from 'preact/hooks';
import {
  type CsvTable,
  type ParsedList,
  parseCsv,
  parseCsvColumn,
  parseDomainList,
} from '../../lib/audit/parse-list';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../lib/audit/run-audit';

export interface AuditInputProps {
  /** True while a run is going: the list cannot change under it. */
  disabled: boolean;
  /** `inputs[i]` is where `domains[i]` came from (the line or CSV row as given). */
  onRun(domains: string[], concurrency: number, inputs: string[]): void;
}

/** A list of a few thousand domains is well under this; anything bigger is not a domain list. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rejected lines listed one by one; past this, only their number. */
const MAX_REJECTED_SHOWN = 100;

interface CsvSource {
  fileName: string;
  table: CsvTable;
  column: number;
}

export function parseConcurrency(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= MAX_CONCURRENCY ? n : null;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A sample cell so the admin can tell columns apart without opening the file. */
function columnLabel(table: CsvTable, index: number): string {
  const name = table.columns[index] ?? `Column ${index + 1}`;
  const sample = table.rows.find((r) => (r[index] ?? '').trim() !== '')?.[index]?.trim();
  if (!sample) return name;
  const short = sample.length > 40 ? `${sample.slice(0, 39)}…` : sample;
  return `${name} (e.g. ${short})`;
}

export function AuditInput({ disabled, onRun }: AuditInputProps) {
  const [text, setText] = useState('');
  const [keepExactHosts, setKeepExactHosts] = useState(false);
  const [csv, setCsv] = useState<CsvSource | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [concurrencyText, setConcurrencyText] = useState(String(DEFAULT_CONCURRENCY));
  const fileInput = useRef<HTMLInputElement>(null);

  const parsed: ParsedList = useMemo(
    () =>
      csv
        ? parseCsvColumn(csv.table, csv.column, { keepExactHosts })
        : parseDomainList(text, { keepExactHosts }),
    [text, csv, keepExactHosts],
  );
  const concurrency = parseConcurrency(concurrencyText);
  const hasInput = csv !== null || text.trim() !== '';
  const canRun = !disabled && parsed.domains.length > 0 && concurrency !== null;

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    // Clearing the picker lets the same file be chosen again after an edit.
    input.value = '';
    if (!file) return;
    setFileNote(null);
    setFileError(null);
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 5 MB, which is far more than a list of domains needs.`);
      return;
    }
    let content: string;
    try {
      content = await file.text();
    } catch {
      setFileError(`${file.name} could not be read.`);
      return;
    }
    if (/\.csv$/i.test(file.name) || file.type === 'text/csv') {
      const table = parseCsv(content);
      setCsv({ fileName: file.name, table, column: table.suggestedColumn });
    } else {
      setCsv(null);
      setText(content);
      setFileNote(`Loaded ${file.name} into the box above; you can edit it there.`);
    }
  };

  return (
    <form
      class="audit-input"
      aria-labelledby="audit-input-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (canRun && concurrency !== null) onRun(parsed.domains, concurrency, parsed.inputs);
      }}
    >
      <h2 id="audit-input-heading">Domains to check</h2>
      <fieldset disabled={disabled}>
        <legend class="visually-hidden">List of domains</legend>
        {csv ? (
          <div class="audit-csv" data-testid="audit-csv">
            <p>
              From <strong>{csv.fileName}</strong>: {plural(csv.table.rows.length, 'row', 'rows')}.{' '}
              <button
                type="button"
                class="button-link"
                onClick={() => {
                  setCsv(null);
                  fileInput.current?.focus();
                }}
              >
                Use the text box instead
              </button>
            </p>
            <label class="audit-field">
              <span>Column with the domains, web or e-mail addresses</span>
              <select
                data-testid="audit-column"
                value={String(csv.column)}
                onChange={(e) => setCsv({ ...csv, column: Number(e.currentTarget.value) })}
              >
                {csv.table.columns.map((_, i) => (
                  <option key={String(i)} value={String(i)}>
                    {columnLabel(csv.table, i)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : (
          <label class="audit-field">
            <span>
              Domains, web addresses or e-mail addresses: one per line, or separated by commas or spaces
            </span>
            <textarea
              data-testid="audit-input"
              rows={8}
              spellcheck={false}
              autocapitalize="off"
              placeholder={'example.com\nhttps://www.example.org/contact\npostmaster@example.net'}
              value={text}
              onInput={(e) => {
                setText(e.currentTarget.value);
                setFileNote(null);
              }}
            />
          </label>
        )}
        <label class="audit-field">
          <span>Or load a .txt or .csv file</span>
          <input
            ref={fileInput}
            data-testid="audit-file"
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            aria-describedby={fileError ? 'audit-file-error' : undefined}
            onChange={(e) => void onFile(e.currentTarget)}
          />
        </label>
        {fileNote && <p class="hint">{fileNote}</p>}
        {fileError && (
          <p id="audit-file-error" class="field-error" role="alert">
            {fileError}
          </p>
        )}
        <label class="audit-check">
          <input
            type="checkbox"
            data-testid="audit-keep-hosts"
            checked={keepExactHosts}
            aria-describedby="audit-keep-hosts-hint"
            onChange={(e) => setKeepExactHosts(e.currentTarget.checked)}
          />{' '}
          Keep exact hosts
        </label>
        <p id="audit-keep-hosts-hint" class="hint">
          Off: web addresses and host names are reduced to the domain that receives the mail (
          <code>https://www.shop.example.co.uk/</code> → <code>example.co.uk</code>). On: each host is checked
          as written. An e-mail address always gives the domain after the @.
        </p>
        <label class="audit-field audit-concurrency">
          <span>Checks at a time (1–32)</span>
          <input
            type="number"
            data-testid="audit-concurrency"
            min="1"
            max={String(MAX_CONCURRENCY)}
            step="1"
            value={concurrencyText}
            aria-invalid={concurrency === null ? true : undefined}
            aria-describedby={concurrency === null ? 'audit-concurrency-error' : undefined}
            onInput={(e) => setConcurrencyText(e.currentTarget.value)}
          />
        </label>
        {concurrency === null && (
          <p id="audit-concurrency-error" class="field-error" role="alert">
            Enter a whole number from 1 to 32.
          </p>
        )}
      </fieldset>

      {hasInput && <ParseSummary parsed={parsed} />}

      <div class="actions">
        <button type="submit" class="button button-primary" data-testid="audit-run" disabled={!canRun}>
          {parsed.domains.length > 0
            ? `Check ${plural(parsed.domains.length, 'domain', 'domains')}`
            : 'Check'}
        </button>
      </div>
    </form>
  );
}

function ParseSummary({ parsed }: { parsed: ParsedList }) {
  const { domains, duplicates, rejected } = parsed;
  return (
    <div class="audit-summary" data-testid="audit-parse-summary">
      <p data-testid="audit-parse-counts">
        <strong>{plural(domains.length, 'domain', 'domains')}</strong> to check
        {duplicates > 0 && <>, {plural(duplicates, 'duplicate', 'duplicates')} removed</>}
        {rejected.length > 0 && <>, {plural(rejected.length, 'entry', 'entries')} not usable</>}.
      </p>
      {rejected.length > 0 && (
        <details class="audit-rejected" open={rejected.length <= 10}>
          <summary>Entries that are not a domain, web or e-mail address</summary>
          <ul>
            {rejected.slice(0, MAX_REJECTED_SHOWN).map((r, i) => (
              <li key={String(i)} data-testid="audit-rejected">
                Line {r.line}: <code>{r.input}</code> — {r.reason}
              </li>
            ))}
          </ul>
          {rejected.length > MAX_REJECTED_SHOWN && (
            <p class="muted">…and {(rejected.length - MAX_REJECTED_SHOWN).toLocaleString('en')} more.</p>
          )}
        </details>
      )}
    </div>
  );
}
