package dev.otsync.conformance;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchGetRowRequest;
import com.alicloud.openservices.tablestore.model.BatchGetRowResponse;
import com.alicloud.openservices.tablestore.model.Direction;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.MultiRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code rows} subcommand: the fixed row reads of test/conformance/README.md ("rows"), call for call the same as
 * the Go client's rows.go.
 */
final class RowsRead {
  private static final int RANGE_LIMIT = 2;
  private static final int MAX_PAGES = 100_000;

  private RowsRead() {}

  static void run(SyncClient client, Main.Config cfg, Main.Out out) {
    String t = cfg.table();
    // The keys the workload touched plus one it never wrote, in the order they are read.
    PrimaryKey[] keys = {
      WriteWorkload.key("a", 1),
      WriteWorkload.key("a", 2),
      WriteWorkload.key("b", 1),
      WriteWorkload.key("c", 7),
      WriteWorkload.key("d", 1),
      WriteWorkload.key("zz", 0)
    };
    for (PrimaryKey k : keys) {
      getRow(client, t, k, List.of(), 3, out);
    }
    getRow(client, t, WriteWorkload.key("a", 1), List.of("name", "age"), 1, out);
    getRange(client, t, Direction.FORWARD, out);
    getRange(client, t, Direction.BACKWARD, out);
    batchGet(client, t, out);
  }

  private static void getRow(
      SyncClient client, String t, PrimaryKey pk, List<String> columns, int maxVersions, Main.Out out) {
    SingleRowQueryCriteria c = new SingleRowQueryCriteria(t, pk);
    c.setMaxVersions(maxVersions);
    for (String col : columns) {
      c.addColumnsToGet(col);
    }
    GetRowResponse resp = client.getRow(new GetRowRequest(c));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("op", "GetRow");
    line.put("primaryKey", Normalize.primaryKey(pk));
    line.put("columnsToGet", new ArrayList<Object>(columns));
    line.put("maxVersions", maxVersions);
    line.put("row", Normalize.row(resp.getRow()));
    out.emit(line);
  }

  /** Reads the whole table in pages of RANGE_LIMIT rows, restarting each page at next_start_primary_key. */
  private static void getRange(SyncClient client, String t, Direction dir, Main.Out out) {
    PrimaryKeyValue first = dir == Direction.FORWARD ? PrimaryKeyValue.INF_MIN : PrimaryKeyValue.INF_MAX;
    PrimaryKeyValue last = dir == Direction.FORWARD ? PrimaryKeyValue.INF_MAX : PrimaryKeyValue.INF_MIN;
    PrimaryKey start =
        PrimaryKeyBuilder.createPrimaryKeyBuilder()
            .addPrimaryKeyColumn("pk", first)
            .addPrimaryKeyColumn("seq", first)
            .build();
    PrimaryKey end =
        PrimaryKeyBuilder.createPrimaryKeyBuilder()
            .addPrimaryKeyColumn("pk", last)
            .addPrimaryKeyColumn("seq", last)
            .build();
    for (int page = 0; ; page++) {
      if (page >= MAX_PAGES) {
        throw new Main.CheckFailed(
            "GetRange " + dir + ": next_start_primary_key still present after " + page + " pages");
      }
      RangeRowQueryCriteria c = new RangeRowQueryCriteria(t);
      c.setInclusiveStartPrimaryKey(start);
      c.setExclusiveEndPrimaryKey(end);
      c.setDirection(dir);
      c.setLimit(RANGE_LIMIT);
      c.setMaxVersions(1);
      GetRangeResponse resp = client.getRange(new GetRangeRequest(c));
      List<Object> rows = new ArrayList<>();
      for (Row r : resp.getRows()) {
        rows.add(Normalize.row(r));
      }
      PrimaryKey next = resp.getNextStartPrimaryKey();
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("op", "GetRange");
      line.put("direction", dir == Direction.FORWARD ? "FORWARD" : "BACKWARD");
      line.put("limit", RANGE_LIMIT);
      line.put("page", page);
      line.put("rows", rows);
      line.put("nextStartPrimaryKey", next == null ? null : Normalize.primaryKey(next));
      out.emit(line);
      if (next == null) {
        return;
      }
      start = next;
    }
  }

  /** Reads some written keys and the never-written one in one BatchGetRow; results keep request order. */
  private static void batchGet(SyncClient client, String t, Main.Out out) {
    PrimaryKey[] keys = {
      WriteWorkload.key("a", 1), WriteWorkload.key("zz", 0), WriteWorkload.key("c", 7), WriteWorkload.key("d", 1)
    };
    MultiRowQueryCriteria c = new MultiRowQueryCriteria(t);
    c.setMaxVersions(3);
    for (PrimaryKey k : keys) {
      c.addRow(k);
    }
    BatchGetRowRequest req = new BatchGetRowRequest();
    req.addMultiRowQueryCriteria(c);
    BatchGetRowResponse resp = client.batchGetRow(req);
    List<BatchGetRowResponse.RowResult> results = resp.getBatchGetRowResult(t);
    if (results == null || results.size() != keys.length) {
      throw new Main.CheckFailed(
          "BatchGetRow: expected "
              + keys.length
              + " results for table \""
              + t
              + "\", got "
              + (results == null ? 0 : results.size()));
    }
    List<BatchGetRowResponse.RowResult> ordered = new ArrayList<>(results);
    ordered.sort((x, y) -> Integer.compare(x.getIndex(), y.getIndex()));
    List<Object> out1 = new ArrayList<>();
    for (BatchGetRowResponse.RowResult r : ordered) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("primaryKey", Normalize.primaryKey(keys[r.getIndex()]));
      m.put("isOk", r.isSucceed());
      if (r.isSucceed()) {
        m.put("error", null);
        m.put("row", Normalize.row(r.getRow()));
      } else {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", r.getError().getCode());
        e.put("message", r.getError().getMessage());
        m.put("error", e);
        m.put("row", null);
      }
      out1.add(m);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("op", "BatchGetRow");
    line.put("maxVersions", 3);
    line.put("results", out1);
    out.emit(line);
  }
}
