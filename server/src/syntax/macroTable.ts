/**
 * The one table of known KumaScript macros, as data: names, parameters (with MDN's argument types),
 * what they do, and for the macros that link to a page, which argument names the target, how it
 * maps to a slug, and which is the display text and what shows without it. Completion, signature
 * help, hover summaries, references, checks (`templ-unknown`, `templ-invalid-arg`, broken and
 * redirected targets) and fixes all read it.
 * Names compare case-insensitively, with `-` and `_` equal, as MDN's build (rari) looks them up.
 * Source: rari's templates (`#[rari_f(register = "crate::Templ")]` functions).
 */

export interface MacroParameter {
  name: string;
  /** rari's argument types: `string` must be a string, `integer` an integer, `any` takes anything. */
  type: 'string' | 'any' | 'integer';
  optional: boolean;
  documentation: string;
}

/**
 * How a link macro's arguments become the link MDN shows, as rari's template writes it: which
 * argument names the target, which (if any) is the link text, and what the text is without it.
 * A fix that changes the target keeps what readers see by writing the old text as the display.
 */
export interface LinkRendering {
  /** Index of the argument that names the target page. */
  target: number;
  /** Index of the display (link text) argument; undefined: the macro has none. */
  display?: number;
  /**
   * The link text (HTML, as rari emits it) when the display argument is absent or empty (rari
   * reads an empty string as absent), from the target argument's value.
   */
  defaultText(target: string): string;
  /** Whether the text is wrapped in `<code>`: without a display argument, and with one. */
  code: boolean;
  codeWithDisplay: boolean;
  /** A display argument also becomes the link's `title` (tooltip), with the same words: domxref. */
  displayIsTitle?: boolean;
}

export interface MacroSpec {
  name: string;
  parameters: MacroParameter[];
  documentation: string;
  /** What kind of output the macro makes (for grouping and docs). */
  category: 'link' | 'embed' | 'list' | 'badge' | 'banner' | 'sidebar' | 'other';
  /** The macro takes no arguments it checks (anything written is accepted and ignored). */
  ignoresArguments?: boolean;
  /** For macros whose target the checker resolves: how they render (rari's templates). */
  rendering?: LinkRendering;
  /**
   * For macros whose target the checker resolves: the slug candidates under `/<locale>/docs/` of a
   * target argument, best first (several for older content generations).
   */
  slugs?: (target: string) => string[];
}

const p = (name: string, documentation: string, optional = true, type: MacroParameter['type'] = 'string'): MacroParameter => ({ name, type, optional, documentation });
const display = p('display', 'Link text shown instead of the default');
const anchor = p('anchor', 'Fragment of the target page (`#id`)');
const noCode = p('no_code', 'Any true value: do not format the link text as code', true, 'any');
const ignored = (name: string) => p(name, 'Legacy argument, ignored', true, 'any');

type Category = MacroSpec['category'];
const spec = (category: Category, name: string, parameters: MacroParameter[], documentation: string, extra: Partial<MacroSpec> = {}): MacroSpec => ({
  name,
  parameters,
  documentation,
  category,
  ...extra,
});
const none = (category: Category, documentation: string) => (name: string) => spec(category, name, [], documentation);

// What each template shows (crates/rari-doc/src/templ/templs/ in mdn/rari): `glossary.rs`
// `display_name.unwrap_or(term_name)`; `links/domxref.rs` the display, else `api_name` as written
// (the display is also passed as the link's title); `links/jsxref.rs` the display, else the name
// before any `#`; `links/http.rs` the display, else the argument; `links/htmlxref.rs` the display
// without `<code>`, else `&lt;name&gt;` in `<code>`; `links/svgxref.rs` and `links/svgattr.rs`
// always the name, in `<code>` (no display parameter). Anchors add `.anchor` after either text.
const asWritten = (target: string) => target;
const rendering = (display: number | undefined, code: boolean, defaultText: (target: string) => string = asWritten, extra: Partial<LinkRendering> = {}): LinkRendering => ({
  target: 0,
  display,
  defaultText,
  code,
  codeWithDisplay: code,
  ...extra,
});
const elementText = (name: string) => `&lt;${name}&gt;`;
export const GLOSSARY_RENDERING: LinkRendering = rendering(1, false);

