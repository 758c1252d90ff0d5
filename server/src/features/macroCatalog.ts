/**
 * Known KumaScript macros, as data: names, parameters, and what they do. Used for completion
 * details and (later) signature help and `templ-unknown`. Names compare case-insensitively, with
 * `-` and `_` equal, as MDN's build looks them up.
 */

export interface MacroParameter {
  name: string;
  type: 'string' | 'any' | 'integer';
  optional: boolean;
  documentation: string;
}

export interface MacroSpec {
  name: string;
  parameters: MacroParameter[];
  documentation: string;
}

const p = (name: string, documentation: string, optional = true, type: MacroParameter['type'] = 'string'): MacroParameter => ({ name, type, optional, documentation });
const display = p('display', 'Link text shown instead of the default');
const anchor = p('anchor', 'Fragment of the target page (`#id`)');
const noCode = p('no_code', 'Any true value: do not format the link text as code', true, 'any');

export const MACROS: MacroSpec[] = [
  { name: 'Glossary', parameters: [p('term', 'Glossary term: `Glossary/<term>` (spaces become `_`)', false), display], documentation: 'Links to a glossary entry of the page\'s locale (English when not translated).' },
  { name: 'domxref', parameters: [p('api_name', 'Web API name: `MediaDevices.getUserMedia()` → `Web/API/MediaDevices/getUserMedia`', false), display, anchor, noCode], documentation: 'Links to a Web API page under `Web/API/`.' },
  { name: 'jsxref', parameters: [p('api_name', 'JavaScript name: `Array.prototype.map()` → `Global_Objects/Array/map`', false), display, anchor, noCode], documentation: 'Links to a JavaScript reference page.' },
  { name: 'cssxref', parameters: [p('name', 'CSS property, value type, selector or at-rule', false), display, anchor], documentation: 'Links to a CSS reference page.' },
  { name: 'HTMLElement', parameters: [p('element_name', 'Element name, e.g. `abbr`', false), display, anchor], documentation: 'Links to an HTML element page, shown as `<name>`.' },
  { name: 'SVGElement', parameters: [p('element_name', 'SVG element name', false)], documentation: 'Links to an SVG element page.' },
  { name: 'SVGAttr', parameters: [p('name', 'SVG attribute name', false)], documentation: 'Links to an SVG attribute page.' },
  { name: 'HTTPHeader', parameters: [p('header', 'HTTP header name', false, 'any'), display, anchor, noCode], documentation: 'Links to an HTTP header page.' },
  { name: 'HTTPStatus', parameters: [p('status', 'HTTP status code', false, 'any'), display, anchor, noCode], documentation: 'Links to an HTTP status page.' },
  { name: 'HTTPMethod', parameters: [p('method', 'HTTP method name', false, 'any'), display, anchor, noCode], documentation: 'Links to an HTTP method page.' },
  { name: 'MathMLElement', parameters: [p('element_name', 'MathML element name', false)], documentation: 'Links to a MathML element page.' },
  { name: 'CSP', parameters: [p('directive', 'CSP directive', false)], documentation: 'Links to a Content-Security-Policy directive page.' },
  { name: 'WebExtAPIRef', parameters: [p('api', 'WebExtensions API name', false), display, anchor, noCode], documentation: 'Links to a WebExtensions API page.' },
  { name: 'RFC', parameters: [p('number', 'RFC number', false, 'any'), p('content', 'Text after the RFC number'), p('anchor', 'Section', true, 'any')], documentation: 'Links to an IETF RFC.' },
  { name: 'EmbedLiveSample', parameters: [p('id', 'Heading id of the sample'), p('width', 'Width', true, 'any'), p('height', 'Height', true, 'any'), p('_3', 'Unused'), p('_4', 'Unused'), p('_5', 'Unused'), p('allowed_features', 'Permissions policy'), p('sandbox', 'allow-modals, allow-forms or allow-popups')], documentation: 'Embeds the live sample under a heading.' },
  { name: 'GlossarySidebar', parameters: [], documentation: 'The glossary sidebar.' },
  { name: 'Compat', parameters: [], documentation: 'Browser compatibility table of the page\'s `browser-compat` key.' },
  { name: 'Specifications', parameters: [], documentation: 'Specifications table of the page.' },
];

const byKey = new Map(MACROS.map((spec) => [catalogKey(spec.name), spec]));

export function catalogKey(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

export function macroSpec(name: string): MacroSpec | undefined {
  return byKey.get(catalogKey(name));
}

/** A signature label and Markdown documentation for a macro, e.g. for completion details. */
export function macroSignature(name: string): { label: string; documentation: string; parameters: MacroParameter[] } | undefined {
  const spec = macroSpec(name);
  if (!spec) return undefined;
  const params = spec.parameters.map((param) => (param.optional ? `${param.name}?` : param.name)).join(', ');
  const docs = [spec.documentation, ...spec.parameters.map((param) => `- \`${param.name}\`${param.optional ? ' (optional)' : ''}: ${param.documentation}`)];
  return { label: `{{${spec.name}(${params})}}`, documentation: docs.join('\n'), parameters: spec.parameters };
}
