/**
 * What users read of the codes stays true to resolve/findings.ts, the one table of codes: the
 * `glossary.severity` schema of package.json (VS Code's settings editor completes from it) names
 * every code the server reports, no other, each with its default severity in its description; the
 * README's table of codes has every code, no other, with the default severity the server uses.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SEVERITY } from '../../server/src/resolve/findings';

const REPO = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const severitySchema = manifest.contributes.configuration.properties['glossary.severity'].properties as Record<string, { enum: string[]; description: string }>;

describe('the manifest and the README name every code', () => {
  // The table of codes: the rows after the `| code | severity | when |` header; a row may name several codes.
  const tableStart = readme.indexOf('| code | severity | when |');
  const codeRows = readme
    .slice(tableStart)
    .split('\n')
    .slice(2)
    .filter((line, i, lines) => lines.slice(0, i + 1).every((row) => row.startsWith('|')))
    .map((line) => ({ codes: [...line.split('|')[1].matchAll(/`([a-z-]+)`/g)].map((match) => match[1]), severity: line.split('|')[2].trim() }));

  it.each(Object.entries(DEFAULT_SEVERITY))('package.json: %s (%s by default)', (code, severity) => {
    expect(severitySchema[code]?.enum).toEqual(['error', 'warning', 'information', 'hint', 'off']);
    expect(severitySchema[code].description).toMatch(new RegExp(`Default: ${severity}\\.$`));
  });

  it('package.json names no code the server does not report', () => {
    expect(Object.keys(severitySchema).filter((code) => !(code in DEFAULT_SEVERITY))).toEqual([]);
  });

  it.each(Object.entries(DEFAULT_SEVERITY))('README: %s (%s by default)', (code, severity) => {
    const row = codeRows.find((candidate) => candidate.codes.includes(code));
    expect(row, `a row of the README's table for ${code}`).toBeDefined();
    expect(row!.severity).toBe(severity);
  });

  it("the README's table names no code the server does not report", () => {
    expect(tableStart).toBeGreaterThan(0);
    expect(codeRows.flatMap((row) => row.codes).filter((code) => !(code in DEFAULT_SEVERITY))).toEqual([]);
  });

  it('glossary.aliases is a setting: term → list of strings, or false', () => {
    const aliases = manifest.contributes.configuration.properties['glossary.aliases'];
    expect(aliases.type).toBe('object');
    expect(aliases.additionalProperties.anyOf).toEqual([{ type: 'array', items: { type: 'string' } }, { const: false }]);
  });

  it('the Glossary view and its commands are contributed', () => {
    expect(manifest.contributes.views.explorer.map((view: { id: string; name: string }) => [view.id, view.name])).toContainEqual(['glossary.coverage', 'Glossary']);
    const commands = manifest.contributes.commands.map((command: { command: string }) => command.command);
    expect(commands).toEqual(expect.arrayContaining(['glossary.openCoverageReport', 'glossary.refreshCoverage']));
  });
});
