// The popup's static shell as HTML, for wxt.config.ts to write into popup.html at build time.
import { renderToString } from 'preact-render-to-string';
import { PopupShell } from '../components/PopupShell';

export const renderPopupShell = (): string => renderToString(<PopupShell />);
