package main

// The `rows` subcommand: the fixed row reads described in test/conformance/README.md ("rows"). The Java client
// issues the very same calls; keep them in sync.

import (
	"fmt"

	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore"
)

type getRowLine struct {
	Op           string         `json:"op"`
	PrimaryKey   []pkCell       `json:"primaryKey"`
	ColumnsToGet []string       `json:"columnsToGet"`
	MaxVersions  int32          `json:"maxVersions"`
	Row          *normalizedRow `json:"row"`
}

type getRangeLine struct {
	Op                  string           `json:"op"`
	Direction           string           `json:"direction"`
	Limit               int32            `json:"limit"`
	Page                int              `json:"page"`
	Rows                []*normalizedRow `json:"rows"`
	NextStartPrimaryKey []pkCell         `json:"nextStartPrimaryKey"`
}

type batchGetResult struct {
	PrimaryKey []pkCell       `json:"primaryKey"`
	IsOk       bool           `json:"isOk"`
	Error      *batchError    `json:"error"`
	Row        *normalizedRow `json:"row"`
}

type batchError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type batchGetLine struct {
	Op          string           `json:"op"`
	MaxVersions int32            `json:"maxVersions"`
	Results     []batchGetResult `json:"results"`
}

// rowKeys are the keys the workload touched plus one it never wrote, in the order they are read.
var rowKeys = []struct {
	pk  string
	seq int64
}{{"a", 1}, {"a", 2}, {"b", 1}, {"c", 7}, {"d", 1}, {"zz", 0}}

const rangeLimit = 2

func runRows(client *tablestore.TableStoreClient, cfg *config, out *jsonLines) error {
	t := cfg.table
	for _, k := range rowKeys {
		if err := getRow(client, t, key(k.pk, k.seq), nil, 3, out); err != nil {
			return err
		}
	}
	if err := getRow(client, t, key("a", 1), []string{"name", "age"}, 1, out); err != nil {
		return err
	}
	if err := getRange(client, t, tablestore.FORWARD, out); err != nil {
		return err
	}
	if err := getRange(client, t, tablestore.BACKWARD, out); err != nil {
		return err
	}
	return batchGet(client, t, out)
}

func getRow(client *tablestore.TableStoreClient, t string, pk *tablestore.PrimaryKey, columns []string, maxVersions int32, out *jsonLines) error {
	resp, err := client.GetRow(&tablestore.GetRowRequest{SingleRowQueryCriteria: &tablestore.SingleRowQueryCriteria{
		TableName: t, PrimaryKey: pk, ColumnsToGet: columns, MaxVersion: maxVersions}})
	reqPK, _ := normalizePrimaryKey(pk)
	if err != nil {
		return fmt.Errorf("GetRow %v: %w", reqPK, err)
	}
	line := getRowLine{Op: "GetRow", PrimaryKey: reqPK, ColumnsToGet: columns, MaxVersions: maxVersions}
	if line.ColumnsToGet == nil {
		line.ColumnsToGet = []string{}
	}
	if len(resp.PrimaryKey.PrimaryKeys) > 0 || len(resp.Columns) > 0 {
		if line.Row, err = normalizeRow(&resp.PrimaryKey, resp.Columns); err != nil {
			return fmt.Errorf("GetRow %v: %w", reqPK, err)
		}
	}
	return out.emit(line)
}

// getRange reads the whole table in pages of rangeLimit rows, restarting each page at next_start_primary_key.
func getRange(client *tablestore.TableStoreClient, t string, dir tablestore.Direction, out *jsonLines) error {
	start, end := &tablestore.PrimaryKey{}, &tablestore.PrimaryKey{}
	name := "FORWARD"
	if dir == tablestore.FORWARD {
		start.AddPrimaryKeyColumnWithMinValue("pk")
		start.AddPrimaryKeyColumnWithMinValue("seq")
		end.AddPrimaryKeyColumnWithMaxValue("pk")
		end.AddPrimaryKeyColumnWithMaxValue("seq")
	} else {
		name = "BACKWARD"
		start.AddPrimaryKeyColumnWithMaxValue("pk")
		start.AddPrimaryKeyColumnWithMaxValue("seq")
		end.AddPrimaryKeyColumnWithMinValue("pk")
		end.AddPrimaryKeyColumnWithMinValue("seq")
	}
	for page := 0; ; page++ {
		if page >= maxRecordPages {
			return fmt.Errorf("GetRange %s: next_start_primary_key still present after %d pages", name, page)
		}
		resp, err := client.GetRange(&tablestore.GetRangeRequest{RangeRowQueryCriteria: &tablestore.RangeRowQueryCriteria{
			TableName: t, StartPrimaryKey: start, EndPrimaryKey: end, Direction: dir, Limit: rangeLimit, MaxVersion: 1}})
		if err != nil {
			return fmt.Errorf("GetRange %s page %d: %w", name, page, err)
		}
		line := getRangeLine{Op: "GetRange", Direction: name, Limit: rangeLimit, Page: page, Rows: []*normalizedRow{}}
		for _, r := range resp.Rows {
			row, err := normalizeRow(r.PrimaryKey, r.Columns)
			if err != nil {
				return fmt.Errorf("GetRange %s page %d: %w", name, page, err)
			}
			line.Rows = append(line.Rows, row)
		}
		if resp.NextStartPrimaryKey != nil {
			if line.NextStartPrimaryKey, err = normalizePrimaryKey(resp.NextStartPrimaryKey); err != nil {
				return fmt.Errorf("GetRange %s page %d: next start key: %w", name, page, err)
			}
		}
		if err := out.emit(line); err != nil {
			return err
		}
		if resp.NextStartPrimaryKey == nil {
			return nil
		}
		start = resp.NextStartPrimaryKey
	}
}

// batchGet reads some written keys and the never-written one in one BatchGetRow; results keep request order.
func batchGet(client *tablestore.TableStoreClient, t string, out *jsonLines) error {
	keys := []*tablestore.PrimaryKey{key("a", 1), key("zz", 0), key("c", 7), key("d", 1)}
	criteria := &tablestore.MultiRowQueryCriteria{TableName: t, MaxVersion: 3}
	for _, k := range keys {
		criteria.AddRow(k)
	}
	resp, err := client.BatchGetRow(&tablestore.BatchGetRowRequest{MultiRowQueryCriteria: []*tablestore.MultiRowQueryCriteria{criteria}})
	if err != nil {
		return fmt.Errorf("BatchGetRow: %w", err)
	}
	results := resp.TableToRowsResult[t]
	if len(results) != len(keys) {
		return fmt.Errorf("BatchGetRow: expected %d results for table %q, got %d", len(keys), t, len(results))
	}
	line := batchGetLine{Op: "BatchGetRow", MaxVersions: 3}
	for i, r := range results {
		reqPK, _ := normalizePrimaryKey(keys[i])
		res := batchGetResult{PrimaryKey: reqPK, IsOk: r.IsSucceed}
		if !r.IsSucceed {
			res.Error = &batchError{Code: r.Error.Code, Message: r.Error.Message}
		} else if len(r.PrimaryKey.PrimaryKeys) > 0 || len(r.Columns) > 0 {
			pk := r.PrimaryKey
			if res.Row, err = normalizeRow(&pk, r.Columns); err != nil {
				return fmt.Errorf("BatchGetRow result %d: %w", i, err)
			}
		}
		line.Results = append(line.Results, res)
	}
	return out.emit(line)
}
