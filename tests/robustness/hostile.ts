/**
 * A copy of examples/content with hostile files added, for the robustness tests: broken YAML, a
 * binary index.md, a 4 MB page (under the 5 MB limit), a 48 MB page (over it), a first paragraph
 * that made the old summary renderer quadratic, a 100k-character line, non-UTF-8 bytes, a page
 * with a BOM and one with a NUL, symlink loops, files that
 * vanish or cannot be read (through a wrapper around the Node file system), an empty
 * `_redirects.txt`, a redirect cycle and a redirect line without a tab. Sentinel pages sit just
 * outside the content root, where `..` in a URL would lead.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { ContentFileSystem, nodeFileSystem } from '../../server/src/content/fileSystem';

export const REPO = path.resolve(__dirname, '../..');
export const EXAMPLES = path.join(REPO, 'examples/content');

/** What a sentinel page outside the root says: it must never show up in a hover or a link. */
export const SENTINEL = 'SENTINEL-OUTSIDE-THE-CONTENT-ROOT';

export interface HostileTree {
  /** Temp folder holding `content/` (the root) and `etc/passwd/index.md` (a sentinel). */
  parent: string;
  /** The content root (holds `files/`). */
  root: string;
  files: string;
  /** Hostile pages and files, by name. */
  hostile: {
    badYaml: string;
    binary: string;
    huge: string;
    oversized: string;
    quadratic: string;
    bom: string;
    nul: string;
    longLine: string;
    latin1: string;
    loop: string;
    loopUp: string;
    vanishing: string;
    forbidden: string;
    lockedFolder: string;
    redirects: string;
    emptyRedirects: string;
    cycleUser: string;
  };
  /** Sentinel files just outside the root. */
  sentinels: string[];
  /** A page with good and bad references, in the example tree. */
  firstSteps: string;
  cleanup(): void;
}

/** A huge page that is still checked (the limit is 5 MB), and one that is skipped. */
export const HUGE_BYTES = 4 * 1024 * 1024;
export const OVERSIZED_BYTES = 48 * 1024 * 1024;
/** `'](/'` repeated: the old summary renderer's link pattern took 15.8 s on it. */
export const QUADRATIC_PARAGRAPH = 'A quadratic summary: ' + '](/'.repeat(80_000);
export const LONG_LINE_CHARS = 100_000;

function write(file: string, content: string | Uint8Array): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** A page of about `bytes` bytes: front matter, then paragraphs with a few macros and links. */
export function hugePageText(bytes = HUGE_BYTES, slug = 'Glossary/Huge'): string {
  const head = `---\ntitle: Huge page\nslug: ${slug}\npage-type: glossary-definition\n---\n\nA **huge** page uses an {{Glossary("API")}}.\n\n`;
  const paragraph =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n' +
    'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat `code {{` span.\n\n';
  const withReferences = 'See the {{Glossary("Method", "method")}} of an [API](/en-US/docs/Web/API) and {{domxref("MediaDevices")}}.\n\n';
  const unit = paragraph.repeat(19) + withReferences;
  const tail = '\nThe end: {{Glossary("No_such_huge_term")}}.\n';
  return head + unit.repeat(Math.ceil((bytes - head.length - tail.length) / unit.length)) + tail;
}

/** A page whose body is one line of `chars` characters, macros and half-macros mixed in. */
export function longLinePageText(chars = LONG_LINE_CHARS): string {
  const head = '---\ntitle: Long line\nslug: Glossary/Long_line\n---\n\n';
  const unit = 'word {{Glossary("API")}} [x](/en-US/docs/Web/API) {{glossary("Nope_long")}} `{{` {{ ({{x ';
  return head + unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars) + '\n\nSecond paragraph.\n';
}

