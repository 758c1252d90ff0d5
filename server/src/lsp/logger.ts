/**
 * What the server tells: the log (window/logMessage, filtered by `glossary.logLevel`), and messages
 * to the user, which are window/showMessage notifications sent at most once per cause. Never
 * window/showMessageRequest: a request without actions makes Neovim wait for a keypress (a
 * headless one forever) and Emacs ask "Choose an option:".
 */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { GlossarySettings } from './protocol';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const RANK = { error: 0, warn: 1, info: 2, debug: 3 } as const;

export function createLogger(connection: Connection, level: () => GlossarySettings['logLevel']): Logger {
  const at = (wanted: keyof typeof RANK, send: (message: string) => void) => (message: string) => {
    if (RANK[wanted] <= RANK[level() ?? 'info']) send(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
  };
  return {
    error: at('error', (m) => connection.console.error(m)),
    warn: at('warn', (m) => connection.console.warn(m)),
    info: at('info', (m) => connection.console.info(m)),
    debug: at('debug', (m) => connection.console.log(m)),
  };
}

export interface UserMessages {
  /** Logs `text` and shows it once: a later call with the same cause is logged only. */
  info(cause: string, text: string): void;
  warn(cause: string, text: string): void;
  error(cause: string, text: string): void;
}

export function userMessages(connection: Connection, log: Logger): UserMessages {
  const shown = new Set<string>();
  const show = (type: MessageType, cause: string, text: string) => {
    if (shown.has(cause)) return;
    shown.add(cause);
    void connection.sendNotification(ShowMessageNotification.type, { type, message: `Glossary: ${text}` }).catch(() => undefined);
  };
  return {
    info(cause, text) {
      log.info(text);
      show(MessageType.Info, cause, text);
    },
    warn(cause, text) {
      log.warn(text);
      show(MessageType.Warning, cause, text);
    },
    error(cause, text) {
      log.error(text);
      show(MessageType.Error, cause, text);
    },
  };
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
