package dev.otsync.conformance;

import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RecordColumn;
import com.alicloud.openservices.tablestore.model.RecordSequenceInfo;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.StreamRecord;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normalized, language-neutral output format (test/conformance/README.md), identical to the Go client's:
 * 64-bit integers as decimal strings, binary as base64, doubles as JSON numbers (non-finite ones as strings).
 */
final class Normalize {
  private Normalize() {}

  /** A (type, value) pair. */
  record TypedValue(String type, Object value) {}

  static TypedValue value(ColumnValue v) {
    return switch (v.getType()) {
      case INTEGER -> new TypedValue("INTEGER", Long.toString(v.asLong()));
      case STRING -> new TypedValue("STRING", v.asString());
      case BINARY -> new TypedValue("BINARY", Base64.getEncoder().encodeToString(v.asBinary()));
      case BOOLEAN -> new TypedValue("BOOLEAN", v.asBoolean());
      case DOUBLE -> new TypedValue("DOUBLE", doubleValue(v.asDouble()));
      default -> throw new IllegalStateException("unexpected column type " + v.getType());
    };
  }

  static Object doubleValue(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return d;
  }

  static TypedValue value(PrimaryKeyValue v) {
    if (v.isInfMin()) {
      return new TypedValue("INF_MIN", null);
    }
    if (v.isInfMax()) {
      return new TypedValue("INF_MAX", null);
    }
    if (v.isPlaceHolderForAutoIncr()) {
      return new TypedValue("AUTO_INCREMENT", null);
    }
    return switch (v.getType()) {
      case INTEGER -> new TypedValue("INTEGER", Long.toString(v.asLong()));
      case STRING -> new TypedValue("STRING", v.asString());
      case BINARY -> new TypedValue("BINARY", Base64.getEncoder().encodeToString(v.asBinary()));
    };
  }

  static List<Object> primaryKey(PrimaryKey pk) {
    List<Object> out = new ArrayList<>();
    if (pk == null) {
      return out;
    }
    for (PrimaryKeyColumn c : pk.getPrimaryKeyColumns()) {
      TypedValue tv = value(c.getValue());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.getName());
      m.put("type", tv.type());
      m.put("value", tv.value());
      out.add(m);
    }
    return out;
  }

  /** A row as the SDK returns it, in the SDK's column order. Null for an absent row. */
  static Map<String, Object> row(Row row) {
    if (row == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("primaryKey", primaryKey(row.getPrimaryKey()));
    List<Object> cols = new ArrayList<>();
    for (Column c : row.getColumns()) {
      TypedValue tv = value(c.getValue());
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.getName());
      cm.put("type", tv.type());
      cm.put("value", tv.value());
      cm.put("timestamp", Long.toString(c.getTimestamp()));
      cols.add(cm);
    }
    m.put("columns", cols);
    return m;
  }

  static Map<String, Object> record(String shardId, StreamRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shardId", shardId);
    m.put(
        "action",
        switch (r.getRecordType()) {
          case PUT -> "PUT";
          case UPDATE -> "UPDATE";
          case DELETE -> "DELETE";
        });
    m.put("primaryKey", primaryKey(r.getPrimaryKey()));
    List<Object> cols = new ArrayList<>();
    if (r.getColumns() != null) {
      for (RecordColumn rc : r.getColumns()) {
        Column c = rc.getColumn();
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("name", c.getName());
        String op;
        Object type = null;
        Object value = null;
        switch (rc.getColumnType()) {
          case PUT -> {
            op = "PUT";
            TypedValue tv = value(c.getValue());
            type = tv.type();
            value = tv.value();
          }
          case DELETE_ONE_VERSION -> op = "DELETE_ONE_VERSION";
          case DELETE_ALL_VERSION -> op = "DELETE_ALL_VERSIONS";
          default -> throw new IllegalStateException("unexpected record column type " + rc.getColumnType());
        }
        cm.put("type", type);
        cm.put("value", value);
        cm.put("timestamp", c.hasSetTimestamp() ? Long.toString(c.getTimestamp()) : null);
        cm.put("op", op);
        cols.add(cm);
      }
    }
    m.put("columns", cols);
    RecordSequenceInfo seq = r.getSequenceInfo();
    if (seq == null) {
      throw new IllegalStateException("stream record without sequence info");
    }
    Map<String, Object> sm = new LinkedHashMap<>();
    sm.put("epoch", seq.getEpoch());
    sm.put("timestamp", Long.toString(seq.getTimestamp()));
    sm.put("rowIndex", seq.getRowIndex());
    m.put("sequence", sm);
    return m;
  }
}