export function buildHostileTree(options: { hugeBytes?: number; oversizedBytes?: number } = {}): HostileTree {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-hostile-'));
  const root = path.join(parent, 'content');
  fs.cpSync(EXAMPLES, root, { recursive: true });
  const files = path.join(root, 'files');
  const en = path.join(files, 'en-us');

  const badYaml = write(path.join(en, 'glossary/bad_yaml/index.md'), '---\ntitle: [unclosed\nslug: Glossary/Bad_yaml\n  : : :\n---\n\nBad {{Glossary("API")}}.\n');
  const binaryBytes = Buffer.alloc(4096);
  for (let i = 0; i < binaryBytes.length; i++) binaryBytes[i] = (i * 131 + 7) % 256;
  binaryBytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 0);
  const binary = write(path.join(en, 'glossary/binary/index.md'), binaryBytes);
  const huge = write(path.join(en, 'glossary/huge/index.md'), hugePageText(options.hugeBytes));
  const oversized = write(path.join(en, 'glossary/oversized/index.md'), hugePageText(options.oversizedBytes ?? OVERSIZED_BYTES, 'Glossary/Oversized'));
  const quadratic = write(
    path.join(en, 'glossary/quadratic/index.md'),
    `---\ntitle: Quadratic\nslug: Glossary/Quadratic\npage-type: glossary-definition\n---\n\n${QUADRATIC_PARAGRAPH}\n`,
  );
  const bom = write(
    path.join(en, 'glossary/bom/index.md'),
    '\ufeff---\ntitle: With a BOM\nslug: Glossary/Bom\npage-type: glossary-definition\n---\n\nA {{Glossary("Nope_bom")}} and an {{Glossary("API")}}.\n',
  );
  const nul = write(
    path.join(en, 'glossary/nul/index.md'),
    '---\ntitle: With a NUL\nslug: Glossary/Nul\npage-type: glossary-definition\n---\n\nA \0 and a {{Glossary("Nope_nul")}}.\n',
  );
  const longLine = write(path.join(en, 'glossary/long_line/index.md'), longLinePageText());
  const latin1 = write(
    path.join(en, 'glossary/latin1/index.md'),
    Buffer.concat([Buffer.from('---\ntitle: Caf'), Buffer.from([0xe9]), Buffer.from('\nslug: Glossary/Latin1\n---\n\nB'), Buffer.from([0xe9, 0xe8, 0xff]), Buffer.from('zier.\n')]),
  );
  // A folder symlinked to its parent (web/loop → web), and one to its grandparent (glossary/up → en-us).
  const loop = path.join(en, 'web/loop');
  fs.symlinkSync('.', loop, 'dir');
  const loopUp = path.join(en, 'glossary/up');
  fs.symlinkSync('..', loopUp, 'dir');
  const vanishing = write(path.join(en, 'glossary/vanishing/index.md'), '---\ntitle: Vanishing\nslug: Glossary/Vanishing\n---\n\nGone.\n');
  const forbidden = write(path.join(en, 'glossary/forbidden/index.md'), '---\ntitle: Forbidden\nslug: Glossary/Forbidden\n---\n\nSecret.\n');
  const lockedFolder = path.join(en, 'web/locked');
  write(path.join(lockedFolder, 'index.md'), '---\ntitle: Locked\nslug: Web/Locked\n---\n\nLocked.\n');

  const redirects = path.join(en, '_redirects.txt');
  fs.appendFileSync(
    redirects,
    '/en-US/docs/Glossary/Cycle_a\t/en-US/docs/Glossary/Cycle_b\n' +
      '/en-US/docs/Glossary/Cycle_b\t/en-US/docs/Glossary/Cycle_a\n' +
      '/en-US/docs/Glossary/No_tab /en-US/docs/Glossary/API\n',
  );
  const emptyRedirects = write(path.join(files, 'de/_redirects.txt'), '');
  write(path.join(files, 'de/glossary/api/index.md'), '---\ntitle: API (de)\nslug: Glossary/API\nl10n:\n  sourceCommit: 0123456789abcdef\n---\n\nEine **API**.\n');
  const cycleUser = write(
    path.join(en, 'learn/cycle_user/index.md'),
    '---\ntitle: Cycle user\nslug: Learn/Cycle_user\n---\n\nA {{Glossary("Cycle_a")}}, a [b](/en-US/docs/Glossary/Cycle_b), an {{Glossary("API")}}.\n',
  );

  const sentinelText = `---\ntitle: ${SENTINEL}\nslug: Glossary/Passwd\n---\n\n${SENTINEL}: root:x:0:0\n`;
  const sentinels = [
    write(path.join(parent, 'etc/passwd/index.md'), sentinelText),
    write(path.join(root, 'etc/passwd/index.md'), sentinelText),
    write(path.join(parent, 'etc/passwd.md'), sentinelText),
  ];

  return {
    parent,
    root,
    files,
    hostile: { badYaml, binary, huge, oversized, quadratic, bom, nul, longLine, latin1, loop, loopUp, vanishing, forbidden, lockedFolder, redirects, emptyRedirects, cycleUser },
    sentinels,
    firstSteps: path.join(en, 'learn/first_steps/index.md'),
    cleanup: () => {
      try {
        fs.chmodSync(forbidden, 0o644);
      } catch {
        // already gone
      }
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const message = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code;
  return Object.assign(new Error(`${code}: ${message}, ${syscall} '${file}'`), { code, errno: -1, syscall, path: file });
}

/** After a server session on a hostile tree: the server exited cleanly, the tree and the cache are gone. */
export async function endSession(client: { stop(): Promise<number | null> } | undefined, tree: HostileTree | undefined, cacheDir: string | undefined): Promise<void> {
  if (client) expect(await client.stop()).toBe(0);
  tree?.cleanup();
  if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
}

/** What both the checker and the server say of the hostile files, file by file. */
export function hostileFileMessages(tree: HostileTree): Array<[string, RegExp]> {
  return [
    [tree.hostile.badYaml, /front matter is not valid YAML/],
    [tree.hostile.binary, /binary file/],
    [tree.hostile.latin1, /not valid UTF-8/],
    [tree.hostile.loop, /symbolic link not followed/],
    [tree.hostile.loopUp, /symbolic link not followed/],
    [tree.hostile.redirects, /without a tab/],
    [tree.hostile.oversized, /larger than 5 MB \(48\.0 MB\): skipped/],
    [tree.hostile.nul, /binary file/],
  ];
}

/**
 * The Node file system, except that reading the given files (or listing the given folders) fails
 * with the given error code: a file deleted between listing and reading (ENOENT), one the user may
 * not read (EACCES, which chmod cannot simulate when the tests run as root).
 */
export function faultyFileSystem(fileFaults: Record<string, string>, folderFaults: Record<string, string> = {}): ContentFileSystem & { reads: string[] } {
  const reads: string[] = [];
  const fault = (file: string, syscall: string) => {
    const code = fileFaults[path.resolve(file)];
    if (code) throw errnoError(code, syscall, file);
  };
  return {
    reads,
    async readFile(file) {
      reads.push(file);
      fault(file, 'open');
      return nodeFileSystem.readFile(file);
    },
    readPageSync(file) {
      reads.push(file);
      fault(file, 'open');
      return nodeFileSystem.readPageSync!(file);
    },
    statSync(file) {
      return nodeFileSystem.statSync!(file);
    },
    realPathSync(file) {
      return nodeFileSystem.realPathSync!(file);
    },
    async readDirectory(dir) {
      const code = folderFaults[path.resolve(dir)];
      if (code) throw errnoError(code, 'scandir', dir);
      return nodeFileSystem.readDirectory(dir);
    },
    kindOf: (file) => nodeFileSystem.kindOf(file),
  };
}

/** Every file and folder under `dir` (symlinks not followed) with its mtime and size. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const stat = fs.lstatSync(full);
      out.set(path.relative(dir, full), `${entry.isDirectory() ? 'd' : entry.isSymbolicLink() ? 'l' : 'f'} ${stat.mtimeMs} ${stat.size} ${stat.mode}`);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(dir);
  return out;
}

/** Reject after `ms` so a hang becomes a failure with a name, never a stuck test run. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms (hang)`)), ms);
    }),
  ]);
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
