import type { Command } from 'commander';
import { parseCatalogArgs } from '../../catalog/catalog-binding';
import { catalogEntry, catalogListing, catalogListText, installCatalogPackage } from '../../catalog/catalog.commands';
import type { CliContext } from '../cli-context';

/** `wisp catalog list|show|install`: the shipped packages under /whisk.system. */
export function registerCatalogCommands(program: Command, ctx: CliContext): void {
  const catalog = program.command('catalog').description("the catalog's packages (/whisk.system)");
  catalog
    .command('list')
    .description("list the catalog's packages with their actions and feeds")
    .action(() => {
      const { views, errors } = catalogListing();
      ctx.print(program.opts(), { packages: views, errors }, () => catalogListText(views, errors));
    });
  catalog
    .command('show')
    .description("a package's actions and feeds with their parameter docs")
    .argument('<name>')
    .action((name: string) => {
      const { view, text } = catalogEntry(name);
      ctx.print(program.opts(), view, text);
    });
  catalog
    .command('install')
    .description('bind /whisk.system/NAME into a namespace')
    .argument('<name>')
    .option('--as <binding>', 'binding name (default: the package name)')
    .option('--namespace <ns>', 'namespace to bind into', 'guest')
    .option('-p, --param <key value...>', 'a bound parameter (repeatable; JSON values parse as JSON)')
    .action(async (name: string, opts: { as?: string; namespace: string; param?: string[] }) => {
      const pairs = opts.param ?? [];
      if (pairs.length % 2 !== 0) throw new Error('-p needs a key and a value');
      const { params } = parseCatalogArgs(pairs.flatMap((v, i) => (i % 2 === 0 ? ['-p', v, pairs[i + 1]] : [])));
      const out = await ctx.withDb((db) => installCatalogPackage(db, { name, as: opts.as, namespace: opts.namespace, params }, (l) => ctx.progress(l)));
      ctx.print(program.opts(), { bound: `/${opts.namespace}/${opts.as ?? name}`, package: `/whisk.system/${name}` }, out);
    });
}
