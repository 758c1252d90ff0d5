#!/usr/bin/env node
/**
 * `glossary-lsp`: `--stdio` (or `--node-ipc`, `--socket=N`) starts the language server,
 * `check …` runs the checker, `coverage …` reports how the glossary is linked, `translations …`
 * the translation status report.
 */
import { runCheck, CHECK_USAGE, Output } from '../cli/checkCommand';
import { runCoverage, COVERAGE_USAGE } from '../cli/coverage';
import { runTranslations, TRANSLATIONS_USAGE } from '../cli/translations';
import { VERSION } from '../version';

const USAGE = `Usage:
  glossary-lsp --stdio             start the language server on stdin/stdout (also --node-ipc, --socket=PORT)
  glossary-lsp check [options]     check content pages, as MDN's build would (glossary-lsp check --help)
  glossary-lsp coverage [options]  how one locale's glossary is linked: unlinked mentions, orphans, wanted terms
                                   (glossary-lsp coverage --help)
  glossary-lsp translations [...]  what changed in English since each page of a locale was translated
  glossary-lsp --version

${CHECK_USAGE}

${TRANSLATIONS_USAGE}`;

/** The subcommands: each runs with its arguments and an output, and has its own `--help`. */
const SUBCOMMANDS: Record<string, { usage: string; run: (argv: string[], output: Output) => Promise<number> }> = {
  check: { usage: CHECK_USAGE, run: runCheck },
  coverage: { usage: COVERAGE_USAGE, run: runCoverage },
  translations: { usage: TRANSLATIONS_USAGE, run: runTranslations },
};

const stdOutput: Output = { out: (line) => process.stdout.write(line + '\n'), err: (line) => process.stderr.write(line + '\n') };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const subcommand = Object.hasOwn(SUBCOMMANDS, command ?? '') ? SUBCOMMANDS[command] : undefined;
  if (subcommand) {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(subcommand.usage + '\n');
      return 0;
    }
    return subcommand.run(rest, stdOutput);
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  if (argv.some((arg) => arg === '--stdio' || arg === '--node-ipc' || arg.startsWith('--socket') || arg.startsWith('--pipe'))) {
    const { startServer } = await import('../lsp/server');
    startServer();
    return -1; // keeps running
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  process.stderr.write(`glossary-lsp: ${command ? `unknown command ${command}` : 'no command given'}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`glossary-lsp: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
