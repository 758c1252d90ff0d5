/**
 * Front matter, read with gray-matter (js-yaml). Never throws: a YAML error comes back positioned.
 */
import matter from 'gray-matter';

/** gray-matter's YAML engine (js-yaml's safe load). */
const yamlEngine = (matter as unknown as { engines?: { yaml?: { parse(text: string): unknown } } }).engines?.yaml ?? { parse: (text: string) => matter(`---${text}---`, {}).data };
import { frontMatterEnd, frontMatterStart } from '../syntax/document';
import { LineIndex } from '../syntax/positions';

export interface FrontMatter {
  title?: string;
  slug?: string;
  pageType?: string;
  /** Translations: `l10n.sourceCommit`, or the legacy `translation_of` shape. */
  l10n?: { sourceCommit?: string };
  hasTranslationOf: boolean;
  /** Every key, as parsed (for checks that need more). */
  data: Record<string, unknown>;
}

export interface FrontMatterError {
  message: string;
  /** 0-based line in the file. */
  line: number;
}

export type FrontMatterResult = { ok: true; frontMatter: FrontMatter } | { ok: false; error: FrontMatterError };

export function readFrontMatter(text: string): FrontMatterResult {
  const end = frontMatterEnd(text);
  if (end === 0) {
    return { ok: false, error: { message: 'no front matter: a page starts with a `---` block holding title and slug', line: 0 } };
  }
  try {
    // The block between the delimiters (from the opening `---`'s newline, so YAML's line numbers
    // are the file's) goes straight to gray-matter's YAML engine: the delimiters are already found
    // (frontMatterEnd), and gray-matter's own wrapping costs as much as the parse on 27k pages.
    const block = text.slice(frontMatterStart(text) + 3, text.lastIndexOf('---', end - 1));
    const parsed: unknown = block.trim() === '' ? {} : yamlEngine.parse(block);
    const data = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as Record<string, unknown>;
    const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
    const l10n = data.l10n && typeof data.l10n === 'object' ? (data.l10n as Record<string, unknown>) : undefined;
    return {
      ok: true,
      frontMatter: {
        title: str(data.title),
        slug: str(data.slug),
        pageType: str(data['page-type']),
        l10n: l10n ? { sourceCommit: str(l10n.sourceCommit) } : undefined,
        hasTranslationOf: 'translation_of' in data,
        data,
      },
    };
  } catch (error) {
    const yamlError = error as { reason?: string; message?: string; mark?: { line?: number } };
    // The block starts with the opening `---`'s newline, so the mark's line is the file's line;
    // keep it inside the front matter block.
    const lastLine = new LineIndex(text.slice(0, end)).lineCount - 2;
    const line = typeof yamlError.mark?.line === 'number' ? Math.max(1, Math.min(yamlError.mark.line, lastLine)) : 0;
    const reason = yamlError.reason ?? String(yamlError.message ?? error).split('\n')[0];
    return { ok: false, error: { message: `front matter is not valid YAML: ${reason}`, line } };
  }
}
