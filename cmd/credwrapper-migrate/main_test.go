package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// runMainEnv makes the test binary the command: the tests run it as a child,
// and the command runs itself again as its analysis process.
const runMainEnv = "CREDWRAPPER_MIGRATE_TEST_MAIN"

// TestMain runs the command when asked to, and otherwise the tests, failing
// them if any goroutine is left behind.
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

func TestHelpNamesTheCommand(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {}} {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), runMainEnv+"=1")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil {
			require.ErrorAs(t, err, &exit, "%v", args)
		}
		assert.Contains(t, string(out), "Usage: credwrapper-migrate [-flag] [package]", "%v", args)
		assert.True(t, strings.HasPrefix(string(out), "credwrapper-migrate: move go-autorest authentication"), "%v:\n%s", args, out)
		assert.NotContains(t, string(out), "credwrappermigrate", "%v", args)
		assert.Contains(t, string(out), "-fix", "%v: the checker's flags are listed", args)
	}
}

func TestFixRequested(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, false},
		{[]string{"-fix", "./..."}, true},
		{[]string{"--fix", "./..."}, true},
		{[]string{"-fix=true", "./..."}, true},
		{[]string{"-fix=false", "./..."}, false},
		{[]string{"-c", "2", "-fix", "./..."}, true},
		{[]string{"-fix", "-diff", "./..."}, false},
		{[]string{"-fix", "-diff=false", "./..."}, true},
		{[]string{"--", "-fix"}, false},
		{[]string{"-fixes", "./..."}, false},
	} {
		assert.Equal(t, tc.want, fixRequested(tc.args), "%q", tc.args)
	}
}

func TestVetProtocol(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-fix", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-fix", "./..."}, false},
		{[]string{"-v", "./..."}, false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, vetProtocol(tc.args), "%q", tc.args)
	}
}

func TestOwnVersion(t *testing.T) {
	replaced := &debug.Module{Path: modulePath, Version: "v1.2.0", Replace: &debug.Module{Path: "../credwrapper"}}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.0"}}, "v1.2.0"},
		{"go install @main", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.1-0.20261201000000-abcdefabcdef"}}, "v1.2.1-0.20261201000000-abcdefabcdef"},
		{"a checkout", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, "latest"},
		{"a modified checkout", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.2.1-0.20261201000000-abcdefabcdef+dirty"}}, "latest"},
		{"linked into another program", &debug.BuildInfo{Main: debug.Module{Path: "example.com/vet", Version: "(devel)"}, Deps: []*debug.Module{{Path: modulePath, Version: "v1.3.0"}}}, "v1.3.0"},
		{"linked, replaced", &debug.BuildInfo{Main: debug.Module{Path: "example.com/vet"}, Deps: []*debug.Module{replaced}}, "latest"},
		{"no build information", nil, "latest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(f func() (*debug.BuildInfo, bool)) { readBuildInfo = f }(readBuildInfo)
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tc.info, tc.info != nil }
			assert.Equal(t, tc.want, ownVersion())
		})
	}
}

func TestRename(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"credwrappermigrate: no packages\n", "credwrapper-migrate: no packages\n"},
		{"Usage: credwrappermigrate [-flag] [package]\n", "Usage: credwrapper-migrate [-flag] [package]\n"},
		{"/src/a.go:3:2: credwrappermigrate: kept\n", "/src/a.go:3:2: credwrappermigrate: kept\n"},
		{"no newline at the end", "no newline at the end"},
	} {
		var b strings.Builder
		require.NoError(t, rename(&b, strings.NewReader(tc.in)))
		assert.Equal(t, tc.want, b.String())
	}
}

// -fix edits a file that imports "C" (not cgo's output of it) and drops a
// dot import of adal once nothing uses it: the fixed packages build.
func TestFixCgoAndDotImport(t *testing.T) {
	gopath := t.TempDir()
	require.NoError(t, os.CopyFS(gopath, os.DirFS(filepath.Join("..", "..", "migrate", "testdata"))))
	src := filepath.Join(gopath, "src")
	env := append(os.Environ(), runMainEnv+"=1", "GOPATH="+gopath, "GO111MODULE=off", "GOWORK=off", "CGO_ENABLED=1")
	cmd := exec.Command(os.Args[0], "-fix", "./cgofix", "./adaldot")
	cmd.Dir, cmd.Env = src, env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	for _, pkg := range []string{"cgofix", "adaldot"} {
		got, err := os.ReadFile(filepath.Join(src, pkg, "a.go"))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join(src, pkg, "a.go.golden"))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s: the analyzer's golden file", pkg)
	}

	build := exec.Command("go", "build", "./cgofix", "./adaldot")
	build.Dir, build.Env = src, env
	out, err = build.CombinedOutput()
	require.NoError(t, err, "the fixed packages build:\n%s", out)
}
