// What every server bundle shares: the product's (scripts/build.mjs) and the bench's reference
// servers (bench/lib/servers.ts), so that start-up is compared between servers built alike.
export const SERVER_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  // The CommonJS packages inside an ESM bundle call require() for Node's modules and for the
  // packages left outside it; an ESM module has no require of its own.
  banner: {
    js: "import { createRequire as createRequireForBundledPackages } from 'node:module';\nconst require = createRequireForBundledPackages(import.meta.url);",
  },
  logLevel: 'warning',
};
