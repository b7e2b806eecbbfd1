/**
 * The listing rule shared by ListObjects and ListObjectsV2 (spec 5.6): keys in UTF-8 byte order after `marker`
 * (exclusive) that start with `prefix`; with a delimiter, keys with the delimiter after the prefix collapse into
 * one common prefix each; keys and prefixes together count toward `maxKeys`.
 */

export interface ListRequest {
  prefix: string;
  /** Exclusive start (V1 marker, V2 start-after or continuation). */
  marker: string;
  delimiter: string;
  maxKeys: number;
}

export interface ListPage {
  keys: string[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or prefix returned when truncated. */
  nextMarker: string | undefined;
}

export function listKeys(sorted: readonly { key: string; bytes: Buffer }[], request: ListRequest): ListPage {
  const { prefix, delimiter, maxKeys } = request;
  const markerBytes = Buffer.from(request.marker);
  const prefixBytes = Buffer.from(prefix);
  // Start at the first key after both the marker and the prefix (binary search; the listing is sorted).
  const from = Buffer.compare(markerBytes, prefixBytes) >= 0 ? markerBytes : prefixBytes;
  const inclusive = from === prefixBytes && Buffer.compare(markerBytes, prefixBytes) < 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = Buffer.compare(sorted[mid]!.bytes, from);
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  const page: ListPage = { keys: [], prefixes: [], truncated: false, nextMarker: undefined };
  let lastPrefix: string | undefined;
  for (let i = lo; i < sorted.length; i++) {
    const { key, bytes } = sorted[i]!;
    if (!key.startsWith(prefix)) break;
    let commonPrefix: string | undefined;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) commonPrefix = key.slice(0, at + delimiter.length);
    }
    if (commonPrefix !== undefined) {
      // A marker equal to a common prefix is the NextMarker of a page that ended with it: already returned. A marker
      // inside one (a key under it) still leaves later keys under it, so the prefix is listed again, as S3 does.
      if (commonPrefix === lastPrefix || commonPrefix === request.marker) continue;
    } else if (Buffer.compare(bytes, markerBytes) <= 0) {
      continue;
    }
    if (page.keys.length + page.prefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    if (commonPrefix !== undefined) {
      page.prefixes.push(commonPrefix);
      lastPrefix = commonPrefix;
      page.nextMarker = commonPrefix;
    } else {
      page.keys.push(key);
      page.nextMarker = key;
    }
  }
  if (!page.truncated) page.nextMarker = undefined;
  return page;
}
