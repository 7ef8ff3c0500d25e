/** Layering rules of docs/architecture.md, checked in CI (`npm run boundaries`). */

// The realtime gateway's folders, each with the folders it may import: dependencies run one way,
// down to `core` (shared types, frames, metrics), which imports no other folder. No folder imports
// the root files (app, gateway, config, stream-route), which wire the folders together.
const realtimeGatewayLayers = {
  core: [],
  limits: [],
  history: ['core'],
  fanout: ['core'],
  replay: ['core', 'history', 'fanout'],
  feed: ['core', 'history', 'fanout'],
  subscriptions: ['core', 'history', 'fanout', 'replay'],
  presence: ['core'],
  session: ['core', 'limits', 'subscriptions', 'presence'],
};
const realtimeGatewaySrc = '^services/realtime-gateway/src/';

module.exports = {
  forbidden: [
    ...Object.entries(realtimeGatewayLayers).map(([folder, allowed]) => ({
      name: `realtime-gateway-${folder}-layer`,
      comment: `realtime-gateway/src/${folder} imports only ${allowed.join(', ') || 'no other folder'}.`,
      severity: 'error',
      from: { path: `${realtimeGatewaySrc}${folder}/` },
      to: { path: realtimeGatewaySrc, pathNot: `${realtimeGatewaySrc}(${[folder, ...allowed].join('|')})/` },
    })),
    {
      name: 'realtime-gateway-folders-are-known',
      comment: 'A new folder of the gateway gets its place in realtimeGatewayLayers.',
      severity: 'error',
      from: { path: realtimeGatewaySrc },
      to: {
        path: `${realtimeGatewaySrc}[^/]+/`,
        pathNot: `${realtimeGatewaySrc}(${Object.keys(realtimeGatewayLayers).join('|')})/`,
      },
    },
    {
      name: 'services-never-import-services',
      comment: 'Services are separate deployables; shared code goes in a lib.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'libs-never-import-services',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(libs|services)/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'errors-import-nothing-of-ours',
      comment: 'The error registry is the ground floor HTTP replies and command replies share.',
      severity: 'error',
      from: { path: '^libs/errors/' },
      to: { path: '^(libs|services)/', pathNot: '^libs/errors/' },
    },
    {
      name: 'runtime-libs-never-import-test-libs',
      comment: 'Test helpers and the fake Discord stay out of what a service runs in production.',
      severity: 'error',
      // src/testing/ is an entry point for tests only (`@guildwire/bus/testing`).
      from: { path: '^libs/(service-kit|bus|db|errors|settings-client)/src/', pathNot: '/src/testing/' },
      to: { path: '^libs/(testkit|fake-discord)/' },
    },
    {
      name: 'browser-sdk-has-no-server-code',
      comment: 'The realtime client runs in browsers: contracts only, no node built-ins.',
      severity: 'error',
      from: { path: '^libs/realtime-client/src/' },
      to: {
        pathNot: '^libs/(realtime-client|contracts)/|node_modules/@bufbuild/protobuf/',
      },
    },
    {
      name: 'browser-sdk-no-node-builtins',
      severity: 'error',
      from: { path: '^libs/realtime-client/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-public-entry-points',
      comment: 'Import another package by its name (its src/index.ts), never its internal files.',
      severity: 'error',
      from: { path: '^(libs|services)/([^/]+)/' },
      to: {
        path: '^libs/([^/]+)/src/',
        pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/[a-z-]+/index\\.ts$'],
      },
    },
    {
      name: 'migrations-import-no-app-code',
      comment: 'Migrations are frozen in time (kysely): they never import app code.',
      severity: 'error',
      from: { path: '^services/[^/]+/migrations/' },
      to: { path: '^services/[^/]+/src/' },
    },
    {
      name: 'migrations-import-no-libs',
      comment: 'A migration is frozen in time: a later change to a lib must not change what it created.',
      severity: 'error',
      from: { path: '^services/[^/]+/migrations/' },
      to: { path: '^libs/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.data)/' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
