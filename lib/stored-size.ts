// The size of a value as extension storage keeps it (its JSON, in UTF-8 bytes): the one measure behind every
// byte cap on stored data (history, audit reports).

const encoder = new TextEncoder();

export function storedBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
