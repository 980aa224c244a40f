/**
 * Tag keys on every AWS resource the platform creates. Teardown sweeps leftovers ONLY among
 * resources carrying `platform` with this platform's name, so these keys are a contract between
 * blueprints/ (which writes them) and scripts/destroy (which reads them).
 */
export const PLATFORM_TAG_KEYS = {
  platform: 'platform-blueprint:platform',
  prefix: 'platform-blueprint:resource-prefix',
  environment: 'platform-blueprint:environment',
  cluster: 'platform-blueprint:cluster',
} as const;
