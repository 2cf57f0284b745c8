import { describe, expect, it } from 'vitest';
import { findFirefox } from './support/firefox';

describe('findFirefox', () => {
  it.each([
    {
      name: 'prefers FIREFOX_PATH',
      env: { FIREFOX_PATH: '/opt/ff/firefox' },
      files: ['/opt/ff/firefox', '/usr/bin/firefox-esr'],
      expected: '/opt/ff/firefox',
    },
    {
      name: 'uses firefox-esr first',
      env: {},
      files: ['/usr/bin/firefox', '/usr/bin/firefox-esr'],
      expected: '/usr/bin/firefox-esr',
    },
    {
      name: 'falls back to /usr/bin/firefox',
      env: {},
      files: ['/usr/bin/firefox'],
      expected: '/usr/bin/firefox',
    },
  ])('$name', ({ env, files, expected }) => {
    expect(findFirefox(env, (path) => files.includes(path))).toBe(expected);
  });

  it.each([
    { name: 'no Firefox is installed', env: {}, files: [] as string[] },
    {
      name: 'FIREFOX_PATH points at a missing file',
      env: { FIREFOX_PATH: '/nope' },
      files: ['/usr/bin/firefox-esr'],
    },
  ])('throws install instructions when $name', ({ env, files }) => {
    expect(() => findFirefox(env, (path) => files.includes(path))).toThrow(
      /apt-get install firefox-esr libnss3-tools/,
    );
  });
});
