/**
 * HEAD watched for translation status (translationService.ts): the files whose change means HEAD
 * may have moved, through the client's file watchers or by polling.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, WatchKind, type ClientCapabilities, type Connection, type Disposable, type FileEvent } from 'vscode-languageserver';
import { pathOf } from './documents';
import { describe, Logger } from './logger';

/** What a HeadWatcher needs of the server. */
export interface HeadWatcherDeps {
  connection: Connection;
  capabilities: () => ClientCapabilities;
  log: Logger;
}

/**
 * Watches the files whose change means HEAD may have moved (`.git/HEAD`, the branch's ref,
 * `packed-refs`; usually outside the workspace). Through the client's file watchers when it can
 * watch a folder outside the workspace (dynamic registration with relative patterns: VS Code);
 * otherwise by polling their status (fs.watchFile: a `stat` of three files every few seconds).
 */
export class HeadWatcher {
  private paths: string[] = [];
  private registration: Promise<Disposable | undefined> | undefined;
  private polled: string[] = [];

  constructor(
    private readonly deps: HeadWatcherDeps,
    private readonly onChange: () => void,
    private readonly pollMs: number,
  ) {}

  set(paths: string[]): void {
    const wanted = [...paths].sort();
    if (wanted.join('\n') === this.paths.join('\n')) return;
    this.clear();
    this.paths = wanted;
    if (!wanted.length) return;
    const watched = this.deps.capabilities().workspace?.didChangeWatchedFiles;
    if (watched?.dynamicRegistration && watched.relativePatternSupport) {
      this.deps.log.debug(`watching ${wanted.join(', ')} through the client`);
      this.registration = this.deps.connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: wanted.map((path) => ({
            globPattern: { baseUri: pathToFileURL(nodePath.dirname(path)).toString(), pattern: nodePath.basename(path) },
            kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete,
          })),
        })
        .catch((error) => {
          this.deps.log.warn(`the client did not register watchers of ${wanted.join(', ')} (${describe(error)}): polling them instead`);
          if (this.paths === wanted) this.poll(wanted);
          return undefined;
        });
    } else {
      this.poll(wanted);
    }
  }

  /** Shutdown: polling stops; the client's watchers go with the connection (no request after `shutdown`). */
  dispose(): void {
    this.registration = undefined;
    this.clear();
  }

  private poll(paths: string[]): void {
    this.deps.log.debug(`watching ${paths.join(', ')} by polling every ${this.pollMs} ms`);
    for (const path of paths) fs.watchFile(path, { interval: this.pollMs, persistent: false }, this.polledChange);
    this.polled = paths;
  }

  /** Whether client-reported changes touch a watched file. */
  concerns(changes: readonly FileEvent[]): boolean {
    if (!this.registration) return false;
    return changes.some((change) => {
      const path = pathOf(change.uri);
      return !!path && this.paths.includes(path);
    });
  }

  private readonly polledChange = (current: fs.Stats, previous: fs.Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) this.onChange();
  };

  private clear(): void {
    for (const path of this.polled) fs.unwatchFile(path, this.polledChange);
    this.polled = [];
    const registration = this.registration;
    this.registration = undefined;
    void registration?.then((disposable) => disposable?.dispose());
    this.paths = [];
  }
}
