// The page's one door to Telegram: the WebApp SDK bundled from npm (no script
// from telegram.org), its BackButton and MainButton, haptics, and the signed
// initData. Outside Telegram (a plain browser) the SDK's calls do nothing.
import * as sdk from '@twa-dev/sdk';
import type { WebApp as WebAppType } from '@twa-dev/types';

// Loading the package runs Telegram's script, which defines
// window.Telegram.WebApp (the package's default export; a CommonJS default
// that bundlers unwrap differently, so it is read from window). The reference
// keeps the import: the package marks its entry as free of side effects.
if (!sdk) throw new Error('Telegram WebApp SDK missing');
const WebApp = (window as unknown as { Telegram: { WebApp: WebAppType } }).Telegram.WebApp;

export type Haptic = 'success' | 'warning' | 'error';

export const telegram = {
  initData: (): string => WebApp.initData,
  languageCode: (): string | undefined => WebApp.initDataUnsafe.user?.language_code,
  colorScheme: (): 'light' | 'dark' => WebApp.colorScheme,
  start(): void {
    WebApp.ready();
    WebApp.expand();
    // Telegram's header and background in the page's own background colour: one surface, as native screens look.
    if (WebApp.isVersionAtLeast('6.1')) {
      WebApp.setHeaderColor('secondary_bg_color');
      WebApp.setBackgroundColor('secondary_bg_color');
    }
    const scheme = () => document.documentElement.setAttribute('data-scheme', WebApp.colorScheme);
    scheme();
    WebApp.onEvent('themeChanged', scheme);
  },
  notify(kind: Haptic): void {
    if (WebApp.isVersionAtLeast('6.1')) WebApp.HapticFeedback.notificationOccurred(kind);
  },
  select(): void {
    if (WebApp.isVersionAtLeast('6.1')) WebApp.HapticFeedback.selectionChanged();
  },
  /** Shows the BackButton while `onBack` is set; returns the undo. */
  back(onBack: () => void): () => void {
    if (!WebApp.isVersionAtLeast('6.1')) return () => undefined;
    WebApp.BackButton.onClick(onBack);
    WebApp.BackButton.show();
    return () => {
      WebApp.BackButton.offClick(onBack);
      WebApp.BackButton.hide();
    };
  },
  /** Shows the MainButton with a text and an action; returns the undo. */
  main(text: string, onClick: () => void, busy = false): () => void {
    const b = WebApp.MainButton;
    b.setParams({ text, is_visible: true, is_active: !busy });
    if (busy) b.showProgress(false);
    else b.hideProgress();
    b.onClick(onClick);
    return () => {
      b.offClick(onClick);
      b.hideProgress();
      b.hide();
    };
  },
  /** Telegram's second bottom button (Bot API 7.10+), beside the MainButton; returns the undo, or undefined when the client has none. */
  secondary(text: string, onClick: () => void, busy = false): (() => void) | undefined {
    if (!WebApp.isVersionAtLeast('7.10')) return undefined;
    const b = WebApp.SecondaryButton;
    b.setParams({ text, is_visible: true, is_active: !busy, position: 'left', text_color: WebApp.themeParams.destructive_text_color ?? '#e53935' });
    b.onClick(onClick);
    return () => {
      b.offClick(onClick);
      b.hide();
    };
  },
  alert(message: string): void {
    if (WebApp.isVersionAtLeast('6.2')) WebApp.showAlert(message);
  },
};
