// RFC 8461 productions shared by the record parser, the policy parser and the fix suggestions: one place
// for each rule, the RFC text beside it.

/** §3.1: sts-id = 1*32(ALPHA / DIGIT) */
export const STS_ID = /^[A-Za-z0-9]{1,32}$/;

/**
 * §3.1 sts-ext-name and §3.2 sts-policy-ext-name (the same production):
 * (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
 */
export const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** §3.1 sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): visible ASCII except ";" and "=". */
export const RECORD_EXT_VALUE = /^[\x21-\x3A\x3C\x3E-\x7E]+$/;

/** §3.2: "max_age: Max lifetime of the policy (plain-text non-negative integer seconds, maximum value of 31557600)". */
export const MAX_AGE_MAX = 31_557_600;
