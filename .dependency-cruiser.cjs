// The house rules for imports, checked by `npm run lint` (depcruise). See README "How it is built".
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle means two concepts own each other; give the shared part one owner.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'components-no-glue',
      severity: 'error',
      comment: 'Components take props and render markup; extension glue (utils/) and entrypoints stay out.',
      from: { path: '^components/' },
      to: { path: '^(utils|entrypoints)/' },
    },
    {
      name: 'lib-stays-pure',
      severity: 'error',
      comment:
        'lib/ is plain TypeScript that runs in Node, the CLI and the extension: no glue, no views, no WXT.',
      from: { path: '^lib/' },
      to: {
        path: '^(utils|components|entrypoints|cli|tests|scripts)/|^node_modules/(wxt|webextension-polyfill|@wxt-dev|preact)/',
      },
    },
    {
      name: 'utils-no-views',
      severity: 'error',
      comment: 'Extension glue does not render: views live in components/.',
      from: { path: '^utils/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'popup-markup-only',
      severity: 'error',
      comment:
        "The popup's views and wiring render and talk to the background, nothing more: catalogue texts, fixes, " +
        'Markdown, status and summary come worked out with each report (lib/report/presentation.ts, made in ' +
        'the background). Keeps the popup small and quick to open (npm run bench -- bundle: ≤ 30 KB gzipped).',
      from: {
        path: '^(components/[^/]+\\.tsx?|utils/(popup-wiring|check-client|messaging)\\.ts|entrypoints/popup/.*)$',
      },
      to: {
        path: '^lib/(catalog/|fixes\\.ts|report/(markdown|summary|verdict|finish|empty|presentation|text)\\.ts|input/domain\\.ts|mta-sts/|dns/|check/|history/)',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'cli-no-extension',
      severity: 'error',
      comment: 'The CLI runs on lib/ alone.',
      from: { path: '^cli/' },
      to: { path: '^(utils|components|entrypoints)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.output|\\.wxt|tests/fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
