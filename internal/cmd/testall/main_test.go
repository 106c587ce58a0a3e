package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// events encodes go test -json events, one a line.
func events(t *testing.T, es ...event) string {
	t.Helper()
	var b strings.Builder
	for _, e := range es {
		j, err := json.Marshal(e)
		require.NoError(t, err)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestRead(t *testing.T) {
	const ok, bad, store = "example.com/ok", "example.com/bad", "example.com/azurite"
	in := events(t,
		event{Action: "output", Package: ok, Test: "TestA", Output: "=== RUN   TestA\n"},
		event{Action: "output", Package: bad, Test: "TestB", Output: "=== RUN   TestB\n"},
		event{Action: "output", Package: bad, Test: "TestB", Output: "    b_test.go:9: boom\n"},
		event{Action: "output", Package: bad, Test: "TestC", Output: "--- PASS: TestC (0.00s)\n"},
		event{Action: "pass", Package: bad, Test: "TestC"},
		event{Action: "output", Package: ok, Test: "TestA", Output: "--- PASS: TestA (0.00s)\n"},
		event{Action: "pass", Package: ok, Test: "TestA/sub"},
		event{Action: "pass", Package: ok, Test: "TestA"},
		event{Action: "output", Package: ok, Output: "PASS\n"},
		event{Action: "output", Package: ok, Output: "ok  \texample.com/ok\t0.1s\n"},
		event{Action: "pass", Package: ok},
		event{Action: "output", Package: bad, Test: "TestB", Output: "--- FAIL: TestB (0.00s)\n"},
		event{Action: "fail", Package: bad, Test: "TestB"},
		event{Action: "output", Package: bad, Output: "FAIL\texample.com/bad\t0.2s\n"},
		event{Action: "fail", Package: bad},
		event{Action: "output", Package: "example.com/none", Output: "?   \texample.com/none\t[no test files]\n"},
		event{Action: "skip", Package: "example.com/none"},
		event{Action: "output", Package: store, Test: "TestBlob", Output: "=== RUN   TestBlob\n"},
		event{Action: "output", Package: store, Test: "TestBlob", Output: "    azurite_test.go:62: Azurite not found: run `npm ci`\n"},
		event{Action: "output", Package: store, Test: "TestBlob", Output: "--- SKIP: TestBlob (0.00s)\n"},
		event{Action: "skip", Package: store, Test: "TestBlob"},
		event{Action: "output", Package: store, Test: "TestQueue", Output: "    azurite_test.go:62: Azurite not found: run `npm ci`\n"},
		event{Action: "skip", Package: store, Test: "TestQueue"},
		event{Action: "output", Package: store, Output: "ok  \texample.com/azurite\t0.3s\n"},
		event{Action: "pass", Package: store},
		event{Action: "output", Package: "example.com/broken", Output: "FAIL\texample.com/broken [build failed]\n"},
		event{Action: "fail", Package: "example.com/broken", FailedBuild: "example.com/broken"},
	) + "go: downloading example.com/dep v1.0.0\n"
	var s summary
	var out strings.Builder
	s.read(strings.NewReader(in), &out)
	assert.Equal(t, "    b_test.go:9: boom\n"+
		"--- FAIL: TestB (0.00s)\n"+
		"FAIL\texample.com/bad\t0.2s\n"+
		"?   \texample.com/none\t[no test files]\n"+
		"ok  \texample.com/azurite\t0.3s\n"+
		"FAIL\texample.com/broken [build failed]\n"+
		"go: downloading example.com/dep v1.0.0\n", strings.Replace(out.String(), "ok  \texample.com/ok\t0.1s\n", "", 1))
	assert.Contains(t, out.String(), "ok  \texample.com/ok\t0.1s\n")
	assert.NotContains(t, out.String(), "PASS\n", "a passing package shows its summary line only")
	assert.Equal(t, 4, s.packages)
	assert.Equal(t, 2, s.passed, "top-level tests only")
	assert.Equal(t, []failure{{pkg: bad, tests: []string{"TestB"}}, {pkg: "example.com/broken", build: "example.com/broken"}}, s.failed)

	var rep strings.Builder
	s.moduleErrs = []string{"go test in examples: exit status 1"}
	s.report(&rep)
	assert.Equal(t, "\n4 packages in "+strconv.Itoa(len(modules))+" modules: 2 tests passed, 2 packages FAILED, 2 skipped\n"+
		"FAILED example.com/bad: TestB\n"+
		"FAILED example.com/broken: build failed (example.com/broken)\n"+
		"FAILED go test in examples: exit status 1\n"+
		"2 tests did not run (example.com/azurite: TestBlob, TestQueue):\n    Azurite not found: run `npm ci`\n", rep.String())
}

func TestReportOne(t *testing.T) {
	s := summary{packages: 1, passed: 1, failed: []failure{{pkg: "example.com/bad"}}}
	var rep strings.Builder
	s.report(&rep)
	assert.Equal(t, "\n1 package in "+strconv.Itoa(len(modules))+" modules: 1 test passed, 1 package FAILED, 0 skipped\n"+
		"FAILED example.com/bad: outside its tests (see its output above)\n", rep.String())
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 packages"}, {1, "1 package"}, {2, "2 packages"}} {
		assert.Equal(t, tc.want, plural(tc.n, "package"))
	}
}

func TestReportPeaks(t *testing.T) {
	var rep strings.Builder
	(&summary{}).reportPeaks(&rep)
	assert.Empty(t, rep.String(), "nothing measured, nothing printed")
	s := summary{peaks: []peak{{".", 512 << 20}, {"examples", 1536 << 20}}}
	s.reportPeaks(&rep)
	assert.Equal(t, "peak memory of the largest process, per module: . 512 MiB, examples 1536 MiB\n", rep.String())
}

func TestSkipReason(t *testing.T) {
	for _, tc := range []struct {
		out  []string
		want string
	}{
		{nil, "no reason given"},
		{[]string{"=== RUN   TestX\n", "--- SKIP: TestX (0.00s)\n"}, "no reason given"},
		{[]string{"    signature_test.go:152: builds a program twice; skipped with -short\n"}, "builds a program twice; skipped with -short"},
		{[]string{"    x_test.go:1: line one\n", "        line two\n"}, "line one line two"},
	} {
		assert.Equal(t, tc.want, skipReason(tc.out), "%q", tc.out)
	}
}
