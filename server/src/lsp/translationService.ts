/**
 * Translation status in the language server: the English history (one EnglishHistoryTracker for
 * the English root of the current build) and what the connection needs of it — the feature context,
 * the values edits bring, watching HEAD, and the command that shows the English changes.
 *
 * The editor never waits on git: features take the snapshot known now (`history`), and when the
 * tracker announces a new one (more source commits resolved, HEAD moved) `changed()` makes the
 * diagnostics follow. The tracker starts with the build (its repository and commit graph are read
 * while pages are indexed) and is asked for the build's source commits once the index is ready.
 * Only the newest build's root has a tracker: a root replaced by a newer build is disposed, and
 * nothing from it reaches the client (every callback checks that its tracker is still current).
 * The same English root in a newer build keeps its tracker (its answers are about the repository,
 * not the index).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType, ShowMessageNotification, type ClientCapabilities, type Connection, type Diagnostic, type FileEvent } from 'vscode-languageserver';
import type { ContentIndex } from '../content/contentIndex';
import { EnglishCommit, EnglishDiff, EnglishHistory, EnglishHistoryTracker } from '../content/englishHistory';
import { COMMIT_HASH, FULL_HASH } from '../content/gitOutput';
import { DiskHistoryCache, type HistoryCache } from '../content/historyCache';
import { defaultCacheDir } from '../content/indexCache';
import { LOCALE_FOLDER } from '../content/roots';
import { DEFAULT_LOCALE } from '../content/slugs';
import type { PageDocument } from '../features/context';
import { documentSourceCommit, translationDiagnostics, TranslationContext } from '../features/translationStatus';
import { sourceCommitsOf } from '../resolve/translationStatus';
import { HeadWatcher } from './headWatcher';
import { describe, Logger, UserMessages } from './logger';
import type { QuietWork } from './quietWork';
import { ClientCommandsOption, EnglishTextParams, SeverityName, SHOW_ENGLISH_CHANGES_COMMAND, ShowEnglishChangesArguments } from './protocol';

/** The quiet-work task that writes the English history cache (flushed at shutdown, as the index cache is). */
export const SAVE_HISTORY = 'save English history';

/** A new `sourceCommit` typed in a page is asked of git after this pause (each new value costs one `git cat-file`). */
const EDIT_DELAY_MS = 400;
/** `.git/HEAD` and the branch's ref change in bursts (a pull writes several files): one refresh after the last. */
const REFRESH_DELAY_MS = 300;
/** A new snapshot: the diagnostics follow after this (several snapshots in a row make one refresh). */
const CHANGED_DELAY_MS = 50;
/** Polling interval of HEAD's files for clients that cannot watch files outside the workspace. */
const POLL_MS = 4000;
/** Most lines of a diff put into a message, for clients that cannot open a document. */
const MESSAGE_DIFF_LINES = 60;

export interface TranslationServiceDeps {
  connection: Connection;
  capabilities(): ClientCapabilities;
  log: Logger;
  messages: UserMessages;
  /** A new snapshot of the English history: diagnostics of open documents follow. */
  changed(): void;
  /** The environment git runs with (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where writing the history cache waits for a quiet moment (see {@link SAVE_HISTORY}). */
  quiet: QuietWork;
  /** Polling interval when the client cannot watch HEAD (ms). */
  pollMs?: number;
}

/** The commands the server runs itself: all of ours but those the client says it runs (`initializationOptions.clientCommands`). */
export function serverCommands(initializationOptions: unknown): string[] {
  const option = (initializationOptions as ClientCommandsOption | null | undefined)?.clientCommands;
  const byClient = Array.isArray(option) ? option : [];
  return [SHOW_ENGLISH_CHANGES_COMMAND].filter((command) => !byClient.includes(command));
}

export class TranslationService {
  private tracker: EnglishHistoryTracker | undefined;
  private stopListening: (() => void) | undefined;
  /** Builds started so far: a check of the folders on disk that finishes late does nothing. */
  private builds = 0;
  /** Whether the newest ready index holds translated pages (a message about git only matters then). */
  private translated = false;
  private unavailable: string | undefined;
  /** Source commits typed in pages, waiting for the pause that asks git about them. */
  private readonly typed = new Set<string>();
  private typedTimer: NodeJS.Timeout | undefined;
  private changedTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly watcher: HeadWatcher;
  private diffDir: string | undefined;
  /** The parsed history kept on disk by HEAD, beside the index cache (GLOSSARY_LSP_CACHE=off: not kept). */
  private readonly cache: HistoryCache | undefined;

