/** Logging to the client's output (window/logMessage), filtered by `glossary.logLevel`. */
import type { Connection } from 'vscode-languageserver';
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
