import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, lookalikeWarnings } from '../src/config.js';

describe('config', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      role: 'all',
      apiProcesses: 1,
      syncDebounceMs: 2000,
      syncReconcileIntervalMs: 3_600_000,
      progressThrottleMs: 250,
    });
  });

  it('parses every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/x',
      ROLE: 'worker',
      SYNC_DEBOUNCE_MS: '500',
      SYNC_RECONCILE_INTERVAL_MS: '60000',
      PROGRESS_THROTTLE_MS: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db:5432/x',
      role: 'worker',
      syncDebounceMs: 500,
      syncReconcileIntervalMs: 60_000,
      progressThrottleMs: 0,
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between/],
    ['ROLE', 'scheduler', /ROLE must be one of all, api, worker/],
    ['SYNC_DEBOUNCE_MS', '-5', /SYNC_DEBOUNCE_MS must be a whole number/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must use postgres/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a postgres/],
    ['MUNCHKIN_RATE_LIMIT', '0', /MUNCHKIN_RATE_LIMIT must be between/],
    ['PUBLIC_URL', 'links.example', /PUBLIC_URL must be an http/],
    ['PUBLIC_URL', 'https://links.example/?a=1', /PUBLIC_URL must be an http/],
    ['API_PROCESSES', '0', /API_PROCESSES must be between 1 and 64/],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('takes API_PROCESSES for roles that serve, and refuses it for a worker', () => {
    expect(loadConfig({ API_PROCESSES: '2', ROLE: 'api' }).apiProcesses).toBe(2);
    expect(() => loadConfig({ API_PROCESSES: '2', ROLE: 'worker' })).toThrow(
      /API_PROCESSES above 1 needs ROLE all or api/,
    );
  });
});

describe('the browser side', () => {
  it('limits beacons to 120 a minute and links to http://HOST:PORT by default', () => {
    expect(loadConfig({})).toMatchObject({
      munchkinRateLimit: 120,
      publicUrl: 'http://127.0.0.1:4000',
    });
    expect(loadConfig({ HOST: '::1', PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
  });

  it('takes MUNCHKIN_RATE_LIMIT and PUBLIC_URL (a trailing slash dropped)', () => {
    expect(
      loadConfig({ MUNCHKIN_RATE_LIMIT: '30', PUBLIC_URL: 'https://links.example/mail/' }),
    ).toMatchObject({ munchkinRateLimit: 30, publicUrl: 'https://links.example/mail' });
  });
});

describe('variables that look like ours', () => {
  it('are named with a warning, and the usual environment is not', () => {
    expect(
      lookalikeWarnings({
        ROLLE: 'worker',
        SYNC_DEBOUNCE: '100',
        PORTS: '4000',
        PATH: '/usr/bin',
        HOME: '/root',
        HOSTNAME: 'box',
        LANG: 'C',
        NODE_ENV: 'production',
        ROLE: 'api',
      }),
    ).toEqual([
      'Warning: ROLLE is not a setting of this service; did you mean ROLE?',
      'Warning: SYNC_DEBOUNCE is not a setting of this service',
      'Warning: PORTS is not a setting of this service; did you mean PORT?',
    ]);
  });
});
