import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link in README.md and docs/ resolves to a file inside the repository (a clone has
 * nothing outside it), and a link to a heading of a page finds that heading.
 */
const ROOT = path.resolve('.');

function pages(): string[] {
  const docs = fs.readdirSync('docs', { recursive: true }).map(String).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', ...docs];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsIn(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

function links(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe('links in README and docs', () => {
  it('finds the pages', () => {
    expect(pages()).toEqual(expect.arrayContaining(['README.md', 'docs/architecture.md', 'docs/metrics.md']));
  });

  it('resolve inside the repository, headings included', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      for (const link of links(page)) {
        if (/^[a-z][a-z+.-]*:/i.test(link)) continue; // https:, mailto:: not a file of the repository
        const [target, anchor] = link.split('#');
        const resolved = target ? path.resolve(path.dirname(page), decodeURIComponent(target)) : path.resolve(page);
        if (!resolved.startsWith(`${ROOT}${path.sep}`)) broken.push(`${page}: ${link} leaves the repository`);
        else if (!fs.existsSync(resolved)) broken.push(`${page}: ${link} does not exist`);
        else if (anchor && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) broken.push(`${page}: ${link} names no heading of ${path.relative(ROOT, resolved)}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
