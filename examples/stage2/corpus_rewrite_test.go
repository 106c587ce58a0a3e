//go:build stage2heavy

// The rewrite of whole programs by the built command: several minutes, so
// a step of .ci/run (go -C examples test -tags stage2heavy ./stage2), not
// of the README's test command.

package stage2_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	copyModuleFiles(t, root, dir)
	copyTree(t, filepath.Join(root, "examples", "stage2", "corpus"), filepath.Join(dir, "stage2", "corpus"), "migrated")
	before := snapshot(t, dir)

	tool := filepath.Join(t.TempDir(), "credwrapper-migrate")
	run(t, root, "go", "build", "-o", tool, "./cmd/credwrapper-migrate")
	var first report
	require.NoError(t, json.Unmarshal([]byte(run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &first))
	require.NotEmpty(t, first.Calls)
	for _, c := range first.Calls {
		if !c.Rewritten {
			assert.Contains(t, c.Message, "not rewritten", "%s: a call left without a reason", c.Pos)
		}
	}
	assert.Equal(t, len(first.Calls), first.Rewritten+first.Left)
	run(t, dir, "go", "build", "./...")
	run(t, dir, "go", "vet", "./...")
	cmd := exec.Command("go", "test", "-count=1", "./stage2/corpus/...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the rewritten corpus against its recordings:\n%s", out)

	after := snapshot(t, dir)
	var second report
	require.NoError(t, json.Unmarshal([]byte(run(t, dir, tool, "-inventory", "-fix", "-json", "./...")), &second))
	assert.Zero(t, second.Rewritten)
	assert.Equal(t, after, snapshot(t, dir), "a second run changes nothing")
	changed := 0
	for name := range before {
		if before[name] != after[name] {
			changed++
		}
	}
	assert.Equal(t, len(first.Files), changed)

	doc, err := os.ReadFile(filepath.Join(root, "MIGRATION.md"))
	require.NoError(t, err)
	line := fmt.Sprintf("On the corpus of examples/stage2/corpus, the rewrite rewrites %d of %d legacy calls and leaves %d with a reason.", first.Rewritten, len(first.Calls), first.Left)
	assert.Contains(t, strings.Join(strings.Fields(string(doc)), " "), line, "MIGRATION.md's counts")
	for _, c := range first.Calls {
		t.Logf("%s: %s", strings.TrimPrefix(c.Pos, dir+"/"), c.Message)
	}
}

// copyModuleFiles writes the examples module's go.mod (credwrapper
// replaced by the checkout at root) and go.sum into dir.
func copyModuleFiles(t *testing.T, root, dir string) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(root, "examples", "go.mod"))
	require.NoError(t, err)
	mod = regexp.MustCompile(`(?m)^replace github.com/azcompat/credwrapper => .*$`).ReplaceAll(mod, []byte("replace github.com/azcompat/credwrapper => "+root))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "examples", "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
}

// copyTree copies src to dst, leaving out the directories named skip.
func copyTree(t *testing.T, src, dst, skip string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == skip {
				return filepath.SkipDir
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

// snapshot maps each file under dir to its content.
func snapshot(t *testing.T, dir string) map[string]string {
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
