/** `encoding-type=url` in listings: keys, prefixes and markers percent-encoded (`/` kept readable). */
import { OssServerError } from '../errors';

/** @throws OssServerError InvalidArgument for an encoding type other than `url`. */
export function isUrlEncoding(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (value.toLowerCase() !== 'url') {
    throw new OssServerError('InvalidArgument', { message: 'The encoding-type must be url.' });
  }
  return true;
}

export function encodeKey(key: string, urlEncoding: boolean): string {
  return urlEncoding ? encodeURIComponent(key).replace(/%2F/g, '/') : key;
}
