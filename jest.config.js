// Jest runs the TypeScript through SWC with legacy decorators and decorator
// metadata (what NestJS needs); NestJS 12 is ESM, so tests run under
// --experimental-vm-modules on Node >= 24.9 (see package.json "test").
const { readFileSync } = require('node:fs');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;
swcrc.jsc.baseUrl = __dirname;

/** Maps each tsconfig path alias (`@redress/x`) to its library's source. */
const aliases = Object.fromEntries(
  Object.entries(swcrc.jsc.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: aliases,
  // Generous: a PGlite open or an API start takes seconds alone, and much longer on a loaded 2-core machine.
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // In CI a handle some library leaves open after the last test (a kafkajs
  // retry timer, say) must not keep the run alive until the CI timeout: the
  // results are in, so exit with them; Jest still names the leak in its output.
  forceExit: process.env.CI === 'true',
};
