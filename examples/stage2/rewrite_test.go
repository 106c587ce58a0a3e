package stage2_test

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

	"github.com/azcompat/credwrapper/credwrappertest"
)

// report is the part of credwrapper-migrate -inventory -fix -json the test
// reads.
type report struct {
	Calls []struct {
		Pos       string
		Legacy    string
		Rewritten bool
		Message   string
	}
	Rewritten int
	Left      int
	Files     []string
	Modules   []string
}

// The legacy half of the side-by-side demo (package legacy), copied to a
// module of its own and rewritten by credwrapper-migrate -inventory -fix:
// every call is rewritten, the module builds and vets, the rewritten
// program sends the fake cloud the same requests as the original, and a
// second run changes nothing.
func TestDemoRewrittenByTheTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and the demo's module twice: not in -short")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	copyModule(t, root, dir)

	before := record(t, dir)
	tool := filepath.Join(t.TempDir(), "credwrapper-migrate")
	run(t, root, "go", "build", "-o", tool, "./cmd/credwrapper-migrate")

	var first report
	require.NoError(t, json.Unmarshal([]byte(run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &first))
	for _, c := range first.Calls {
		assert.True(t, c.Rewritten, "%s: %s", c.Pos, c.Message)
	}
	assert.Equal(t, 5, first.Rewritten)
	assert.Zero(t, first.Left)
	assert.Len(t, first.Files, 1)

	src, err := os.ReadFile(filepath.Join(dir, "stage2", "legacy", "groups.go"))
	require.NoError(t, err)
	assert.NotContains(t, string(src), "services/resources/mgmt")
	assert.Contains(t, string(src), "armresources.NewResourceGroupsClient(")
	assert.Contains(t, string(src), ".NewListPager(nil)")
	assert.Contains(t, string(src), ".BeginDelete(ctx, \"stage2-b\", nil)")
	run(t, dir, "go", "build", "./...")
	run(t, dir, "go", "vet", "./...")

	after := record(t, dir)
	assert.Equal(t, before.Exchanges, after.Exchanges, "the rewritten program's requests")
	require.NotEmpty(t, before.Exchanges)
	c := credwrappertest.Compare(before.Recording, after.Recording)
	assert.True(t, c.Equal, "the rewritten program's requests (- before, + after):\n%s", c.Diff)
	require.NotEmpty(t, before.Recording)

	var second report
	require.NoError(t, json.Unmarshal([]byte(run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &second))
	assert.Zero(t, second.Rewritten)
	assert.Empty(t, second.Files)
	again, err := os.ReadFile(filepath.Join(dir, "stage2", "legacy", "groups.go"))
	require.NoError(t, err)
	assert.Equal(t, string(src), string(again), "a second run changes nothing")
}

// copyModule makes dir a copy of the examples module holding only package
// legacy, with credwrapper replaced by the checkout at root.
func copyModule(t *testing.T, root, dir string) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(root, "examples", "go.mod"))
	require.NoError(t, err)
	mod = regexp.MustCompile(`(?m)^replace github.com/azcompat/credwrapper => .*$`).ReplaceAll(mod, []byte("replace github.com/azcompat/credwrapper => "+root))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "examples", "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	src := filepath.Join(root, "examples", "stage2", "legacy")
	dst := filepath.Join(dir, "stage2", "legacy")
	require.NoError(t, os.MkdirAll(dst, 0o755))
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644))
		}
	}
}

// recorded is what package legacy's test records.
type recorded struct {
	Exchanges []map[string]any
	Recording credwrappertest.Recording
}

// record runs package legacy's test against the fake cloud and returns the
// requests it received.
func record(t *testing.T, dir string) recorded {
	t.Helper()
	path := filepath.Join(t.TempDir(), "requests.json")
	cmd := exec.Command("go", "test", "-count=1", "./stage2/legacy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STAGE2_RECORD="+path)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var rec recorded
	require.NoError(t, json.Unmarshal(data, &rec))
	return rec
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %s: %s%s", name, strings.Join(args, " "), stdout.String(), stderr.String())
	return stdout.String()
}
