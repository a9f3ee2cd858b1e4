import type { Page } from 'playwright-core';

/** One axe finding, small enough to read in a failed test's output. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

type AxeBuilderClass = new (options: { page: Page }) => {
  withTags(tags: string[]): { analyze(): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
};

/**
 * @axe-core/playwright, required when first used, so that a checkout without it fails the
 * accessibility tests loudly, saying what to install, instead of skipping them.
 */
function axeBuilder(): AxeBuilderClass {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@axe-core/playwright') as { default: AxeBuilderClass }).default;
  } catch (error) {
    throw new Error(`the accessibility checks need the dev dependency @axe-core/playwright (npm install --save-dev @axe-core/playwright): ${String(error)}`);
  }
}

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const AxeBuilder = axeBuilder();
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
