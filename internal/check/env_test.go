package check

import (
	"context"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/source"
)

func TestOwnedMergedUsrLive(t *testing.T) {
	src, err := source.OpenDir("/", false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	c := &Context{Context: context.Background(), env: newEnv(context.Background(), src, time.Now())}
	if !c.Packages().Known() {
		t.Skip("not a dpkg system")
	}
	for _, n := range []string{"usr/bin/bash", "bin/bash", "usr/lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libc.so.6"} {
		pkg, o := c.Owned(n)
		if o != Pristine {
			t.Errorf("Owned(%s) = %q, %v", n, pkg, o)
		}
	}
}
