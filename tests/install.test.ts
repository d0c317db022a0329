import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
  optional?: boolean;
}
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
const root = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };

const nameOf = (lockPath: string) => lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('install', () => {
  it('locks only packages whose engines accept this Node (npm ci would warn EBADENGINE)', () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([, pkg]) => !Array.isArray(pkg.engines) && typeof pkg.engines?.node === 'string')
      .filter(([, pkg]) => !semver.satisfies(process.version, (pkg.engines as { node: string }).node))
      .map(([lockPath, pkg]) => `${nameOf(lockPath)} (node ${(pkg.engines as { node: string }).node})`);
    expect(unsupported).toEqual([]);
  });

  it('decides in allowScripts about every locked install script, so npm ci lists none as pending', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([lockPath, pkg]) => lockPath.includes('node_modules/') && pkg.hasInstallScript && !pkg.optional)
      .map(([lockPath]) => nameOf(lockPath))
      .filter((name) => root.allowScripts?.[name] === undefined);
    expect(undecided).toEqual([]);
  });

  it('has no project config npm does not know (npm warns about it on every command)', () => {
    const result = spawnSync('npm', ['config', 'get', 'engine-strict'], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/Unknown project config/);
  });
});
