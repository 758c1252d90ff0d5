/**
 * Real git repositories for tests, in temporary folders: commits with fixed names and dates
 * (through the environment), no system or global git configuration, so the hashes are the same
 * on every machine and no user setting leaks in.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** An environment for git with no system or global configuration (HOME is the given folder). */
export function isolatedGitEnv(home: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!name.startsWith('GIT_')) env[name] = value;
  const globalConfig = path.join(home, 'gitconfig');
  mkdirSync(home, { recursive: true });
  writeFileSync(globalConfig, '');
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: globalConfig,
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.com',
    LC_ALL: 'C',
  };
}

export class TestRepo {
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly dir: string,
    home: string,
  ) {
    this.env = isolatedGitEnv(home);
  }

  /** A new repository (branch `main`) in `dir`. */
  static init(dir: string, home: string): TestRepo {
    mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(dir, home);
    repo.git(['init', '-q', '-b', 'main']);
    return repo;
  }

  git(args: string[], options: { date?: string; input?: string } = {}): string {
    const env = options.date ? { ...this.env, GIT_AUTHOR_DATE: options.date, GIT_COMMITTER_DATE: options.date } : this.env;
    return execFileSync('git', args, { cwd: this.dir, env, input: options.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 2 ** 20 });
  }

  write(file: string, text: string): void {
    const full = path.join(this.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }

  /** Stage everything and commit; returns the full hash. */
  commit(message: string, date: string): string {
    this.git(['add', '-A']);
    this.git(['commit', '-q', '--allow-empty', '-m', message], { date });
    return this.git(['rev-parse', 'HEAD']).trim();
  }
}

/** A temporary folder, and its removal. */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A page's text: front matter (with `l10n.sourceCommit` or `translation_of` when given) and a body. */
export function pageText(title: string, slug: string, options: { sourceCommit?: string; translationOf?: string; body?: string } = {}): string {
  const lines = ['---', `title: ${title}`, `slug: ${slug}`, 'page-type: glossary-definition'];
  if (options.translationOf) lines.push(`translation_of: ${options.translationOf}`);
  if (options.sourceCommit !== undefined) lines.push('l10n:', `  sourceCommit: ${options.sourceCommit}`);
  lines.push('---', '', options.body ?? `${title} is a term.`, '');
  return lines.join('\n');
}
