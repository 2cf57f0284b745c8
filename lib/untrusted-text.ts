// Network text (TXT records, policy bodies, server messages) may hold control characters; reports show them as
// \xNN instead of letting them act (terminal escape sequences, text hidden by a carriage return).

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it finds
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** TAB and LF stay; so does CR when the caller turns line ends into LF itself (`keepCarriageReturn`). */
export function escapeControlCharacters(
  text: string,
  options: { keepCarriageReturn?: boolean } = {},
): string {
  return text.replace(CONTROLS, (c) =>
    c === '\r' && options.keepCarriageReturn ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * JSON in which no character the escaper above would show as \xNN travels raw: JSON.stringify already escapes
 * C0 controls inside strings; DEL and the C1 controls become \uXXXX escapes too. The parsed value is unchanged.
 */
export function toSafeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(
    CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
