// Unit tests sit beside the code they test under each part's test/ folder; integration
// tests start real daemons and live under integration/.
const tsJest = ['ts-jest', { tsconfig: "tsconfig.test.json" }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/services/*/test/**/*.test.ts', '<rootDir>/clients/*/test/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/integration/**/*.test.ts'],
    },
  ],
};
