/** Invokes an action blocking through the Wisp API; resolves with {ok, result}. */
async function invoke(name, params) {
  const host = process.env.__OW_API_HOST;
  const key = process.env.__OW_API_KEY;
  if (!host || !key) throw new Error("combinators need the API host and the caller's key (annotation provide-api-key)");
  const parts = String(name).replace(/^\//, "").split("/");
  const ns = parts.length > 1 ? parts.shift() : "_";
  const path = parts.map(encodeURIComponent).join("/");
  const res = await fetch(host.replace(/\/$/, "") + "/api/v1/namespaces/" + encodeURIComponent(ns) + "/actions/" + path + "?blocking=true&result=true", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Basic " + Buffer.from(key).toString("base64") },
    body: JSON.stringify(params),
  });
  const body = await res.json().catch(() => ({}));
  return { ok: res.status === 200, result: body };
}

/** The parameters without the combinator's own ($-prefixed) ones. */
function rest(params) {
  const out = {};
  for (const k of Object.keys(params)) if (!k.startsWith("$")) out[k] = params[k];
  return out;
}

/** Invokes $actionName until it succeeds, at most $attempts times. */
async function main(params) {
  const attempts = Number.isInteger(params.$attempts) && params.$attempts > 0 ? params.$attempts : 5;
  let last;
  for (let i = 1; i <= attempts; i++) {
    last = await invoke(params.$actionName, rest(params));
    if (last.ok) return last.result;
    console.log('attempt ' + i + ' failed: ' + JSON.stringify(last.result));
  }
  return { error: 'all ' + attempts + ' attempts failed', lastResult: last && last.result };
}
