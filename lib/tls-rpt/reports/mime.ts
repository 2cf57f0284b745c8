// A TLS report mailed as RFC 8460 §5.3 asks: multipart/report with the report as an application/tlsrpt+gzip or
// application/tlsrpt+json part. The message itself is parsed by postal-mime (folded headers, base64 and
// quoted-printable bodies, nested multiparts); this module only picks the part that holds the report.
import PostalMime, { type Attachment } from 'postal-mime';

export type ReportPart =
  | { ok: true; bytes: Uint8Array; label: string; warnings: string[] }
  | { ok: false; error: string };

const REGISTERED = new Set(['application/tlsrpt+gzip', 'application/tlsrpt+json']);
// Seen in the wild (and in RFC drafts): the media type without its +json / +gzip suffix.
const TLSRPT_LIKE = /^application\/tlsrpt\b/;
// Reporters that label the part generically still name the file after RFC 8460 §5.1 (…json or …json.gz).
const GENERIC_TYPES = new Set([
  'application/gzip',
  'application/x-gzip',
  'application/json',
  'application/octet-stream',
  'text/plain',
  'text/json',
]);
const REPORT_FILE_NAME = /\.(json|json\.gz|gz)$/i;

function toBytes(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function describe(part: Attachment): string {
  return part.filename ? `The attachment "${part.filename}"` : `The ${part.mimeType} part`;
}

export async function extractReportPart(bytes: Uint8Array): Promise<ReportPart> {
  let attachments: Attachment[];
  try {
    ({ attachments } = await PostalMime.parse(bytes, {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: 20,
    }));
  } catch (e) {
    return { ok: false, error: `This e-mail message could not be read: ${(e as Error).message}` };
  }
  const warnings: string[] = [];
  let candidates = attachments.filter((a) => TLSRPT_LIKE.test(a.mimeType));
  if (candidates.length === 0) {
    candidates = attachments.filter(
      (a) => GENERIC_TYPES.has(a.mimeType) && a.filename !== null && REPORT_FILE_NAME.test(a.filename),
    );
    const [first] = candidates;
    if (first) {
      warnings.push(
        `The report is attached as ${first.mimeType}; RFC 8460 §5.3 asks for application/tlsrpt+gzip or application/tlsrpt+json. It was read from its file name.`,
      );
    }
  }
  const [part] = candidates;
  if (!part) {
    return {
      ok: false,
      error:
        attachments.length === 0
          ? 'This e-mail message has no attachment, so it carries no TLS report (expected an application/tlsrpt+gzip or application/tlsrpt+json part).'
          : `This e-mail message carries no TLS report: none of its ${attachments.length} attachment(s) is an application/tlsrpt+gzip or application/tlsrpt+json part.`,
    };
  }
  if (TLSRPT_LIKE.test(part.mimeType) && !REGISTERED.has(part.mimeType)) {
    warnings.push(
      `The report part is labelled ${part.mimeType}; RFC 8460 §6 registers only application/tlsrpt+gzip and application/tlsrpt+json.`,
    );
  }
  if (candidates.length > 1) {
    warnings.push(
      `The message carries ${candidates.length} report parts; only the first was read. Save the others as separate files to import them.`,
    );
  }
  return { ok: true, bytes: toBytes(part.content), label: describe(part), warnings };
}
