package main

// The normalized, language-neutral output format (test/conformance/README.md). The Java client prints the same
// shapes, so the two outputs, and our TypeScript client's, compare with a plain deep-equality check.

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"

	"github.com/aliyun/aliyun-tablestore-go-sdk/tablestore"
)

// pkCell is one primary-key column.
type pkCell struct {
	Name  string      `json:"name"`
	Type  string      `json:"type"`
	Value interface{} `json:"value"`
}

// rowCell is one version of an attribute column as returned by a row read.
type rowCell struct {
	Name      string      `json:"name"`
	Type      string      `json:"type"`
	Value     interface{} `json:"value"`
	Timestamp string      `json:"timestamp"`
}

// recordCell is one cell of a stream record; Type/Value are null for deletes, Timestamp for DELETE_ALL_VERSIONS.
type recordCell struct {
	Name      string      `json:"name"`
	Type      *string     `json:"type"`
	Value     interface{} `json:"value"`
	Timestamp *string     `json:"timestamp"`
	Op        string      `json:"op"`
}

type sequenceInfo struct {
	Epoch     int32  `json:"epoch"`
	Timestamp string `json:"timestamp"`
	RowIndex  int32  `json:"rowIndex"`
}

type streamRecordLine struct {
	ShardID    string       `json:"shardId"`
	Action     string       `json:"action"`
	PrimaryKey []pkCell     `json:"primaryKey"`
	Columns    []recordCell `json:"columns"`
	Sequence   sequenceInfo `json:"sequence"`
}

type normalizedRow struct {
	PrimaryKey []pkCell  `json:"primaryKey"`
	Columns    []rowCell `json:"columns"`
}

// normalizeValue maps an SDK value to (type, JSON value): INTEGER as a decimal string, BINARY as base64, DOUBLE as a
// JSON number (non-finite values as the strings "NaN", "Infinity", "-Infinity").
func normalizeValue(v interface{}) (string, interface{}, error) {
	switch x := v.(type) {
	case int64:
		return "INTEGER", strconv.FormatInt(x, 10), nil
	case string:
		return "STRING", x, nil
	case []byte:
		return "BINARY", base64.StdEncoding.EncodeToString(x), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return "DOUBLE", "NaN", nil
		case math.IsInf(x, 1):
			return "DOUBLE", "Infinity", nil
		case math.IsInf(x, -1):
			return "DOUBLE", "-Infinity", nil
		}
		return "DOUBLE", x, nil
	case bool:
		return "BOOLEAN", x, nil
	default:
		return "", nil, fmt.Errorf("value of unexpected Go type %T (%v)", v, v)
	}
}

func normalizePrimaryKey(pk *tablestore.PrimaryKey) ([]pkCell, error) {
	out := []pkCell{}
	if pk == nil {
		return out, nil
	}
	for _, c := range pk.PrimaryKeys {
		switch c.PrimaryKeyOption {
		case tablestore.MIN:
			out = append(out, pkCell{Name: c.ColumnName, Type: "INF_MIN", Value: nil})
			continue
		case tablestore.MAX:
			out = append(out, pkCell{Name: c.ColumnName, Type: "INF_MAX", Value: nil})
			continue
		case tablestore.AUTO_INCREMENT:
			out = append(out, pkCell{Name: c.ColumnName, Type: "AUTO_INCREMENT", Value: nil})
			continue
		}
		t, v, err := normalizeValue(c.Value)
		if err != nil {
			return nil, fmt.Errorf("primary-key column %q: %w", c.ColumnName, err)
		}
		out = append(out, pkCell{Name: c.ColumnName, Type: t, Value: v})
	}
	return out, nil
}

// normalizeRow keeps the SDK's column order: the server's order is part of what is being checked.
func normalizeRow(pk *tablestore.PrimaryKey, cols []*tablestore.AttributeColumn) (*normalizedRow, error) {
	p, err := normalizePrimaryKey(pk)
	if err != nil {
		return nil, err
	}
	row := &normalizedRow{PrimaryKey: p, Columns: []rowCell{}}
	for _, c := range cols {
		t, v, err := normalizeValue(c.Value)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", c.ColumnName, err)
		}
		row.Columns = append(row.Columns, rowCell{
			Name: c.ColumnName, Type: t, Value: v, Timestamp: strconv.FormatInt(c.Timestamp, 10)})
	}
	return row, nil
}

func normalizeRecord(shardID string, r *tablestore.StreamRecord) (*streamRecordLine, error) {
	line := &streamRecordLine{ShardID: shardID, Columns: []recordCell{}}
	switch r.Type {
	case tablestore.AT_Put:
		line.Action = "PUT"
	case tablestore.AT_Update:
		line.Action = "UPDATE"
	case tablestore.AT_Delete:
		line.Action = "DELETE"
	default:
		return nil, fmt.Errorf("unknown action type %d", int(r.Type))
	}
	pk, err := normalizePrimaryKey(r.PrimaryKey)
	if err != nil {
		return nil, err
	}
	line.PrimaryKey = pk
	if r.Info == nil {
		return nil, fmt.Errorf("record without sequence info")
	}
	line.Sequence = sequenceInfo{
		Epoch: r.Info.Epoch, Timestamp: strconv.FormatInt(r.Info.Timestamp, 10), RowIndex: r.Info.RowIndex}
	for _, c := range r.Columns {
		cell := recordCell{Name: *c.Name}
		if c.Timestamp != nil {
			ts := strconv.FormatInt(*c.Timestamp, 10)
			cell.Timestamp = &ts
		}
		switch c.Type {
		case tablestore.RCT_Put:
			cell.Op = "PUT"
			t, v, err := normalizeValue(c.Value)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", *c.Name, err)
			}
			cell.Type = &t
			cell.Value = v
		case tablestore.RCT_DeleteOneVersion:
			cell.Op = "DELETE_ONE_VERSION"
		case tablestore.RCT_DeleteAllVersions:
			cell.Op = "DELETE_ALL_VERSIONS"
		default:
			return nil, fmt.Errorf("column %q: unknown cell type %d", *c.Name, int(c.Type))
		}
		line.Columns = append(line.Columns, cell)
	}
	return line, nil
}
