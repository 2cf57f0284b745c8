// Where report files come in: a file picker (many at once) and a drop area around it.
import { useState } from 'preact/hooks';

export interface TlsRptDropZoneProps {
  busy: boolean;
  onFiles(files: File[]): void;
}

export function TlsRptDropZone({ busy, onFiles }: TlsRptDropZoneProps) {
  const [over, setOver] = useState(false);
  return (
    <section
      class={`tlsrpt-drop${over ? ' tlsrpt-drop-over' : ''}`}
      aria-labelledby="tlsrpt-drop-heading"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length > 0) onFiles(files);
      }}
    >
      <h2 id="tlsrpt-drop-heading">Add reports</h2>
      <p>
        Drop the report files here, or{' '}
        <label class="tlsrpt-pick">
          <span class="button">choose files</span>
          <input
            type="file"
            multiple
            class="visually-hidden"
            data-testid="tlsrpt-file"
            disabled={busy}
            accept=".json,.gz,.eml,.txt,application/json,application/gzip,message/rfc822,application/tlsrpt+gzip,application/tlsrpt+json"
            onChange={(e) => {
              const input = e.currentTarget;
              const files = [...(input.files ?? [])];
              // Cleared so the same files can be picked again.
              input.value = '';
              if (files.length > 0) onFiles(files);
            }}
          />
        </label>
        . A month of reports at once is fine: <code>.json</code>, <code>.json.gz</code> or the e-mails (
        <code>.eml</code>) as your mail program saves them.
      </p>
    </section>
  );
}
