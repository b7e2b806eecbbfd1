import type OSS from 'ali-oss';

/** Every object name under `prefix`, sorted, through the real ali-oss client (page by page). */
export async function listObjectNames(client: OSS, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await client.list({ prefix, 'max-keys': 1000, ...(marker ? { marker } : {}) }, {});
    out.push(...(page.objects ?? []).map((o) => o.name));
    if (!page.isTruncated) return out.sort();
    marker = page.nextMarker;
  }
}
