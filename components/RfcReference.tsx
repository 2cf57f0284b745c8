// "RFC 8461 §3.1" as a link to that section on rfc-editor.org; anything else as plain text.
export function RfcReference({ rfc }: { rfc: string }) {
  const match = /^RFC\s*(\d{3,5})(?:\s*§\s*([\d.]*\d))?$/.exec(rfc.trim());
  if (!match) return <span>{rfc}</span>;
  const [, number, section] = match;
  const href = `https://www.rfc-editor.org/rfc/rfc${number}${section ? `#section-${section}` : ''}`;
  return (
    <a href={href} target="_blank" rel="noreferrer">
      {rfc}
    </a>
  );
}
