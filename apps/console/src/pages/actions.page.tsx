import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, Loading, Pager, Panel, useAsync } from '../components/common';
import { Link } from '../components/router';
import { formatTime } from '../lib/format';
import { localName, splitPath } from '../lib/names';
import type { ActionDoc } from '../lib/types';

const LIMIT = 30;

/** An action's name inside the namespace (`pkg/name` for an action in a package). */
export function actionLocalName(a: Pick<ActionDoc, 'namespace' | 'name'>): string {
  return localName(splitPath(`/${a.namespace}/${a.name}`));
}

/** The namespace's actions, a page at a time. */
export function ActionsPage({ api }: { api: ApiClient }) {
  const [skip, setSkip] = useState(0);
  const list = useAsync(() => api.actions({ skip, limit: LIMIT }), [api, skip]);
  return (
    <Panel
      title="Actions"
      id="actions-title"
      actions={
        <Link to="/actions/new" class="button primary">
          New action
        </Link>
      }
    >
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading what="Loading actions" /> : null}
      {list.data && list.data.length === 0 && skip === 0 ? <p class="empty">No actions yet. Create one, or install a package from the catalog.</p> : null}
      {list.data && list.data.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Version</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => {
                const name = actionLocalName(a);
                const kind = a.annotations?.find((x) => x.key === 'exec')?.value ?? a.exec?.kind;
                return (
                  <tr key={name}>
                    <td>
                      <Link to={`/actions/${encodeURIComponent(name)}`}>{name}</Link>
                    </td>
                    <td>{String(kind ?? '')}</td>
                    <td>{a.version}</td>
                    <td>{formatTime(a.updated)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager skip={skip} limit={LIMIT} received={list.data?.length ?? 0} onChange={setSkip} />
    </Panel>
  );
}
