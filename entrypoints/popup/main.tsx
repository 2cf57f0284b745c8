import { render } from 'preact';
import '../../components/styles.css';
import { PermissionGate } from '../../components/PermissionGate';
import { PopupApp } from '../../components/PopupApp';
import { sendMessage } from '../../utils/messaging';
import {
  copyText,
  createRunCheck,
  hasHostAccess,
  openAudit,
  openOptions,
  requestHostAccess,
  resolvePopupTarget,
} from '../../utils/popup-wiring';

// Asked once: the gate shows "Grant access" when it is missing, and no check starts until it is known.
const access = hasHostAccess().catch(() => true);

resolvePopupTarget(location.search).then((target) => {
  render(
    <PermissionGate hasAccess={() => access} requestAccess={requestHostAccess}>
      <PopupApp
        initialDomain={target.initialDomain}
        tab={target.tab}
        hint={target.hint}
        runCheck={createRunCheck(target.tabId, () => access)}
        openOptions={openOptions}
        openAudit={openAudit}
        copyText={copyText}
        normalize={(input) => sendMessage('normalize', { input })}
      />
    </PermissionGate>,
    document.getElementById('app') as HTMLElement,
  );
});
