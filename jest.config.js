'use strict';
/** Unit tests: one module at a time, in jsdom, with TypeScript through ts-jest. */
module.exports = {
    testEnvironment: 'jsdom',
    roots: ['<rootDir>/test/unit'],
    testMatch: ['**/*.test.ts', '**/*.test.tsx'],
    setupFiles: ['<rootDir>/test/unit/setup.ts'],
    transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: { warnOnly: false } }],
    },
    moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
    collectCoverageFrom: ['FlowInvoker/**/*.{ts,tsx}', '!FlowInvoker/generated/**'],
};