  constructor(private readonly deps: TranslationServiceDeps) {
    this.watcher = new HeadWatcher(deps, () => this.scheduleRefresh(), deps.pollMs ?? POLL_MS);
    const env = deps.env ?? process.env;
    this.cache =
      env.GLOSSARY_LSP_CACHE === 'off'
        ? undefined
        : new DiskHistoryCache(defaultCacheDir(env), { onError: (message) => deps.log.warn(message), later: (write) => deps.quiet.later(SAVE_HISTORY, write) });
  }

  /** The English history known now (undefined while unknown, or when there is none). */
  get history(): EnglishHistory | undefined {
    return this.tracker?.current;
  }

  context(index: ContentIndex): TranslationContext {
    return { index, history: this.history };
  }

  /** The translation diagnostics of an open page (none for a page the checker skips). */
  diagnostics(doc: PageDocument, index: ContentIndex, severities: Record<string, SeverityName>): Diagnostic[] {
    if (index.skipReason(doc.path, doc.text)) return [];
    return translationDiagnostics(doc, this.context(index), severities);
  }

  /**
   * A build starts over these roots: the English root's history is read meanwhile (repository,
   * commit graph), when a root holds a translated locale. Nothing is waited for.
   */
  buildStarted(filesDirs: readonly string[]): void {
    const build = ++this.builds;
    void foldersOnDisk(filesDirs)
      .then(({ englishRoot, translated }) => {
        if (build !== this.builds) return;
        if (englishRoot && translated) void this.trackerFor(englishRoot).update([]);
        else this.stop();
      })
      .catch((error) => this.deps.log.error(`translation status: ${describe(error)}`));
  }

  /** The build is ready: the tracker is asked for every page's source commit (and only those, from now on). */
  buildReady(index: ContentIndex, filesDirs: readonly string[]): void {
    ++this.builds;
    this.translated = index.locales().some((locale) => locale !== DEFAULT_LOCALE);
    const englishRoot = this.translated && index.hasLocale(DEFAULT_LOCALE) ? englishRootOf(index, filesDirs) : undefined;
    if (!englishRoot) return this.stop();
    const tracker = this.trackerFor(englishRoot);
    this.tellUnavailable();
    const started = Date.now();
    const values = sourceCommitsOf(index.allPages());
    void tracker.update(values, { replace: true }).then((history) => {
      if (this.tracker !== tracker || !history) return;
      this.deps.log.info(`translation status: ${values.length} source commits known at ${history.head.slice(0, 7)} ${Date.now() - started} ms after the index was ready`);
      this.watch(tracker);
    });
  }

  /** An open page was edited (or opened): a `sourceCommit` git has not been asked about is, after a pause. */
  documentSeen(doc: PageDocument | undefined, index: ContentIndex): void {
    const tracker = this.tracker;
    if (!doc || !tracker || tracker.unavailable) return;
    const value = documentSourceCommit(doc, index);
    if (!value || !COMMIT_HASH.test(value.trim()) || tracker.current?.sourceCommit(value)) return;
    this.typed.add(value);
    clearTimeout(this.typedTimer);
    this.typedTimer = setTimeout(() => {
      const values = [...this.typed];
      this.typed.clear();
      if (this.tracker === tracker) void tracker.update(values);
    }, EDIT_DELAY_MS);
  }

  /** Files changed (the client's watchers): HEAD's files make the tracker ask git where HEAD is now. */
  filesChanged(changes: readonly FileEvent[]): void {
    if (this.watcher.concerns(changes)) this.scheduleRefresh();
  }

