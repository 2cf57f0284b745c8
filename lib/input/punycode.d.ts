// punycode.js ships no types; the two functions used here (RFC 3492 Punycode of one label, without "xn--").
declare module 'punycode.js' {
  export function decode(input: string): string;
  export function encode(input: string): string;
}
