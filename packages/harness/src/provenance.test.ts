import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitState } from './provenance.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });

/** A checkout with one committed file and a results/ folder, as a project has. */
function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-git-'));
  git(dir, 'init', '-q');
  fs.writeFileSync(path.join(dir, 'preset.ts'), 'export const lr = 3e-3;\n');
  fs.mkdirSync(path.join(dir, 'results'));
  fs.writeFileSync(path.join(dir, 'results', 'leaderboard.json'), '{}\n');
  git(dir, 'add', '.');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'first');
  return dir;
}

describe('gitState', () => {
  it('says clean for a committed tree, even while results/ changes under it', () => {
    const dir = checkout();
    fs.writeFileSync(path.join(dir, 'results', 'leaderboard.json'), '{"entries": []}\n');
    fs.mkdirSync(path.join(dir, 'results', 'runs'));
    fs.writeFileSync(path.join(dir, 'results', 'runs', 'curve.jsonl'), '{}\n');
    const state = gitState(dir);
    expect(state.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(state).toEqual({ gitCommit: state.gitCommit, gitDirty: false });
  });

  it('says dirty, with a hash that names the change, for an edited or an untracked file', () => {
    const dir = checkout();
    fs.writeFileSync(path.join(dir, 'preset.ts'), 'export const lr = 1e-3;\n');
    const edited = gitState(dir);
    expect(edited.gitDirty).toBe(true);
    expect(edited.gitDiffHash).toMatch(/^[0-9a-f]{16}$/);
    expect(gitState(dir).gitDiffHash).toBe(edited.gitDiffHash);
    fs.writeFileSync(path.join(dir, 'preset.ts'), 'export const lr = 2e-3;\n');
    expect(gitState(dir).gitDiffHash).not.toBe(edited.gitDiffHash);
    git(dir, 'checkout', '--', 'preset.ts');
    fs.writeFileSync(path.join(dir, 'new-preset.ts'), 'export const wd = 1;\n');
    expect(gitState(dir)).toMatchObject({ gitDirty: true, gitDiffHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('records nothing outside a checkout', () => {
    expect(gitState(fs.mkdtempSync(path.join(os.tmpdir(), 'grokbench-nogit-')))).toEqual({});
  });
});