const http = (name: string, param: string, what: string, example: string, folder: string) =>
  spec(
    'link',
    name,
    [p(param, `${what}, e.g. \`${example}\``, false, 'any'), display, p('anchor', 'Fragment, appended as is'), noCode],
    `Links to an HTTP ${what.toLowerCase()} page under \`Web/HTTP/Reference/${folder}/\`.`,
    {
      rendering: rendering(1, true),
      slugs: (target: string) => [`Web/HTTP/Reference/${folder}/${target}`, `Web/HTTP/${folder}/${target}`],
    },
  );

const LIST_DOCS: Record<string, string> = {
  Specifications: "Specifications table of the page's `spec-urls` or browser-compat keys.",
  WebExtAllCompatTables: 'Compatibility tables of every WebExtensions API.',
  CSSInfo: 'Formal definition table of the CSS property of the page.',
  CSS_Ref: 'Index of the CSS reference.',
  svginfo: 'Information table of the SVG element of the page.',
  SubpagesWithSummaries: 'The subpages of the page with their summaries.',
  LandingPageListSubpages: 'The subpages of a landing page with their summaries.',
  APIListAlpha: 'Alphabetical list of the Web API interfaces.',
  APIListSpecs: 'List of the Web API specifications.',
  ListGroups: 'Index of the Web API groups.',
  WebExtAllExamples: 'Every WebExtensions example.',
  XSLTRef: 'The XSLT reference list.',
  Firefox_for_developers: 'Links to the Firefox release notes for developers.',
};

// How a target argument becomes a slug (rari's templates; older folders as later candidates).
const under =
  (...prefixes: string[]) =>
  (target: string) =>
    prefixes.map((prefix) => prefix + target);
const apiSlug = (target: string) =>
  target
    .replace(/ /g, '_')
    .replace(/\(\)/g, '')
    .replace(/\.prototype\./g, '.')
    .replace(/\./g, '/');
const jsSlugs = (target: string) => {
  let slug = target.replace(/\(\)/g, '').replace(/\.prototype\./g, '.');
  if (!slug.includes('/')) slug = slug.replace(/\./g, '/');
  return [`Web/JavaScript/Reference/${slug}`, `Web/JavaScript/Reference/Global_Objects/${slug}`];
};

/** `Cross-site   scripting` → `Glossary/Cross-site_scripting` (no case change). */
export function glossarySlug(term: string): string {
  return 'Glossary/' + term.trim().replace(/\s+/g, ' ').replace(/ /g, '_');
}
const glossarySlugs = (term: string) => [glossarySlug(term)];

