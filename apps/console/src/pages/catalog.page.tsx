import type { ApiClient } from '../api/client';
import { ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { Link } from '../components/router';
import type { CatalogPackage, ParameterDoc } from '../lib/types';

/** Parameter docs as a definition list. */
export function ParamDocs({ params }: { params: ParameterDoc[] }) {
  if (params.length === 0) return <p class="muted small">No parameters.</p>;
  return (
    <dl class="param-docs">
      {params.map((p) => (
        <div key={p.name}>
          <dt>
            <code>{p.name}</code>
            {p.required ? <span class="required"> required</span> : null}
            {p.type ? <span class="kind"> {p.type}</span> : null}
            {p.secret ? <span class="kind"> secret</span> : null}
          </dt>
          <dd>
            {p.description}
            {p.default !== undefined && p.default !== '' ? <span class="muted"> Default {JSON.stringify(p.default)}.</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function PackageCard({ pkg }: { pkg: CatalogPackage }) {
  return (
    <article class="card" aria-labelledby={`pkg-${pkg.name}`}>
      <header class="card-head">
        <h3 id={`pkg-${pkg.name}`}>
          {pkg.name} <span class="muted small">{pkg.version}</span>
        </h3>
        <Link to={`/catalog/${encodeURIComponent(pkg.name)}/install`} class="button">
          Install
        </Link>
      </header>
      <p>{pkg.description}</p>
      <p class="muted small">
        <code>{pkg.path}</code>
      </p>
      {pkg.parameters.length ? (
        <details>
          <summary>Package parameters ({pkg.parameters.length})</summary>
          <ParamDocs params={pkg.parameters} />
        </details>
      ) : null}
      {pkg.feeds.length ? <h4>Feeds</h4> : null}
      {pkg.feeds.map((f) => (
        <div class="entry" key={f.name}>
          <div class="entry-head">
            <span>
              <code>{f.name}</code> <span class="badge">{f.provider}</span>
            </span>
            <Link to={`/catalog/${encodeURIComponent(pkg.name)}/feeds/${encodeURIComponent(f.name)}/connect`} class="button small" title={`Connect ${f.path} to a trigger`}>
              Connect
            </Link>
          </div>
          <p class="small">{f.description}</p>
          <details>
            <summary>Parameters ({f.parameters.length})</summary>
            <ParamDocs params={f.parameters} />
          </details>
        </div>
      ))}
      {pkg.actions.length ? <h4>Actions</h4> : null}
      {pkg.actions.map((a) => (
        <div class="entry" key={a.name}>
          <div class="entry-head">
            <code>{a.name}</code>
          </div>
          <p class="small">{a.description}</p>
          <details>
            <summary>Parameters ({a.parameters.length})</summary>
            <ParamDocs params={a.parameters} />
          </details>
        </div>
      ))}
    </article>
  );
}

/** Every package of /whisk.system with its actions, feeds and parameter docs. */
export function CatalogPage({ api }: { api: ApiClient }) {
  const catalog = useAsync(() => api.catalog(), [api]);
  return (
    <Panel title="Catalog" id="catalog-title">
      <p class="muted">Packages published in <code>/whisk.system</code>. Install one as a binding in your namespace, or connect one of its feeds to a trigger.</p>
      {catalog.error ? <ErrorBox error={catalog.error} onRetry={catalog.reload} /> : null}
      {catalog.loading && !catalog.data ? <Loading what="Loading the catalog" /> : null}
      <div class="cards">
        {catalog.data?.packages.map((p) => (
          <PackageCard pkg={p} key={p.name} />
        ))}
      </div>
    </Panel>
  );
}
