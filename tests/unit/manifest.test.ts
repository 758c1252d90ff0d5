/**
 * What users read of the codes stays true: the `glossary.severity` schema of package.json (VS Code's
 * settings editor completes from it) names every code the server reports; the README's table has
 * the glossary coverage codes with the default severity the server uses.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SEVERITY } from '../../server/src/resolve/check';
import { MENTION_DEFAULT_SEVERITY } from '../../server/src/features/glossaryMentions';

const REPO = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const severitySchema = manifest.contributes.configuration.properties['glossary.severity'].properties as Record<string, { enum: string[]; description: string }>;

describe('the manifest and the README name every code', () => {
  it.each(Object.keys({ ...DEFAULT_SEVERITY, ...MENTION_DEFAULT_SEVERITY }))('package.json: %s', (code) => {
    expect(severitySchema[code]?.enum).toEqual(['error', 'warning', 'information', 'hint', 'off']);
  });

  it.each(Object.entries(MENTION_DEFAULT_SEVERITY))('README: %s (%s by default)', (code, severity) => {
    const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${code}\``));
    expect(row, `a row of the README's table for ${code}`).toBeDefined();
    expect(row!.split('|')[2].trim()).toBe(severity);
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
