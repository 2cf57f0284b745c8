// The popup's footer: what MTA-STS is, and links to the options and the bulk audit.
import { PageLink } from './PageLink';

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
        <PageLink href="/options.html" onOpen={openOptions}>
          Options
        </PageLink>
      )}
      {openAudit && (
        <PageLink href="/audit.html" onOpen={openAudit}>
          Audit a list of domains
        </PageLink>
      )}
    </footer>
  );
}
