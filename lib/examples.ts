// Example values shown in fixes and catalogue texts, kept in one place so the text beside a snippet never
// names another mailbox or id than the snippet itself.

/** The local part of the TLS-RPT report mailbox we suggest (rua=mailto:tlsrpt@<domain>). */
export const TLSRPT_MAILBOX = 'tlsrpt';
/** An example _mta-sts id where no real, fresh one can be given (texts without a check behind them). */
export const EXAMPLE_ID = '20240101T000000';
