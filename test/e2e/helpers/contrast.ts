import type { Page } from 'playwright-core';

/**
 * WCAG 1.4.11 (non-text contrast), which axe-core does not check: for each control matching `selector`,
 * the contrast ratio between the outline SurveyJS draws as an inset box-shadow and the background around
 * the control (the nearest ancestor with an opaque background). Returns the ratios, rounded to 0.1.
 */
export function outlineContrasts(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((controls) => {
    const rgb = (color: string) => (color.match(/rgba?\(([^)]+)\)/)?.[1] ?? '').split(',').map((part) => Number(part.trim()));
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const linear = (channel: number) => (channel / 255 <= 0.03928 ? channel / 255 / 12.92 : ((channel / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const surroundings = (control: Element) => {
      for (let element = control.parentElement; element; element = element.parentElement) {
        const [, , , alpha = 1] = rgb(getComputedStyle(element).backgroundColor);
        if (alpha === 1) return rgb(getComputedStyle(element).backgroundColor);
      }
      return [255, 255, 255];
    };
    return controls.map((control) => {
      // No outline at all counts as no contrast.
      if (!/rgba?\(/.test(getComputedStyle(control).boxShadow)) return 0;
      const [outline, around] = [luminance(rgb(getComputedStyle(control).boxShadow)), luminance(surroundings(control))];
      return Math.round(((Math.max(outline, around) + 0.05) / (Math.min(outline, around) + 0.05)) * 10) / 10;
    });
  });
}
