package finding

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestJSONLRoundTrip(t *testing.T) {
	off := int64(512)
	tm := time.Date(2026, 11, 1, 3, 4, 5, 0, time.UTC)
	in := []Finding{{
		Rule: "persistence.cron.download_exec", Severity: High, Confidence: "high",
		Title: "Cron job downloads and runs code", TitleZh: "计划任务下载并执行代码",
		Attack: []string{"T1053.003"}, Category: "MPMINER",
		Evidence: []Evidence{{Path: "/etc/cron.d/x", SHA256: "ab", Line: 2, Offset: &off, Excerpt: "curl x|sh"}},
		Time:     &tm, Advice: "Remove the entry.", AdviceZh: "删除该条目。",
	}, {Rule: "r2", Title: "t", TitleZh: "标题"}}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"severity":"high"`) || !strings.Contains(buf.String(), "curl x|sh") {
		t.Fatalf("unexpected encoding: %s", buf.String())
	}
	out, err := ReadJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip:\n%+v\n%+v", in, out)
	}
	for _, f := range out {
		if err := f.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestSeverity(t *testing.T) {
	for s := Info; s <= Critical; s++ {
		p, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || p != s {
			t.Errorf("ParseSeverity(%v) = %v, %v", s, p, err)
		}
	}
	var s Severity
	if err := s.UnmarshalText([]byte("bogus")); err == nil {
		t.Error("bogus severity accepted")
	}
	if (&Finding{Rule: "x", Title: "t"}).Validate() == nil {
		t.Error("finding without title_zh accepted")
	}
	if _, err := ReadJSONL(strings.NewReader(`{"rule":"a","severity":"nope"}`)); err == nil {
		t.Error("bad severity in JSON accepted")
	}
}
