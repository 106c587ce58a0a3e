//go:build stage2heavy

// The rewrite of whole programs by the built command: several minutes, so
// a step of .ci/run (go -C examples test -tags stage2heavy ./stage2), not
// of the README's test command.

package stage2_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/examples/internal/rewritetest"
)

// The corpus, copied to a module of its own and rewritten by
// credwrapper-migrate -inventory -fix: every legacy call is rewritten or
// left with a reason, the module builds and vets, each program still sends
// the requests of its recording (the corpus's own tests, run in the copy),
// a second run changes nothing, and MIGRATION.md gives the counts.
func TestCorpusRewrittenByTheTool(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	rewritetest.Module(t, root, dir)
	rewritetest.CopyTree(t, filepath.Join(root, "examples", "stage2", "corpus"), filepath.Join(dir, "stage2", "corpus"), "migrated")
	before := rewritetest.Snapshot(t, dir)

	tool := rewritetest.Tool(t, root)
	first := rewritetest.Fix(t, tool, dir)
	require.NotEmpty(t, first.Calls)
	cmd := exec.Command("go", "test", "-count=1", "./stage2/corpus/...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the rewritten corpus against its recordings:\n%s", out)

	assert.Equal(t, len(first.Files), rewritetest.Changed(before, rewritetest.Snapshot(t, dir)))
	rewritetest.Again(t, tool, dir)

	doc, err := os.ReadFile(filepath.Join(root, "MIGRATION.md"))
	require.NoError(t, err)
	line := fmt.Sprintf("On the corpus of examples/stage2/corpus, the rewrite rewrites %d of %d legacy calls and leaves %d with a reason.", first.Rewritten, len(first.Calls), first.Left)
	assert.Contains(t, strings.Join(strings.Fields(string(doc)), " "), line, "MIGRATION.md's counts")
	for _, c := range first.Calls {
		t.Logf("%s: %s", strings.TrimPrefix(c.Pos, dir+"/"), c.Message)
	}
}
