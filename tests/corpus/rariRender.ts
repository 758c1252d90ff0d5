/**
 * What MDN renders for a link macro, computed independently of the server from rari's templates
 * (crates/rari-doc/src/templ/templs/: glossary.rs, links/domxref.rs, links/jsxref.rs,
 * links/htmlxref.rs, links/svgxref.rs, links/svgattr.rs, links/http.rs), for edits.test.ts.
 */
import { MacroArg, parseMacroAt } from '../../server/src/syntax/macros';

export interface Rendered {
  /** The link text, as HTML. */
  text: string;
  code: boolean;
  /** The link's title attribute (domxref passes its display there). */
  title?: string;
}

/** An argument as rari's template receives it: an empty string is a missing argument. */
function arg(args: MacroArg[], i: number): string | undefined {
  const a = args[i];
  if (!a || a.kind === 'empty' || (a.kind === 'string' && a.value === '')) return undefined;
  return String(a.value);
}
/** rari's AnyArg::as_bool. */
function truthy(args: MacroArg[], i: number): boolean {
  const a = args[i];
  if (!a || a.kind === 'empty') return false;
  return a.kind === 'string' ? a.value !== '' : a.kind === 'number' ? a.value !== 0 : a.value === true;
}

/** What a link macro renders, from rari's templates; undefined for macros this test does not know. */
export function render(source: string): Rendered | undefined {
  const macro = parseMacroAt(source, 0);
  if (!macro || !('args' in macro)) throw new Error(`not a macro: ${source}`);
  const { args } = macro;
  const name = macro.name.toLowerCase();
  const display = arg(args, 1);
  switch (name) {
    case 'glossary': // display_name.unwrap_or(term_name)
      return { text: display ?? String(args[0].value), code: false };
    case 'domxref': {
      // display (or api_name) + "." + anchor without its '#'; the display is also the link's title.
      let text = display ?? String(args[0].value);
      const anchor = arg(args, 2);
      if (anchor !== undefined) text += '.' + anchor.replace(/^#/, '');
      return { text, code: !truthy(args, 3), title: display };
    }
    case 'jsxref': // display, else the name before an embedded '#'
      return { text: display ?? String(args[0].value).split('#')[0], code: !truthy(args, 3) };
    case 'htmlelement':
      return display !== undefined ? { text: display, code: false } : { text: `&lt;${args[0].value}&gt;`, code: true };
    case 'svgelement':
      return { text: `&lt;${args[0].value}&gt;`, code: true };
    case 'svgattr':
      return { text: String(args[0].value), code: true };
    case 'httpstatus':
    case 'httpheader':
    case 'httpmethod': {
      let text = display ?? String(args[0].value);
      const anchor = arg(args, 2);
      if (anchor !== undefined) text += '.' + anchor;
      return { text, code: !truthy(args, 3) };
    }
    default:
      return undefined;
  }
}
