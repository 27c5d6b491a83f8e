import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  it('applies the defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('reads every variable it is given', () => {
    const config = loadConfig({ PORT: '8080', MONGODB_URI: 'mongodb://db:27017/mh', DATA_DIR: '/srv/mh', ADMIN_PASSWORD: 'long enough' });
    expect(config).toMatchObject({ PORT: 8080, MONGODB_URI: 'mongodb://db:27017/mh', dataDir: '/srv/mh', ADMIN_PASSWORD: 'long enough' });
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": expected a whole number/],
    ['PORT', '70000', /PORT="70000": expected a port number from 0 to 65535/],
    ['PORT', '3.5', /PORT="3.5": expected a whole number/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI="postgres:\/\/x": expected a MongoDB connection string/],
    ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD="short": expected at least 8 characters/],
    ['AUTH_SECRET', 'tiny', /AUTH_SECRET="tiny": expected at least 32 characters/],
  ])('rejects %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ MONGODB_URI: '' }).MONGODB_URI).toBeUndefined();
  });
});