  /** workspace/executeCommand `glossary.showEnglishChanges`, for clients that do not run it themselves. */
  async showEnglishChanges(argument: unknown, index: ContentIndex, filesDirs: readonly string[]): Promise<null> {
    const args = englishChangesArguments(argument);
    const english = args && index.pageAtPath(args.englishFile);
    if (!args || !english || english.locale !== DEFAULT_LOCALE) {
      this.show(MessageType.Warning, 'Show English changes: the arguments do not name an English page of this workspace.');
      return null;
    }
    const tracker = this.tracker;
    if (!tracker) {
      this.show(MessageType.Warning, `Show English changes: ${this.unavailable ?? 'the English history is not available'}.`);
      return null;
    }
    const result = await tracker.diff(english.path, args.sourceCommit);
    if ('error' in result) {
      this.show(MessageType.Warning, `Show English changes: ${result.error}`);
      return null;
    }
    const history = tracker.current;
    const text = diffDocument(args.title, result, (hash) => history?.commit(hash), history?.changesSince(english.path, args.sourceCommit)?.commits ?? []);
    const file = this.writeDiff(text, english.slug, result, filesDirs);
    if (file && this.deps.capabilities().window?.showDocument?.support) {
      const shown = await this.deps.connection.window.showDocument({ uri: pathToFileURL(file).toString(), takeFocus: true }).catch((error) => {
        this.deps.log.warn(`window/showDocument ${file}: ${describe(error)}`);
        return { success: false };
      });
      if (shown.success) return null;
    }
    // A client that cannot open a document: the diff in a message (the head of it) and in the log.
    const lines = text.split('\n');
    const shown = lines.slice(0, MESSAGE_DIFF_LINES).join('\n');
    const rest = lines.length > MESSAGE_DIFF_LINES ? `\n… ${lines.length - MESSAGE_DIFF_LINES} more lines${file ? ` in ${file}` : ''}` : '';
    this.deps.log.info(`${args.title}${file ? ` (${file})` : ''}:\n${text}`);
    this.show(MessageType.Info, `${shown}${rest}`);
    return null;
  }

  /** glossary/englishText: an English file's text at a commit of HEAD's history, or null. */
  async englishText(params: unknown): Promise<string | null> {
    const { commit, path } = (params ?? {}) as Partial<EnglishTextParams>;
    if (typeof commit !== 'string' || !FULL_HASH.test(commit) || typeof path !== 'string' || !this.tracker) return null;
    return (await this.tracker.textAt(commit, path)) ?? null;
  }

  /** Shutdown: git stopped, nothing more reported, watchers and the diff files gone. */
  dispose(): void {
    ++this.builds;
    this.watcher.dispose();
    this.stop();
    clearTimeout(this.typedTimer);
    if (this.diffDir) fs.rmSync(this.diffDir, { recursive: true, force: true });
  }

  // ——— helpers ———

  private trackerFor(englishRoot: string): EnglishHistoryTracker {
    if (this.tracker && this.tracker.filesDir === nodePath.resolve(englishRoot)) return this.tracker;
    this.stop();
    const tracker: EnglishHistoryTracker = new EnglishHistoryTracker(englishRoot, {
      env: this.deps.env,
      cache: this.cache,
      onUnavailable: (message) => {
        if (this.tracker !== tracker) return;
        this.unavailable = message;
        this.deps.log.debug(message);
        this.tellUnavailable();
      },
      onError: (message) => this.tracker === tracker && this.deps.log.warn(message),
      onStep: (step, ms) => this.tracker === tracker && this.deps.log.debug(`English history: ${step} in ${ms} ms`),
    });
    this.tracker = tracker;
    this.unavailable = undefined;
    this.stopListening = tracker.onDidChange((history) => {
      if (this.tracker !== tracker) return;
      this.deps.log.debug(`English history at ${history.head.slice(0, 7)}: diagnostics follow`);
      clearTimeout(this.changedTimer);
      this.changedTimer = setTimeout(() => this.tracker === tracker && this.deps.changed(), CHANGED_DELAY_MS);
      this.watch(tracker);
    });
    return tracker;
  }

