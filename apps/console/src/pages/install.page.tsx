import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { ParamFields } from '../components/param-form';
import { Link } from '../components/router';
import { entityNameError } from '../lib/names';
import { fieldsOf, paramsFromForm } from '../lib/params';

/** Install a catalog package: a binding in the user's namespace with the package's parameters filled in. */
export function InstallPage({ api, pkgName }: { api: ApiClient; pkgName: string }) {
  const catalog = useAsync(() => api.catalog(), [api]);
  const pkg = catalog.data?.packages.find((p) => p.name === pkgName);
  const fields = useMemo(() => (pkg ? fieldsOf(pkg.parameters) : []), [pkg]);
  const [name, setName] = useState(pkgName);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (catalog.error) return <ErrorBox error={catalog.error} onRetry={catalog.reload} />;
  if (!catalog.data) return <Loading />;
  if (!pkg) return <ErrorBox error={`No catalog package is named ${pkgName}.`} />;

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    const nameErr = entityNameError(name, 'binding name');
    const read = paramsFromForm(fields, values);
    setErrors({ ...(read.ok ? {} : read.errors), ...(nameErr ? { name: nameErr } : {}) });
    if (nameErr || !read.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.bindPackage(name.trim(), pkg.path, read.params);
      setDone(`Bound /${api.namespace}/${name.trim()} to ${pkg.path}.`);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={`Install ${pkg.name}`} id="install-title" actions={<Link to="/catalog">← Catalog</Link>}>
      <p>{pkg.description}</p>
      <form onSubmit={submit} class="form">
        <div class="field">
          <label for="binding-name">Binding name in {api.namespace}</label>
          <input id="binding-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required aria-invalid={errors.name ? 'true' : undefined} />
          {errors.name ? <small class="field-error">{errors.name}</small> : null}
        </div>
        <h3>Package parameters</h3>
        <ParamFields fields={fields} values={values} errors={errors} idPrefix="install" onInput={(n, v) => setValues({ ...values, [n]: v })} />
        {error ? <ErrorBox error={error} /> : null}
        {done ? (
          <p class="success" role="status">
            {done} Its actions run as <code>{name.trim()}/&lt;action&gt;</code>.
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Installing…' : 'Install'}
        </button>
      </form>
    </Panel>
  );
}
