// The import rules in .dependency-cruiser.cjs (run by `npm run lint`) really catch what they forbid: a small
// fixture tree with a cycle, a component importing glue, lib/ importing glue and a popup view loading the Markdown
// writer must fail each rule (and a type-only import of the catalogue must not).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs');

async function violations(baseDir: string, dirs: string[]): Promise<string[]> {
  const result = await cruise(dirs, {
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    baseDir,
    tsPreCompilationDeps: true,
  });
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  return output.summary.violations.map(
    (v: { rule: { name: string }; from: string; to: string }) => `${v.rule.name}: ${v.from} → ${v.to}`,
  );
}

describe('import rules', () => {
  it('flag a cycle, a component importing glue, lib/ importing glue and a popup view importing lib code', async () => {
    const found = await violations(resolve('tests/fixtures/import-rules'), ['lib', 'components', 'utils']);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: lib\/(a|b)\.ts/),
        'components-no-glue: components/View.ts → utils/glue.ts',
        'lib-stays-pure: lib/impure.ts → utils/glue.ts',
        'popup-markup-only: components/Popup.ts → lib/report/markdown.ts',
      ]),
    );
    expect(found.filter((v) => v.includes('components/Typed.ts'))).toEqual([]);
  }, 30_000);

  it('pass on the real tree', async () => {
    expect(await violations(resolve('.'), ['lib', 'components', 'utils', 'entrypoints', 'cli'])).toEqual([]);
  }, 60_000);
});