export const MACROS: MacroSpec[] = [
  // ——— links ———
  spec(
    'link',
    'Glossary',
    [p('term', 'Glossary term: `Glossary/<term>` (spaces become `_`; `#fragment` allowed)', false), p('display', 'Link text (default: the term)')],
    "Links to a glossary entry of the page's locale (English when not translated).",
    { rendering: GLOSSARY_RENDERING, slugs: glossarySlugs },
  ),
  spec(
    'link',
    'domxref',
    [p('api_name', 'Web API name: `MediaDevices.getUserMedia()` → `Web/API/MediaDevices/getUserMedia`', false), display, anchor, noCode],
    'Links to a Web API page under `Web/API/`, formatted as code.',
    { rendering: rendering(1, true, asWritten, { displayIsTitle: true }), slugs: (target) => [`Web/API/${apiSlug(target)}`] },
  ),
  spec(
    'link',
    'jsxref',
    [p('api_name', 'JavaScript name: `Array.prototype.map()` → `Global_Objects/Array/map`', false), display, anchor, noCode],
    'Links to a JavaScript reference page, formatted as code.',
    { rendering: rendering(1, true, (name) => name.split('#')[0]), slugs: jsSlugs },
  ),
  spec(
    'link',
    'cssxref',
    [p('name', 'CSS property, value type (`<color>`), selector (`:hover`) or at-rule (`@media`)', false), display, anchor],
    'Links to a CSS reference page, formatted as code.',
    { rendering: rendering(1, true) },
  ),
  spec(
    'link',
    'HTMLElement',
    [p('element_name', 'Element name, e.g. `abbr`', false), p('display', 'Link text (default: `<name>`)'), anchor, ignored('_')],
    'Links to an HTML element page, shown as `<name>`.',
    {
      rendering: rendering(1, true, elementText, { codeWithDisplay: false }),
      slugs: under('Web/HTML/Reference/Elements/', 'Web/HTML/Element/'),
    },
  ),
  spec('link', 'SVGElement', [p('element_name', 'SVG element name, e.g. `circle`', false), ignored('_')], 'Links to an SVG element page, shown as `<name>`.', {
    rendering: rendering(undefined, true, elementText),
    slugs: under('Web/SVG/Reference/Element/', 'Web/SVG/Element/'),
  }),
  spec('link', 'SVGAttr', [p('name', 'SVG attribute name, e.g. `viewBox`', false)], 'Links to an SVG attribute page, formatted as code.', {
    rendering: rendering(undefined, true),
    slugs: under('Web/SVG/Reference/Attribute/', 'Web/SVG/Attribute/'),
  }),
  spec('link', 'MathMLElement', [p('element_name', 'MathML element name, e.g. `mfrac`', false)], 'Links to a MathML element page, shown as `<name>`.'),
  http('HTTPHeader', 'header', 'Header', 'Content-Type', 'Headers'),
  http('HTTPStatus', 'status', 'Status code', '404', 'Status'),
  http('HTTPMethod', 'method', 'Method', 'GET', 'Methods'),
  spec('link', 'CSP', [p('directive', 'Content-Security-Policy directive, e.g. `script-src`', false)], 'Links to a Content-Security-Policy directive page, formatted as code.'),
  spec(
    'link',
    'WebExtAPIRef',
    [p('api', 'WebExtensions API name, e.g. `tabs.query()`', false), display, anchor, noCode],
    'Links to a WebExtensions API page under `Mozilla/Add-ons/WebExtensions/API/`.',
  ),
  spec(
    'link',
    'xref',
    [p('name', 'Name in the shared cross-reference index (`name#fragment` allowed)', false), display, anchor, noCode],
    'Links to a reference page found through the cross-reference index.',
  ),
  spec(
    'link',
    'RFC',
    [p('number', 'RFC number, e.g. `9110`', false, 'any'), p('content', 'Text after the RFC number'), p('anchor', 'Section number', true, 'any')],
    'Links to an IETF RFC on datatracker.ietf.org.',
  ),
  spec('link', 'Previous', [p('prev', 'Slug of the previous page')], 'A "Previous" button.'),
  spec('link', 'Next', [p('next', 'Slug of the next page')], 'A "Next" button.'),
  spec('link', 'PreviousNext', [p('prev', 'Slug of the previous page'), p('next', 'Slug of the next page')], '"Previous" and "Next" buttons.'),
  spec('link', 'PreviousMenu', [p('prev', 'Slug of the previous page'), p('menu', 'Slug of the overview page')], '"Previous" and "Overview" buttons.'),
  spec('link', 'NextMenu', [p('next', 'Slug of the next page'), p('menu', 'Slug of the overview page')], '"Overview" and "Next" buttons.'),
  spec(
    'link',
    'PreviousMenuNext',
    [p('prev', 'Slug of the previous page'), p('next', 'Slug of the next page'), p('menu', 'Slug of the overview page')],
    '"Previous", "Overview" and "Next" buttons.',
  ),
  spec('link', 'LiveSampleLink', [p('id', 'Heading id of the live sample', false), p('display', 'Link text', false)], 'Links to a live sample of the page, shown full screen.'),

  // ——— embeds ———
  spec(
    'embed',
    'EmbedLiveSample',
    [
      p('id', 'Heading id of the sample (default: the whole page)'),
      p('width', 'Width of the frame', true, 'any'),
      p('height', 'Height of the frame', true, 'any'),
      ignored('_3'),
      ignored('_4'),
      ignored('_5'),
      p('allowed_features', 'Permissions policy of the frame (`allow`)'),
      p('sandbox', 'Extra sandbox tokens: `allow-modals`, `allow-forms` or `allow-popups`'),
    ],
    'Embeds the live sample under a heading.',
  ),
  spec(
    'embed',
    'EmbedGHLiveSample',
    [p('path', 'Path under `https://mdn.github.io/`', false), p('width', 'Width of the frame', true, 'any'), p('height', 'Height of the frame', true, 'any')],
    'Embeds an example hosted on mdn.github.io.',
  ),
  spec(
    'embed',
    'EmbedInteractiveExample',
    [p('path', 'Path of the interactive example', false), p('height', 'Height class of the frame')],
    'Embeds an interactive example (older form).',
  ),
  spec(
    'embed',
    'InteractiveExample',
    [p('name', 'Title of the interactive example', false), p('height', 'Height class: `shorter`, `taller`, `tabbed-shorter`, …')],
    'The interactive example built from the code blocks below it.',
  ),
  spec('embed', 'EmbedYouTube', [p('video_id', 'YouTube video id', false), p('title', 'Title of the frame')], 'Embeds a YouTube video (youtube-nocookie.com).'),
  spec(
    'embed',
    'JSFiddleEmbed',
    [p('url', 'URL of the fiddle', false), p('options', 'Tabs to show, e.g. `js,html,result`'), p('height', 'Height of the frame', true, 'any')],
    'Embeds a JSFiddle.',
  ),

  // ——— tables and lists ———
  spec('list', 'Compat', [], "Browser compatibility tables of the page's `browser-compat` keys.", { ignoresArguments: true }),
  ...[
    'Specifications',
    'WebExtAllCompatTables',
    'CSSInfo',
    'CSS_Ref',
    'svginfo',
    'SubpagesWithSummaries',
    'LandingPageListSubpages',
    'APIListAlpha',
    'APIListSpecs',
    'ListGroups',
    'WebExtAllExamples',
    'XSLTRef',
    'Firefox_for_developers',
  ].map((name) => spec('list', name, [], LIST_DOCS[name])),
  spec('list', 'CSSSyntax', [p('name', 'Property or type whose syntax to show (default: the page)')], 'Formal syntax of the CSS property or type of the page.'),
  spec('list', 'CSSSyntaxRaw', [p('syntax', 'A formal syntax, e.g. `<axis> = block | inline`', false)], 'Formal syntax written out in the argument.'),
  spec('list', 'InheritanceDiagram', [p('interface', 'Interface (default: the page)')], 'Inheritance diagram of a Web API interface.'),
  spec(
    'list',
    'JS_Property_Attributes',
    [p('writable', '1 or 0', false, 'integer'), p('enumerable', '1 or 0', false, 'integer'), p('configurable', '1 or 0', false, 'integer')],
    "Table of a JavaScript property's attributes.",
  ),
  spec(
    'list',
    'ListSubpages',
    [
      p('url', 'Parent page (default: the page)'),
      p('depth', 'How deep to list', true, 'any'),
      p('reverse', 'Any true value: reverse order', true, 'any'),
      p('ordered', 'Any true value: numbered list', true, 'any'),
    ],
    'A list of the subpages of a page.',
  ),
  spec(
    'list',
    'ListSubpagesForSidebar',
    [
      p('url', 'Parent page', false),
      noCode,
      p('include_parent', 'Any true value: list the parent too', true, 'any'),
      p('title_only_after', 'Show only the title after this prefix'),
      p('title_only_before', 'Show only the title before this suffix'),
    ],
    'A sidebar list of the subpages of a page.',
  ),
  spec('list', 'QuickLinksWithSubpages', [p('url', 'Parent page (default: the page)')], 'Quick links to the subpages of a page (sidebar).'),
  spec('list', 'GlossaryDisambiguation', [], 'A list of the subpages of a disambiguation glossary entry, with their summaries.'),
  spec('list', 'WebExtExamples', [p('heading', 'Heading level of the list')], 'WebExtensions examples that use the API of the page.'),
  spec('other', 'echo', [p('s', 'Text to output', false)], 'Outputs its argument (test helper).'),
  spec('other', 'xulelem', [], 'Obsolete: renders nothing.', { ignoresArguments: true }),

  // ——— badges and banners ———
  ...['Experimental_Inline', 'ExperimentalBadge', 'Non-standard_Inline', 'NonStandardBadge', 'Deprecated_Inline', 'Optional_Inline', 'ReadOnlyInline', 'SecureContext_Inline'].map(
    none('badge', 'An inline badge.'),
  ),
  ...['SeeCompatTable', 'SecureContext_Header', 'Non-standard_Header'].map(none('banner', 'A banner at the top of the page.')),
  spec('banner', 'AvailableInWorkers', [p('typ', 'Which workers: e.g. `window_and_worker_except_service`')], 'Banner: the feature is available in Web Workers.'),
  spec('banner', 'Deprecated_Header', [p('version', 'Obsolete: a version (MDN warns when given)', true, 'any')], 'Banner: the feature is deprecated.'),

  // ——— sidebars ———
  spec('sidebar', 'APIRef', [p('group', 'API group of the sidebar (default: from the page)')], 'The Web API sidebar.'),
  spec('sidebar', 'DefaultAPISidebar', [p('group', 'API group of the sidebar', false)], 'The Web API sidebar of an API overview page.'),
  // The sidebars without parameters.
  ...'JSRef CSSRef GlossarySidebar AddonSidebar AddonSidebarMain LearnSidebar SVGRef HTTPSidebar JsSidebar'
    .concat(' HTMLSidebar AccessibilitySidebar FirefoxSidebar WebAssemblySidebar XSLTSidebar MDNSidebar GamesSidebar MathMLRef PWASidebar')
    .split(' ')
    .map(none('sidebar', 'A sidebar.')),
];