  private stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.tracker?.dispose();
    this.tracker = undefined;
    this.unavailable = undefined;
    this.typed.clear();
    clearTimeout(this.changedTimer);
    clearTimeout(this.refreshTimer);
    this.watcher.set([]);
  }

  /**
   * Said (a notification, never a prompt; once per cause) when an index with translated pages is
   * ready: not while a build fails or before anything is indexed, when it would be noise.
   */
  private tellUnavailable(): void {
    if (this.unavailable && this.translated) this.deps.messages.info(`translation status: ${this.unavailable}`, this.unavailable);
  }

  private watch(tracker: EnglishHistoryTracker): void {
    if (this.tracker === tracker) this.watcher.set(tracker.watchPaths());
  }

  private scheduleRefresh(): void {
    const tracker = this.tracker;
    if (!tracker) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (this.tracker !== tracker) return;
      this.deps.log.debug('English repository: HEAD may have moved');
      void tracker.refresh().then(() => this.watch(tracker));
    }, REFRESH_DELAY_MS);
  }

  private show(type: MessageType, text: string): void {
    if (type === MessageType.Warning) this.deps.log.warn(text);
    void this.deps.connection.sendNotification(ShowMessageNotification.type, { type, message: `Glossary: ${text}` }).catch(() => undefined);
  }

  /**
   * The diff as a read-only file in a folder of our own under the OS temporary folder (never in a
   * content root, never in the repository); undefined when it cannot be written there.
   */
  private writeDiff(text: string, slug: string, diff: Extract<EnglishDiff, { diff: string }>, filesDirs: readonly string[]): string | undefined {
    try {
      this.diffDir ??= fs.mkdtempSync(nodePath.join(os.tmpdir(), 'glossary-lsp-diff-'));
      const dir = fs.realpathSync(this.diffDir);
      if (filesDirs.some((root) => isInside(dir, root) || isInside(root, dir))) return undefined;
      const name = `${slug.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.${diff.from.slice(0, 7)}..${diff.to.slice(0, 7)}.diff`;
      const file = nodePath.join(dir, name);
      fs.rmSync(file, { force: true });
      fs.writeFileSync(file, text, { mode: 0o444, flag: 'wx' });
      return file;
    } catch (error) {
      this.deps.log.warn(`the English changes could not be written to a temporary file: ${describe(error)}`);
      return undefined;
    }
  }
}

/** The English root and whether a translated locale is there, from the folders on disk (before indexing). */
async function foldersOnDisk(filesDirs: readonly string[]): Promise<{ englishRoot?: string; translated: boolean }> {
  let englishRoot: string | undefined;
  let translated = false;
  for (const dir of filesDirs) {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !LOCALE_FOLDER.test(entry.name)) continue;
      if (entry.name === DEFAULT_LOCALE) englishRoot ??= dir;
      else translated = true;
    }
  }
  return { englishRoot, translated };
}

/** The root whose en-us pages the index holds (the first, as the index resolves en-us pages). */
function englishRootOf(index: ContentIndex, filesDirs: readonly string[]): string | undefined {
  for (const page of index.allPages()) if (page.locale === DEFAULT_LOCALE) return index.filesDirOf(page.path);
  return filesDirs[0];
}

/** The command's argument, checked: strings where strings are expected, hashes that are hashes. */
function englishChangesArguments(value: unknown): ShowEnglishChangesArguments | undefined {
  const args = value as Partial<ShowEnglishChangesArguments> | undefined;
  if (!args || typeof args !== 'object') return undefined;
  const strings = ['uri', 'englishFile', 'path', 'sourceCommit', 'head', 'title'] as const;
  if (strings.some((key) => typeof args[key] !== 'string')) return undefined;
  if (!COMMIT_HASH.test(args.sourceCommit!) || !FULL_HASH.test(args.head!)) return undefined;
  return args as ShowEnglishChangesArguments;
}

/** The unified diff with a header saying what it is: the commits since the translation's source. */
function diffDocument(title: string, diff: Extract<EnglishDiff, { diff: string }>, commit: (hash: string) => EnglishCommit | undefined, commits: EnglishCommit[]): string {
  const line = (hash: string) => {
    const known = commit(hash);
    return known ? `${hash.slice(0, 7)} ${known.date} ${known.subject}` : hash.slice(0, 7);
  };
  const header = [
    `# ${title}`,
    `# from ${line(diff.from)} (the translation's source commit)`,
    `#   to ${line(diff.to)} (HEAD)`,
    ...(diff.pathAtSource && diff.pathAtSource !== diff.path
      ? [`# the English page was ${diff.pathAtSource} then`]
      : diff.pathAtSource
        ? []
        : ['# the English page did not exist at the source commit']),
    `# ${commits.length} commit${commits.length === 1 ? '' : 's'} changed it:`,
    ...commits.map((c) => `#   ${c.hash.slice(0, 7)} ${c.date} ${c.subject.replace(/[\r\n]+/g, ' ')}`),
    '',
  ];
  return header.join('\n') + (diff.diff || '(no difference in the text: the changes since were undone)\n');
}

function isInside(path: string, dir: string): boolean {
  const relative = nodePath.relative(dir, path);
  return relative === '' || (!relative.startsWith('..') && !nodePath.isAbsolute(relative));
}
