import type { CatalogPackage } from './catalog-loader';
import type { ParameterDoc } from './manifest';

/** One catalog package as `GET /api/v1/catalog` and `wisp catalog` show it. */
export interface CatalogEntryView {
  name: string;
  /** `/whisk.system/<name>` */
  path: string;
  version: string;
  description: string;
  parameters: ParameterDoc[];
  actions: { name: string; path: string; description: string; parameters: ParameterDoc[]; sampleInput?: unknown; sampleOutput?: unknown }[];
  feeds: { name: string; path: string; provider: string; description: string; parameters: ParameterDoc[]; sampleInput?: unknown }[];
}

/** The documentation view of catalog packages (no code). */
export function catalogView(packages: CatalogPackage[]): CatalogEntryView[] {
  return packages.map(({ manifest: m }) => {
    const path = `/whisk.system/${m.name}`;
    return {
      name: m.name,
      path,
      version: m.version,
      description: m.description,
      parameters: m.parameters ?? [],
      actions: (m.actions ?? []).map((a) => ({
        name: a.name,
        path: `${path}/${a.name}`,
        description: a.description,
        parameters: a.parameters ?? [],
        ...(a.sampleInput ? { sampleInput: a.sampleInput } : {}),
        ...(a.sampleOutput !== undefined ? { sampleOutput: a.sampleOutput } : {}),
      })),
      feeds: (m.feeds ?? []).map((f) => ({
        name: f.name,
        path: `${path}/${f.name}`,
        provider: f.provider,
        description: f.description,
        parameters: f.parameters ?? [],
        ...(f.sampleInput ? { sampleInput: f.sampleInput } : {}),
      })),
    };
  });
}

/** Human-readable text of one package for `wisp catalog show`. */
export function describePackage(v: CatalogEntryView): string {
  const params = (ps: ParameterDoc[], indent: string) => ps.map((p) => `${indent}-p ${p.name}${p.required ? ' (required)' : ''}: ${p.description}${p.default !== undefined ? ` [default ${JSON.stringify(p.default)}]` : ''}`);
  const lines = [`package ${v.path} ${v.version}`, `  ${v.description}`, ...params(v.parameters, '  ')];
  for (const a of v.actions) lines.push(`action ${a.path}`, `  ${a.description}`, ...params(a.parameters, '  '));
  for (const f of v.feeds) lines.push(`feed ${f.path} (${f.provider})`, `  ${f.description}`, ...params(f.parameters, '  '));
  return lines.join('\n');
}