const byKey = new Map(MACROS.map((macro) => [catalogKey(macro.name), macro]));

/** How MDN's build looks a macro up: lowercase, `-` as `_`. */
export function catalogKey(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

export function macroSpec(name: string): MacroSpec | undefined {
  return byKey.get(catalogKey(name));
}

/** Whether MDN's build knows the macro, or the user said it behaves like Glossary (`extra`, lowercase). */
export function isKnownMacro(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  if (byKey.has(catalogKey(name))) return true;
  const key = catalogKey(name);
  for (const known of extra) if (catalogKey(known) === key) return true;
  return false;
}

/** A macro's signature: `{{Glossary(term, display?)}}`, with each parameter's [start, end) in the label. */
export function macroSignature(name: string): { label: string; documentation: string; parameters: MacroParameter[]; offsets: Array<[number, number]> } | undefined {
  const spec = macroSpec(name);
  if (!spec) return undefined;
  let label = `{{${spec.name}(`;
  const offsets: Array<[number, number]> = [];
  spec.parameters.forEach((param, i) => {
    if (i > 0) label += ', ';
    const text = param.optional ? `${param.name}?` : param.name;
    offsets.push([label.length, label.length + text.length]);
    label += text;
  });
  label += ')}}';
  const docs = [spec.documentation, ...spec.parameters.map((param) => `- \`${param.name}\`${param.optional ? ' (optional)' : ''}: ${param.documentation}`)];
  return { label, documentation: docs.join('\n'), parameters: spec.parameters, offsets };
}

/** `&lt;img&gt;` → `<img>`: a rendering's HTML text as words. */
export function readableText(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** How a macro renders its link, when the catalog knows (`glossary`: a configured Glossary-like macro). */
export function linkRendering(name: string, glossary = false): LinkRendering | undefined {
  return glossary ? GLOSSARY_RENDERING : macroSpec(name)?.rendering;
}

/** The macros whose target the checker resolves to a page, in the table's order (Glossary first). */
export const LINKING_MACROS: readonly MacroSpec[] = MACROS.filter((macro) => macro.slugs);
