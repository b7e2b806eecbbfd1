/** A compiled OSS config for encoder tests, with the schema's defaults (writers.md §2.1). */
import type { CompiledOssConfig } from '../../../../../../src/plugins/sinks/oss/schema';
import type { LineValue } from '../../../../../../src/plugins/types';
import type { ObjectEncoder } from '../../../../../../src/plugins/sinks/oss/format';

export function ossConfig(overrides: Partial<CompiledOssConfig> = {}): CompiledOssConfig {
  const base = {
    object: 'ots/t1/20240315',
    writeMode: 'append',
    fileFormat: 'text',
    fieldDelimiter: ',',
    lineDelimiter: '\n',
    encoding: 'UTF-8',
    nullFormat: 'null',
    maxFileSizeMb: 100_000,
    blockSizeInMb: 10,
    suffix: '',
    writeSingleObject: false,
    encrypt: false,
    partition: [],
    generateEmptyFile: false,
    objectNaming: 'window',
  };
  // Cast: fields the lead adds to the compiled config later do not concern the encoders.
  return { ...base, ...overrides } as CompiledOssConfig;
}

/** Everything one object's encoder produces for `rows`, as one buffer. */
export function wholeObject(encoder: ObjectEncoder, ...batches: (readonly (readonly LineValue[])[])[]): Buffer {
  const chunks = [...encoder.begin()];
  for (const rows of batches) chunks.push(...encoder.encode(rows).chunks);
  chunks.push(...encoder.end());
  return Buffer.concat(chunks);
}
