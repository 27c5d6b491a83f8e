/**
 * Focus for what replaces the survey on screen (a page of its own, the retry button after a failed send):
 * a screen reader then reads it at once instead of staying silent where the survey used to be.
 */
export function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}
