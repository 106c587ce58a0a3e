package stage2_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/internal/rewritetest"
)

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
	rewritetest.Module(t, root, dir)
	rewritetest.CopyTree(t, filepath.Join(root, "examples", "stage2", "legacy"), filepath.Join(dir, "stage2", "legacy"))

	before := record(t, dir)
	tool := rewritetest.Tool(t, root)
	first := rewritetest.Fix(t, tool, dir)
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

	after := record(t, dir)
	assert.Equal(t, before.Exchanges, after.Exchanges, "the rewritten program's requests")
	require.NotEmpty(t, before.Exchanges)
	c := credwrappertest.Compare(before.Recording, after.Recording)
	assert.True(t, c.Equal, "the rewritten program's requests (- before, + after):\n%s", c.Diff)
	require.NotEmpty(t, before.Recording)

	rewritetest.Again(t, tool, dir)
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
