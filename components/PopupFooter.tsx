// The popup's footer: what MTA-STS is, and links to the options and the bulk audit.

export interface PopupFooterProps {
  /** The Options link is left out when the report on screen carries it among its actions. */
  showOptions: boolean;
  openOptions(): void;
  /** Opens the bulk audit page; the link is left out without it. */
  openAudit?: () => void;
}

export function PopupFooter({ showOptions, openOptions, openAudit }: PopupFooterProps) {
  return (
    <footer class="popup-footer">
      <p class="about muted" data-testid="about">
        What is MTA-STS? A DNS record and a policy file with which a domain tells senders to deliver its mail
        only over verified TLS (
        <a href="https://www.rfc-editor.org/rfc/rfc8461" target="_blank" rel="noreferrer">
          RFC 8461
        </a>
        ).
      </p>
      {showOptions && (
        <a
          href="/options.html"
          onClick={(e) => {
            e.preventDefault();
            openOptions();
          }}
        >
          Options
        </a>
      )}
      {openAudit && (
        <a
          href="/audit.html"
          onClick={(e) => {
            e.preventDefault();
            openAudit();
          }}
        >
          Audit a list of domains
        </a>
      )}
    </footer>
  );
}
