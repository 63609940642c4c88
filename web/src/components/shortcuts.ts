// Single-key shortcuts, ignored while a text field, a select or a dialog has the focus.
import { useEffect } from 'preact/hooks';

export const QUEUE_SHORTCUTS: [string, string][] = [
  ['j', 'select the next case'],
  ['k', 'select the previous case'],
  ['Enter', 'open the selected case'],
  ['/', 'go to the filters'],
  ['1, 2, 3', 'show all cases, your cases, or cases waiting for the exporter'],
  ['?', 'this help page'],
];

export const CASE_SHORTCUTS: [string, string][] = [
  ['1 … 9', 'go to the case tab with that number'],
  ['a', 'assign the case to yourself'],
  ['d', 'open the decision tab'],
  ['q', 'back to the queue'],
  ['?', 'this help page'],
];

export function useShortcuts(handlers: Record<string, () => void>): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (document.querySelector('dialog[open]')) return;
      const handler = handlers[event.key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [handlers]);
}
