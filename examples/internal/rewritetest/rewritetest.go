// Package rewritetest runs credwrapper-migrate -inventory -fix on copies of
// the examples' code, for the examples' tests, and checks what every
// rewrite must hold: each legacy call is rewritten or says why not, the
// code builds and vets, and a second run changes nothing. The tests that
// use it also compare the code's requests to the credwrappertest fake cloud
// before and after.
package rewritetest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Report is the part of credwrapper-migrate -inventory -fix -json the tests
// read.
type Report struct {
	Calls []Call
	// Rewritten and Left count the calls rewritten and left with a reason.
	Rewritten int
	Left      int
	// Files are the files the run wrote.
	Files   []string
	Modules []string
}

// Call is what became of one legacy call.
type Call struct {
	Pos       string // file:line:column
	Legacy    string
	Rewritten bool
	Message   string
}

// Counts returns how many of the report's calls under dir (a directory,
// absolute as the report's positions are) were rewritten and left.
func (r Report) Counts(dir string) (rewritten, left int) {
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	for _, c := range r.Calls {
		if !strings.HasPrefix(c.Pos, prefix) {
			continue
		}
		if c.Rewritten {
			rewritten++
		} else {
			left++
		}
	}
	return rewritten, left
}

// Tool builds credwrapper-migrate from the checkout at root and returns its
// path.
func Tool(t testing.TB, root string) string {
	t.Helper()
	tool := filepath.Join(t.TempDir(), "credwrapper-migrate")
	Run(t, root, "go", "build", "-o", tool, "./cmd/credwrapper-migrate")
	return tool
}

// Module writes the examples module's go.mod (credwrapper replaced by the
// checkout at root) and go.sum into dir, which makes dir a copy of the
// module with no package yet.
func Module(t testing.TB, root, dir string) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(root, "examples", "go.mod"))
	require.NoError(t, err)
	mod = regexp.MustCompile(`(?m)^replace github.com/azcompat/credwrapper => .*$`).ReplaceAll(mod, []byte("replace github.com/azcompat/credwrapper => "+root))
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "examples", "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
}

// CopyTree copies src to dst, leaving out the directories named skip.
func CopyTree(t testing.TB, src, dst string, skip ...string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			for _, s := range skip {
				if d.Name() == s {
					return filepath.SkipDir
				}
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	}))
}

// Snapshot maps each Go file under dir to its content.
func Snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		out[path] = string(data)
		return err
	}))
	return out
}

// Run runs name with args in dir, fails t if it fails, and returns its
// standard output.
func Run(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %s: %s%s", name, strings.Join(args, " "), stdout.String(), stderr.String())
	return stdout.String()
}

// Fix runs tool -inventory -fix -json on ./... in the module at dir and
// checks the result: every call left as it is says "not rewritten", the
// counts add up, and the module builds and vets. It returns the report.
func Fix(t testing.TB, tool, dir string) Report {
	t.Helper()
	var r Report
	require.NoError(t, json.Unmarshal([]byte(Run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &r))
	for _, c := range r.Calls {
		if !c.Rewritten {
			assert.Contains(t, c.Message, "not rewritten", "%s: a call left without a reason", c.Pos)
		}
	}
	assert.Equal(t, len(r.Calls), r.Rewritten+r.Left)
	Run(t, dir, "go", "build", "./...")
	Run(t, dir, "go", "vet", "./...")
	return r
}

// Again runs tool -inventory -fix a second time in dir, after Fix, and
// checks that it changes nothing.
func Again(t testing.TB, tool, dir string) {
	t.Helper()
	before := Snapshot(t, dir)
	var r Report
	require.NoError(t, json.Unmarshal([]byte(Run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &r))
	assert.Zero(t, r.Rewritten)
	assert.Empty(t, r.Files)
	assert.Equal(t, before, Snapshot(t, dir), "a second run changes nothing")
}

// Changed counts the files whose content differs between two snapshots of
// the same tree.
func Changed(before, after map[string]string) int {
	n := 0
	for name := range before {
		if before[name] != after[name] {
			n++
		}
	}
	return n
}
