/**
 * markdown-it, when present (it comes with @vscode/vsce), to render hovers as a client would,
 * raw HTML allowed; undefined otherwise, and the tests that need it say so.
 */
export const markdownIt: { render(text: string): string } | undefined = (() => {
  try {
    // An optional dependency: a failed require is the answer, not an error.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const MarkdownIt = require('markdown-it');
    return new MarkdownIt({ html: true });
  } catch {
    return undefined;
  }
})();
