/**
 * How requests and notifications are answered, the same way for every handler: refused before
 * `initialize` and after `shutdown`, answered from the newest build, a fallback when cancelled,
 * and any exception logged, never thrown at the client.
 */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { FeatureContext, PageDocument } from '../features/context';
import { RenameError } from '../features/rename';
import type { RequestActivity } from './activity';
import type { IndexedBuild } from './indexing';
import type { IndexHost } from './indexHost';
import { refusal, type Lifecycle } from './lifecycle';
import { describe, type Logger } from './logger';
import type { QuietWork } from './quietWork';
import type { ContentIndex } from '../content/contentIndex';

export interface HandlerDeps {
  lifecycle: Lifecycle;
  host: IndexHost<ContentIndex>;
  quiet: QuietWork;
  requests: RequestActivity;
  log: Logger;
  contextOf(built: IndexedBuild): FeatureContext;
  pageOf(uri: string, built: IndexedBuild): PageDocument | undefined;
}

/** The handler makers of a server: `answer` (a request), `onPage` (a request on an open page), `whileRunning` (a notification). */
export function requestHandlers({ lifecycle, host, quiet, requests, log, contextOf, pageOf }: HandlerDeps) {
  /**
   * A request, answered from the newest build once there is one: refused before `initialize` and
   * after `shutdown`, `fallback` when cancelled, and any exception logged and answered with
   * `fallback`. `references`: the build's references must be scanned first. `long`: a request that
   * may run for seconds (Check Workspace), which the reference scan does not pause for; it pauses
   * for every other one while it is computed.
   */
  function answer<P, R>(method: string, fallback: R, run: (params: P, built: IndexedBuild, token: CancellationToken) => R | Promise<R>, how: Kind = {}) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<never>> => {
      quiet.touch();
      const refused = refusal(lifecycle);
      if (refused) return refused;
      try {
        const built = await untilCancelled(how.references ? host.withReferences() : host.current(), token);
        if (!built || token.isCancellationRequested) return fallback;
        return await (how.long ? run(params, built, token) : requests.during(() => run(params, built, token)));
      } catch (error) {
        // A failed build was reported once already; anything else is a bug.
        if (!host.failed) log.error(`${method} failed${uriIn(params)}: ${describe(error)}`);
        return fallback;
      }
    };
  }
  /** A request on an open document: `run` gets its page and the feature context. */
  function onPage<P extends { textDocument: { uri: string } }, R>(
    method: string,
    fallback: R,
    run: (doc: PageDocument, ctx: FeatureContext, params: P, token: CancellationToken) => R | Promise<R>,
    how: Kind = {},
  ) {
    return answer<P, R>(
      method,
      fallback,
      (params, built, token) => {
        const doc = pageOf(params.textDocument.uri, built);
        return doc ? run(doc, contextOf(built), params, token) : fallback;
      },
      how,
    );
  }
  /** A notification handler that only runs between `initialize` and `shutdown` (others are dropped). */
  const whileRunning =
    <P>(handle: (params: P) => void | Promise<void>) =>
    (params: P) => {
      quiet.touch();
      if (lifecycle.phase !== 'running') return;
      try {
        void handle(params)?.catch((error) => log.error(describe(error)));
      } catch (error) {
        log.error(describe(error));
      }
    };
  return { answer, onPage, whileRunning };
}

/** How a request is answered (see `answer`). */
export interface Kind {
  references?: boolean;
  long?: boolean;
}

/** A promise, or undefined once the request is cancelled. */
function untilCancelled<T>(promise: Promise<T>, token: CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => resolve(undefined));
    promise.then(
      (value) => (listener.dispose(), resolve(value)),
      (error) => (listener.dispose(), reject(error)),
    );
  });
}

/** A refused rename is an error the client shows; anything else is a bug (logged by `answer`). */
export async function renameRefusal<R>(run: () => R | Promise<R>): Promise<R | ResponseError<void>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RenameError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    throw error;
  }
}

function uriIn(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: string } } | undefined)?.textDocument?.uri;
  return uri ? ` on ${uri}` : '';
}
