// What the popup shows before its script runs: the layout of a check that is starting, without a domain yet.
// It is written into popup.html when the extension is built (scripts/popup-shell.tsx, wxt.config.ts), because
// in Chrome an extension page's script runs about 15 ms after the page is parsed, and the first frame would
// otherwise wait for it. The popup's script replaces it with PopupApp as soon as it runs: the tab's domain and
// its check, a form for a tab that is not a website, an audit row's stored report, or the request for access.

import { DomainForm } from './DomainForm';
import { PopupFooter } from './PopupFooter';
import { StatusHeader } from './StatusHeader';
import { StepList } from './StepList';

const nothing = () => {};

export function PopupShell() {
  return (
    <main class="popup">
      <h1 class="visually-hidden">MTA-STS Checker</h1>
      <DomainForm onSubmit={nothing} />
      <StatusHeader status="RUNNING" domain={null} summary="Finding the domain to check…" />
      <StepList progress={[]} />
      <PopupFooter showOptions openOptions={nothing} openAudit={nothing} />
    </main>
  );
}
