/**
 * The batch Tunnel upload protocol (maxcompute-tunnel.md §4): create a session (append, or overwrite = replace the
 * partition's content at commit), PUT blocks (record streams, §5), reload the session's block list, commit. Nothing
 * of a session is visible before its commit, and the commit makes all of it visible at once.
 */
import type { TunnelColumn } from '../../../maxcompute';
import { MaxComputeRequestError } from './errors';
import type { SignedHttp } from './http';

export interface UploadSession {
  readonly uploadId: string;
  readonly status: string;
  /** Data columns in field order (authoritative for the record stream). */
  readonly columns: readonly TunnelColumn[];
  readonly blocks: readonly number[];
}

const COMMON = { 'x-odps-tunnel-version': '6', 'odps-tunnel-date-transform': 'v1' };

export class TunnelClient {
  constructor(
    private readonly http: SignedHttp,
    readonly project: string,
  ) {}

  #path(table: string): string {
    return `/projects/${this.project}/tables/${table}`;
  }

  #query(partition: string | undefined, ...more: [string, string][]): [string, string][] {
    return [
      ...more,
      ...(partition ? ([['partition', partition]] as [string, string][]) : []),
      ['curr_project', this.project],
    ];
  }

  async create(table: string, partition: string | undefined, overwrite: boolean): Promise<UploadSession> {
    const res = await this.http.call({
      operation: 'CreateUploadSession',
      method: 'POST',
      path: this.#path(table),
      query: this.#query(
        partition,
        ['uploads', ''],
        ...(overwrite ? ([['overwrite', 'true']] as [string, string][]) : []),
      ),
      headers: COMMON,
    });
    return parseSession(res.body);
  }

  async reload(table: string, partition: string | undefined, uploadId: string): Promise<UploadSession> {
    const res = await this.http.call({
      operation: 'GetUploadSession',
      method: 'GET',
      path: this.#path(table),
      query: this.#query(partition, ['uploadid', uploadId], ['getblockid', 'true']),
      headers: COMMON,
    });
    return parseSession(res.body);
  }

  async putBlock(table: string, partition: string | undefined, uploadId: string, blockId: number, body: Buffer) {
    await this.http.call({
      operation: 'UploadBlock',
      method: 'PUT',
      path: this.#path(table),
      query: this.#query(partition, ['uploadid', uploadId], ['blockid', String(blockId)]),
      headers: { ...COMMON, 'content-type': 'application/octet-stream' },
      body,
    });
  }

  async commit(table: string, partition: string | undefined, uploadId: string): Promise<void> {
    await this.http.call({
      operation: 'CommitUploadSession',
      method: 'POST',
      path: this.#path(table),
      query: this.#query(partition, ['uploadid', uploadId]),
      headers: COMMON,
    });
  }
}

function parseSession(body: Buffer): UploadSession {
  const json = JSON.parse(body.toString('utf8')) as {
    UploadID?: string;
    Status?: string;
    Schema?: { columns?: { name: string; type: string; nullable?: boolean }[] };
    UploadedBlockList?: { BlockID: number }[];
  };
  if (!json.UploadID)
    throw new MaxComputeRequestError('UploadSession', 200, 'BadResponse', true, 1, undefined, 'no UploadID');
  return {
    uploadId: json.UploadID,
    status: (json.Status ?? 'unknown').toLowerCase(),
    columns: (json.Schema?.columns ?? []).map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
    blocks: (json.UploadedBlockList ?? []).map((b) => Number(b.BlockID)),
  };
}
