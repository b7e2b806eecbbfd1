/**
 * Loads the Tablestore `.proto` schema with protobufjs reflection and builds typed codecs over it.
 *
 * Reflection (rather than generated static code) keeps the `.proto` files the single source of truth; protobufjs
 * compiles each type's encoder/decoder on first use, so the cost is paid once per process.
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import { MessageCodecError } from '../errors';

/** Directory holding the `.proto` files; a build step that bundles this module must copy it along. */
export const PROTO_DIR = path.join(__dirname, '..', 'proto');

// Imports between the files resolve too, but listing them all keeps a forgotten import from hiding a type.
const PROTO_FILES = ['error.proto', 'table.proto', 'row.proto', 'stream.proto', 'filter.proto'];
const PACKAGE = 'otsync.tablestore';

let cachedRoot: protobuf.Root | undefined;

/** The resolved protobufjs root of the Tablestore schema, loaded synchronously on first use. */
export function tablestoreRoot(): protobuf.Root {
  if (cachedRoot === undefined) {
    const root = protobuf.loadSync(PROTO_FILES.map((file) => path.join(PROTO_DIR, file)));
    root.resolveAll();
    cachedRoot = root;
  }
  return cachedRoot;
}

/**
 * Typed encoder/decoder of one protobuf message.
 *
 * Plain objects use camelCase field names; `int64` fields are `bigint`, `bytes` fields `Uint8Array` (decoded values
 * are Node Buffers that share memory with the input), enums their numeric ids, repeated fields always arrays.
 */
export interface MessageCodec<T> {
  /** Fully qualified name of the message type, e.g. `otsync.tablestore.PutRowRequest`. */
  readonly typeName: string;
  /**
   * Serializes `message`. Fields are written in field-number order, so equal messages give equal bytes.
   * @throws MessageCodecError when a required field is missing or a value has the wrong type.
   */
  encode(message: T): Uint8Array;
  /**
   * Parses `bytes`.
   * @throws MessageCodecError when the bytes are truncated or malformed or a required field is missing.
   */
  decode(bytes: Uint8Array): T;
}

const TO_OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: BigInt, arrays: true };

/** Builds the codec of message `name` (relative to the otsync.tablestore package, e.g. `GetStreamRecordResponse`). */
export function createMessageCodec<T>(name: string): MessageCodec<T> {
  const typeName = `${PACKAGE}.${name}`;
  let type: protobuf.Type | undefined;
  // Resolved lazily so that importing the barrel does no file I/O.
  const resolve = (): protobuf.Type => (type ??= tablestoreRoot().lookupType(typeName));
  return {
    typeName,
    encode(message: T): Uint8Array {
      const t = resolve();
      const missing = findMissingRequired(t, message as object, '');
      if (missing !== undefined) {
        throw new MessageCodecError(name, `Cannot encode ${name}: missing required field '${missing}'.`);
      }
      try {
        return t.encode(t.fromObject(message as Record<string, unknown>)).finish();
      } catch (err) {
        throw new MessageCodecError(name, `Cannot encode ${name}: ${errorText(err)}`, { cause: err });
      }
    },
    decode(bytes: Uint8Array): T {
      const t = resolve();
      try {
        return t.toObject(t.decode(bytes), TO_OBJECT_OPTIONS) as T;
      } catch (err) {
        throw new MessageCodecError(name, `Malformed ${name}: ${errorText(err)}`, { cause: err });
      }
    },
  };
}

/**
 * protobufjs does not check proto2 `required` fields on encode (it writes the type's zero value instead), which
 * would make the emulator send bodies the official SDKs reject (spec 1.8). Returns the dotted path of the first
 * missing required field.
 */
function findMissingRequired(type: protobuf.Type, value: object, prefix: string): string | undefined {
  const record = value as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    const fieldValue = record[field.name];
    const fieldPath = prefix + field.name;
    if (fieldValue === undefined || fieldValue === null) {
      if (field.required) return fieldPath;
      continue;
    }
    if (!(field.resolvedType instanceof protobuf.Type)) continue;
    const nested = field.repeated && Array.isArray(fieldValue) ? fieldValue : [fieldValue];
    for (const [index, item] of nested.entries()) {
      if (typeof item !== 'object' || item === null) continue;
      const itemPrefix = field.repeated ? `${fieldPath}[${index}].` : `${fieldPath}.`;
      const missing = findMissingRequired(field.resolvedType, item as object, itemPrefix);
      if (missing !== undefined) return missing;
    }
  }
  return undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
