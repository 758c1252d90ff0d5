/**
 * What a check reports, in one place: the finding and edit types, and every issue code with its
 * default severity and whether its fix is safe to apply unattended (`check --fix`, "Fix all").
 * The server, the CLI, package.json's `glossary.severity` schema and the README's table of codes
 * agree with {@link ISSUE_CODES} (tests/unit/manifest.test.ts keeps them so).
 */
import type { Reference } from '../content/pageReferences';
import type { Resolution } from './resolve';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface IssueCodeInfo {
  severity: Severity;
  /**
   * The fix only re-points a reference at where it already leads, keeping its text: `check --fix`
   * applies it and "Fix all" offers it.
   */
  safeFix: boolean;
}

const code = (severity: Severity, safeFix = false): IssueCodeInfo => ({ severity, safeFix });

/** Every code we report. `templ-ill-cased-link` is not one: see docs/semantics.md, *Issue names*. */
export const ISSUE_CODES = {
  // A page's references (resolve/pageFindings.ts, resolve/macroArgs.ts).
  'broken-link': code('warning'),
  'redirected-link': code('warning', true),
  'ill-cased-link': code('warning', true),
  'templ-broken-link': code('warning'),
  'templ-redirected-link': code('warning', true),
  'templ-invalid-arg': code('warning'),
  'templ-syntax-error': code('error'),
  'templ-unknown': code('warning'),
  'only-in-en-us': code('information'),
  // Front matter (resolve/frontMatterChecks.ts).
  'front-matter-missing': code('error'),
  'front-matter-yaml': code('error'),
  'front-matter-missing-title': code('error'),
  'front-matter-missing-slug': code('error'),
  'front-matter-slug-mismatch': code('error'),
  'front-matter-duplicate-slug': code('error'),
  'front-matter-missing-page-type': code('warning'),
  // Translation status, editor only (features/translationStatus.ts).
  'translation-outdated': code('information'),
  'translation-source-unknown': code('warning'),
  'translation-no-source-commit': code('information'),
  // Glossary coverage, editor only (features/glossaryMentions.ts).
  'glossary-unlinked-mention': code('hint'),
  'glossary-orphan-entry': code('information'),
} satisfies Record<string, IssueCodeInfo>;

export type IssueCode = keyof typeof ISSUE_CODES;
export type FrontMatterCode = Extract<IssueCode, `front-matter-${string}`>;
export type TranslationCode = Extract<IssueCode, `translation-${string}`>;
export type MentionCode = Extract<IssueCode, `glossary-${string}`>;
/** The codes of a page's macros and links. */
export type ReferenceCode = Exclude<IssueCode, FrontMatterCode | TranslationCode | MentionCode>;

/** Each code's default severity. */
export const DEFAULT_SEVERITY = Object.fromEntries(Object.entries(ISSUE_CODES).map(([name, info]) => [name, info.severity])) as Record<IssueCode, Severity>;

/** Whether a finding of `code` carries a fix that `check --fix` and "Fix all" apply. */
export function hasSafeFix(code: string): boolean {
  return (ISSUE_CODES as Record<string, IssueCodeInfo>)[code]?.safeFix === true;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Finding {
  code: ReferenceCode | FrontMatterCode;
  severity: Severity;
  /** Offsets of the macro or link target. */
  start: number;
  end: number;
  message: string;
  /** The URL path the reference points to, with its locale (`/de/docs/Glossary/interface`). */
  target: string | null;
  /** Where it should point instead (redirected, ill-cased), or null. */
  suggestion: string | null;
  /** The edit that applies the suggestion, when there is one. */
  fix?: TextEdit;
  /**
   * Why applying {@link fix} changes what readers see (the macro has no display argument to keep
   * its text in): such a fix is offered but not preferred, and `check --fix` leaves it.
   */
  fixCaveat?: string;
  reference?: Reference;
  resolution?: Resolution;
}
