import { render } from 'preact';
import '../../components/styles.css';
import { PermissionGate } from '../../components/PermissionGate';
import { PopupApp } from '../../components/PopupApp';
import {
  copyText,
  createRunCheck,
  hasHostAccess,
  openOptions,
  requestHostAccess,
  resolvePopupTarget,
} from '../../utils/popup-wiring';

resolvePopupTarget(location.search).then((target) => {
  render(
    <PermissionGate hasAccess={hasHostAccess} requestAccess={requestHostAccess}>
      <PopupApp
        initialDomain={target.initialDomain}
        tab={target.tab}
        hint={target.hint}
        runCheck={createRunCheck(target.tabId)}
        openOptions={openOptions}
        copyText={copyText}
      />
    </PermissionGate>,
    document.getElementById('app') as HTMLElement,
  );
});
