package rewrite_test

import (
	"runtime/debug"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine is left behind. The
// golden tests load the legacy and new SDK packages from source
// (analysistest's way): a soft memory limit makes the collector keep this
// process well under the README test command's 2 GiB per process.
func TestMain(m *testing.M) {
	debug.SetMemoryLimit(1 << 30)
	goleak.VerifyTestMain(m)
}
