/** One scrape: each sample `name{labels}` (labels as written) with its value. */
export type Scrape = Map<string, number>;

/** Scrapes `url` (Prometheus text format) into samples. */
export async function scrape(url: string): Promise<{ samples: Scrape; text: string }> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
  const text = await res.text();
  const samples: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { samples, text };
}

/** Sum of every sample of `name` whose labels include each of `labels` (0 when none). */
export function sample(s: Scrape, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const [key, value] of s) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}
