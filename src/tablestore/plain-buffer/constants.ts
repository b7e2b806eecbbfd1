/** PlainBuffer tags, value types and cell operation bytes (spec 3.3–3.5). */

/** Every PlainBuffer starts with this little-endian u32 (bytes `75 00 00 00`). */
export const HEADER = 0x75;

export const Tag = {
  ROW_PK: 0x01,
  ROW_DATA: 0x02,
  CELL: 0x03,
  CELL_NAME: 0x04,
  CELL_VALUE: 0x05,
  CELL_TYPE: 0x06,
  CELL_TIMESTAMP: 0x07,
  DELETE_ROW_MARKER: 0x08,
  ROW_CHECKSUM: 0x09,
  CELL_CHECKSUM: 0x0a,
  EXTENSION: 0x0b,
  SEQ_INFO: 0x0c,
  SEQ_INFO_EPOCH: 0x0d,
  SEQ_INFO_TS: 0x0e,
  SEQ_INFO_ROW_INDEX: 0x0f,
} as const;

/** The `vtype` byte that starts every encoded value. */
export const ValueType = {
  INTEGER: 0x00,
  DOUBLE: 0x01,
  BOOLEAN: 0x02,
  STRING: 0x03,
  // Listed by the docs only; no SDK writes it and the Java readers reject it, so neither do we (spec 3.4).
  NULL: 0x06,
  BLOB: 0x07,
  INF_MIN: 0x09,
  INF_MAX: 0x0a,
  AUTO_INCREMENT: 0x0b,
} as const;

/** The `TAG_CELL_TYPE` byte; its absence means "put one version". */
export const CellOp = {
  DELETE_ALL_VERSION: 0x01,
  DELETE_ONE_VERSION: 0x03,
  INCREMENT: 0x04,
} as const;

/** Byte length of the sequence-info payload: three sub-tags, i32 epoch, i64 timestamp, i32 row index. */
export const SEQ_INFO_LENGTH = 19;
/** Byte length of an extension holding only sequence info: sub-tag, i32 length, payload. */
export const EXTENSION_LENGTH = 1 + 4 + SEQ_INFO_LENGTH;
