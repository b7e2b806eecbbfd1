package main

// The `write` subcommand: create the table with a stream and run the fixed workload described in
// test/conformance/README.md ("The workload"). The Java client runs the very same steps; keep them in sync.

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore"
)

type writeSummary struct {
	Op              string         `json:"op"`
	Client          string         `json:"client"`
	Table           string         `json:"table"`
	BaseTimestamp   string         `json:"baseTimestamp"`
	StreamID        string         `json:"streamId"`
	Operations      map[string]int `json:"operations"`
	ExpectedRecords int            `json:"expectedRecords"`
}

func key(pk string, seq int64) *tablestore.PrimaryKey {
	k := &tablestore.PrimaryKey{}
	k.AddPrimaryKeyColumn("pk", pk)
	k.AddPrimaryKeyColumn("seq", seq)
	return k
}

func cond(e tablestore.RowExistenceExpectation) *tablestore.RowCondition {
	return &tablestore.RowCondition{RowExistenceExpectation: e}
}

func runWrite(client *tablestore.TableStoreClient, cfg *config, out *jsonLines) error {
	base := time.Now().UnixMilli() / 1000 * 1000
	if cfg.baseTimestampMs != nil {
		base = *cfg.baseTimestampMs
	}
	t := cfg.table
	summary := writeSummary{Op: "write", Client: "go", Table: t, BaseTimestamp: strconv.FormatInt(base, 10),
		Operations: map[string]int{"CreateTable": 0, "PutRow": 0, "UpdateRow": 0, "DeleteRow": 0, "BatchWriteRow": 0}}

	// CreateTable: PK (pk STRING, seq INTEGER); keep 3 versions forever; stream kept 24 hours.
	meta := &tablestore.TableMeta{TableName: t}
	meta.AddPrimaryKeyColumn("pk", tablestore.PrimaryKeyType_STRING)
	meta.AddPrimaryKeyColumn("seq", tablestore.PrimaryKeyType_INTEGER)
	if _, err := client.CreateTable(&tablestore.CreateTableRequest{
		TableMeta:          meta,
		TableOption:        &tablestore.TableOption{TimeToAlive: -1, MaxVersion: 3, DeviationCellVersionInSec: 86400},
		ReservedThroughput: &tablestore.ReservedThroughput{Readcap: 0, Writecap: 0},
		StreamSpec:         &tablestore.StreamSpecification{EnableStream: true, ExpirationTime: 24},
	}); err != nil {
		return fmt.Errorf("CreateTable %q: %w", t, err)
	}
	summary.Operations["CreateTable"]++

	put := func(step string, pk *tablestore.PrimaryKey, e tablestore.RowExistenceExpectation, cols ...tablestore.AttributeColumn) error {
		change := &tablestore.PutRowChange{TableName: t, PrimaryKey: pk, Condition: cond(e)}
		for _, c := range cols {
			change.AddColumnWithTimestamp(c.ColumnName, c.Value, c.Timestamp)
		}
		if _, err := client.PutRow(&tablestore.PutRowRequest{PutRowChange: change}); err != nil {
			return fmt.Errorf("%s PutRow: %w", step, err)
		}
		summary.Operations["PutRow"]++
		return nil
	}
	col := func(name string, v interface{}, ts int64) tablestore.AttributeColumn {
		return tablestore.AttributeColumn{ColumnName: name, Value: v, Timestamp: ts}
	}
	update := func(step string, change *tablestore.UpdateRowChange) error {
		if _, err := client.UpdateRow(&tablestore.UpdateRowRequest{UpdateRowChange: change}); err != nil {
			return fmt.Errorf("%s UpdateRow: %w", step, err)
		}
		summary.Operations["UpdateRow"]++
		return nil
	}

	// Steps 1-4: PutRow, each creating a new row.
	ne := tablestore.RowExistenceExpectation_EXPECT_NOT_EXIST
	if err := put("step 1", key("a", 1), ne, col("name", "alice", base), col("age", int64(30), base),
		col("score", 1.5, base), col("active", true, base), col("avatar", []byte{0x00, 0x01, 0xfe, 0xff}, base)); err != nil {
		return err
	}
	if err := put("step 2", key("a", 2), ne, col("name", "bob", base+1),
		col("big", int64(9007199254740993), base+1), col("neg", int64(-42), base+1)); err != nil {
		return err
	}
	if err := put("step 3", key("b", 1), ne, col("name", "zoë ☃", base+2), col("tags", "x,y", base+2),
		col("note", "", base+2), col("ratio", -0.25, base+2)); err != nil {
		return err
	}
	if err := put("step 4", key("c", 7), ne, col("name", "carl", base+3), col("age", int64(7), base+3)); err != nil {
		return err
	}

	// Step 5: UpdateRow with put columns (new versions next to the old ones).
	u5 := &tablestore.UpdateRowChange{TableName: t, PrimaryKey: key("a", 1), Condition: cond(tablestore.RowExistenceExpectation_IGNORE)}
	u5.PutColumnWithTimestamp("name", "alice2", base+10)
	u5.PutColumnWithTimestamp("age", int64(31), base+10)
	u5.PutColumnWithTimestamp("score", 2.5, base+10)
	if err := update("step 5", u5); err != nil {
		return err
	}
	// Step 6: UpdateRow deleting one version of a column and all versions of another.
	u6 := &tablestore.UpdateRowChange{TableName: t, PrimaryKey: key("a", 1), Condition: cond(tablestore.RowExistenceExpectation_EXPECT_EXIST)}
	u6.DeleteColumnWithTimestamp("age", base)
	u6.DeleteColumn("score")
	if err := update("step 6", u6); err != nil {
		return err
	}
	// Step 7: UpdateRow mixing the three cell operations.
	u7 := &tablestore.UpdateRowChange{TableName: t, PrimaryKey: key("b", 1), Condition: cond(tablestore.RowExistenceExpectation_IGNORE)}
	u7.PutColumnWithTimestamp("tags", "z", base+11)
	u7.DeleteColumnWithTimestamp("ratio", base+2)
	u7.DeleteColumn("note")
	if err := update("step 7", u7); err != nil {
		return err
	}
	// Step 8: DeleteRow.
	if _, err := client.DeleteRow(&tablestore.DeleteRowRequest{DeleteRowChange: &tablestore.DeleteRowChange{
		TableName: t, PrimaryKey: key("a", 2), Condition: cond(tablestore.RowExistenceExpectation_EXPECT_EXIST)}}); err != nil {
		return fmt.Errorf("step 8 DeleteRow: %w", err)
	}
	summary.Operations["DeleteRow"]++

	// Step 9: BatchWriteRow mixing put, update and delete, in this order.
	ig := cond(tablestore.RowExistenceExpectation_IGNORE)
	b1 := &tablestore.PutRowChange{TableName: t, PrimaryKey: key("d", 1), Condition: ig}
	b1.AddColumnWithTimestamp("name", "dora", base+20)
	b1.AddColumnWithTimestamp("flag", false, base+20)
	b2 := &tablestore.UpdateRowChange{TableName: t, PrimaryKey: key("c", 7), Condition: ig}
	b2.PutColumnWithTimestamp("age", int64(8), base+20)
	b2.DeleteColumn("name")
	b3 := &tablestore.DeleteRowChange{TableName: t, PrimaryKey: key("b", 1), Condition: ig}
	b4 := &tablestore.PutRowChange{TableName: t, PrimaryKey: key("a", 2), Condition: ig}
	b4.AddColumnWithTimestamp("name", "bob2", base+21)
	batch := &tablestore.BatchWriteRowRequest{}
	batch.AddRowChange(b1)
	batch.AddRowChange(b2)
	batch.AddRowChange(b3)
	batch.AddRowChange(b4)
	resp, err := client.BatchWriteRow(batch)
	if err != nil {
		return fmt.Errorf("step 9 BatchWriteRow: %w", err)
	}
	results := resp.TableToRowsResult[t]
	if len(results) != 4 {
		return fmt.Errorf("step 9 BatchWriteRow: expected 4 row results for table %q, got %d", t, len(results))
	}
	for i, r := range results {
		if !r.IsSucceed {
			return fmt.Errorf("step 9 BatchWriteRow: row %d failed: %s %s", i, r.Error.Code, r.Error.Message)
		}
	}
	summary.Operations["BatchWriteRow"]++

	// DescribeTable: the stream the workload went to.
	desc, err := client.DescribeTable(&tablestore.DescribeTableRequest{TableName: t})
	if err != nil {
		return fmt.Errorf("DescribeTable %q: %w", t, err)
	}
	if desc.StreamDetails == nil || !desc.StreamDetails.EnableStream || desc.StreamDetails.StreamId == nil {
		return fmt.Errorf("DescribeTable %q: stream details missing or stream not enabled: %+v", t, desc.StreamDetails)
	}
	if desc.StreamDetails.ExpirationTime != 24 {
		return fmt.Errorf("DescribeTable %q: stream expiration is %d hours, want 24", t, desc.StreamDetails.ExpirationTime)
	}
	summary.StreamID = string(*desc.StreamDetails.StreamId)
	summary.ExpectedRecords = summary.Operations["PutRow"] + summary.Operations["UpdateRow"] + summary.Operations["DeleteRow"] + len(results)
	return out.emit(summary)
}
