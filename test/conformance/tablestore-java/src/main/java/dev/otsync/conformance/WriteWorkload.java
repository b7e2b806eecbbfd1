package dev.otsync.conformance;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DeleteRowRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.ReservedThroughput;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.StreamDetails;
import com.alicloud.openservices.tablestore.model.StreamSpecification;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code write} subcommand: create the table with a stream and run the fixed workload of
 * test/conformance/README.md ("The workload"), step for step the same as the Go client's write.go.
 */
final class WriteWorkload {
  private WriteWorkload() {}

  static PrimaryKey key(String pk, long seq) {
    return PrimaryKeyBuilder.createPrimaryKeyBuilder()
        .addPrimaryKeyColumn("pk", PrimaryKeyValue.fromString(pk))
        .addPrimaryKeyColumn("seq", PrimaryKeyValue.fromLong(seq))
        .build();
  }

  static void run(SyncClient client, Main.Config cfg, Main.Out out) {
    long base = cfg.baseTimestampMs() != null ? cfg.baseTimestampMs() : System.currentTimeMillis() / 1000 * 1000;
    String t = cfg.table();
    Map<String, Object> ops = new LinkedHashMap<>();
    for (String op : List.of("CreateTable", "PutRow", "UpdateRow", "DeleteRow", "BatchWriteRow")) {
      ops.put(op, 0);
    }

    // CreateTable: PK (pk STRING, seq INTEGER); keep 3 versions forever; stream kept 24 hours.
    TableMeta meta = new TableMeta(t);
    meta.addPrimaryKeyColumn("pk", PrimaryKeyType.STRING);
    meta.addPrimaryKeyColumn("seq", PrimaryKeyType.INTEGER);
    CreateTableRequest create = new CreateTableRequest(meta, new TableOptions(-1, 3, 86400));
    create.setReservedThroughput(new ReservedThroughput(0, 0));
    create.setStreamSpecification(new StreamSpecification(true, 24));
    client.createTable(create);
    bump(ops, "CreateTable");

    // Steps 1-4: PutRow, each creating a new row.
    RowPutChange p1 = new RowPutChange(t, key("a", 1));
    p1.addColumn("name", ColumnValue.fromString("alice"), base);
    p1.addColumn("age", ColumnValue.fromLong(30), base);
    p1.addColumn("score", ColumnValue.fromDouble(1.5), base);
    p1.addColumn("active", ColumnValue.fromBoolean(true), base);
    p1.addColumn("avatar", ColumnValue.fromBinary(new byte[] {0x00, 0x01, (byte) 0xfe, (byte) 0xff}), base);
    put(client, p1, RowExistenceExpectation.EXPECT_NOT_EXIST, ops);

    RowPutChange p2 = new RowPutChange(t, key("a", 2));
    p2.addColumn("name", ColumnValue.fromString("bob"), base + 1);
    p2.addColumn("big", ColumnValue.fromLong(9007199254740993L), base + 1);
    p2.addColumn("neg", ColumnValue.fromLong(-42), base + 1);
    put(client, p2, RowExistenceExpectation.EXPECT_NOT_EXIST, ops);

    RowPutChange p3 = new RowPutChange(t, key("b", 1));
    p3.addColumn("name", ColumnValue.fromString("zoë ☃"), base + 2);
    p3.addColumn("tags", ColumnValue.fromString("x,y"), base + 2);
    p3.addColumn("note", ColumnValue.fromString(""), base + 2);
    p3.addColumn("ratio", ColumnValue.fromDouble(-0.25), base + 2);
    put(client, p3, RowExistenceExpectation.EXPECT_NOT_EXIST, ops);

    RowPutChange p4 = new RowPutChange(t, key("c", 7));
    p4.addColumn("name", ColumnValue.fromString("carl"), base + 3);
    p4.addColumn("age", ColumnValue.fromLong(7), base + 3);
    put(client, p4, RowExistenceExpectation.EXPECT_NOT_EXIST, ops);

    // Step 5: UpdateRow with put columns (new versions next to the old ones).
    RowUpdateChange u5 = new RowUpdateChange(t, key("a", 1));
    u5.put("name", ColumnValue.fromString("alice2"), base + 10);
    u5.put("age", ColumnValue.fromLong(31), base + 10);
    u5.put("score", ColumnValue.fromDouble(2.5), base + 10);
    update(client, u5, RowExistenceExpectation.IGNORE, ops);

    // Step 6: UpdateRow deleting one version of a column and all versions of another.
    RowUpdateChange u6 = new RowUpdateChange(t, key("a", 1));
    u6.deleteColumn("age", base);
    u6.deleteColumns("score");
    update(client, u6, RowExistenceExpectation.EXPECT_EXIST, ops);

    // Step 7: UpdateRow mixing the three cell operations.
    RowUpdateChange u7 = new RowUpdateChange(t, key("b", 1));
    u7.put("tags", ColumnValue.fromString("z"), base + 11);
    u7.deleteColumn("ratio", base + 2);
    u7.deleteColumns("note");
    update(client, u7, RowExistenceExpectation.IGNORE, ops);

    // Step 8: DeleteRow.
    RowDeleteChange d8 = new RowDeleteChange(t, key("a", 2));
    d8.setCondition(new Condition(RowExistenceExpectation.EXPECT_EXIST));
    client.deleteRow(new DeleteRowRequest(d8));
    bump(ops, "DeleteRow");

    // Step 9: BatchWriteRow mixing put, update and delete, in this order.
    RowPutChange b1 = new RowPutChange(t, key("d", 1));
    b1.addColumn("name", ColumnValue.fromString("dora"), base + 20);
    b1.addColumn("flag", ColumnValue.fromBoolean(false), base + 20);
    RowUpdateChange b2 = new RowUpdateChange(t, key("c", 7));
    b2.put("age", ColumnValue.fromLong(8), base + 20);
    b2.deleteColumns("name");
    RowDeleteChange b3 = new RowDeleteChange(t, key("b", 1));
    RowPutChange b4 = new RowPutChange(t, key("a", 2));
    b4.addColumn("name", ColumnValue.fromString("bob2"), base + 21);
    BatchWriteRowRequest batch = new BatchWriteRowRequest();
    for (var change : List.of(b1, b2, b3, b4)) {
      change.setCondition(new Condition(RowExistenceExpectation.IGNORE));
      batch.addRowChange(change);
    }
    BatchWriteRowResponse batchResp = client.batchWriteRow(batch);
    List<BatchWriteRowResponse.RowResult> results = batchResp.getRowStatus(t);
    if (results == null || results.size() != 4) {
      throw new Main.CheckFailed(
          "step 9 BatchWriteRow: expected 4 row results for table \""
              + t
              + "\", got "
              + (results == null ? 0 : results.size()));
    }
    for (BatchWriteRowResponse.RowResult r : results) {
      if (!r.isSucceed()) {
        throw new Main.CheckFailed(
            "step 9 BatchWriteRow: row "
                + r.getIndex()
                + " failed: "
                + r.getError().getCode()
                + " "
                + r.getError().getMessage());
      }
    }
    bump(ops, "BatchWriteRow");

    // DescribeTable: the stream the workload went to.
    DescribeTableResponse desc = client.describeTable(new DescribeTableRequest(t));
    StreamDetails sd = desc.getStreamDetails();
    if (sd == null || !sd.isEnableStream() || sd.getStreamId() == null) {
      throw new Main.CheckFailed(
          "DescribeTable \"" + t + "\": stream details missing or stream not enabled: " + (sd == null ? "null" : sd.jsonize()));
    }
    if (sd.getExpirationTime() != 24) {
      throw new Main.CheckFailed(
          "DescribeTable \"" + t + "\": stream expiration is " + sd.getExpirationTime() + " hours, want 24");
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("op", "write");
    summary.put("client", "java");
    summary.put("table", t);
    summary.put("baseTimestamp", Long.toString(base));
    summary.put("streamId", sd.getStreamId());
    summary.put("operations", ops);
    summary.put(
        "expectedRecords",
        (int) ops.get("PutRow") + (int) ops.get("UpdateRow") + (int) ops.get("DeleteRow") + results.size());
    out.emit(summary);
  }

  private static void put(SyncClient client, RowPutChange change, RowExistenceExpectation e, Map<String, Object> ops) {
    change.setCondition(new Condition(e));
    client.putRow(new PutRowRequest(change));
    bump(ops, "PutRow");
  }

  private static void update(
      SyncClient client, RowUpdateChange change, RowExistenceExpectation e, Map<String, Object> ops) {
    change.setCondition(new Condition(e));
    client.updateRow(new UpdateRowRequest(change));
    bump(ops, "UpdateRow");
  }

  private static void bump(Map<String, Object> ops, String op) {
    ops.put(op, (int) ops.get(op) + 1);
  }
}
