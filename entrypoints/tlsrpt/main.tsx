import { render } from 'preact';
import '../../components/styles.css';
import '../../components/tlsrpt/tlsrpt.css';
import { TlsRptPage } from '../../components/tlsrpt/TlsRptPage';
import { downloadText } from '../../utils/download';
import { hasHostAccess, requestHostAccess } from '../../utils/host-access';
import { createRunCheck } from '../../utils/popup-wiring';
import { createTlsRptStore } from '../../utils/tlsrpt-store';

// Today's check goes through the background, like the popup's; host access is asked for on the first click.
const check = createRunCheck(undefined);
const runCheck = async (domain: string) => {
  if (!(await hasHostAccess()) && !(await requestHostAccess())) {
    throw new Error('The extension needs access to websites to fetch the policy file.');
  }
  return (await check(domain, () => undefined)).report;
};

render(
  <TlsRptPage store={createTlsRptStore()} runCheck={runCheck} download={downloadText} />,
  document.getElementById('app') as HTMLElement,
);
