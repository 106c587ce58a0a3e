//go:build stage2heavy

package stage2_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/internal/child"
	"github.com/azcompat/credwrapper/examples/internal/rewritetest"
)

// app is a program of examples/ that calls the v68 management clients.
type app struct {
	// dir is its directory under examples/.
	dir string
	// files are the files copied (nil: all of dir): a test package's files
	// that hold no legacy call and need the rest of the repository (its
	// documents) are left out.
	files []string
	// command is the command built and run against a fake cloud through
	// the environment (credwrappertest.Cloud.Environ), relative to
	// examples/.
	command string
	// prints is what the command prints, before and after, when it did
	// its job.
	prints []string
	// tests, for a package whose programs are its tests and examples, are
	// the tests run (go test -run) with credwrappertest.RecordEnv set.
	tests string
	// skip are the tests left out (go test -skip): those that call for a
	// span of wall-clock time, so that how many requests they send depends
	// on the machine's speed.
	skip string
}

// apps are the programs of examples/ that call v68 management clients
// (services/.../mgmt/...), apart from the corpus (TestCorpusRewrittenByTheTool)
// and the legacy programs of examples/migratetool, which stage 1 fixes first;
// and stage2/realcode, real legacy code (terratest's, see its NOTICE) with a
// driver.
var apps = []app{
	{dir: "realcallers/autoscaler", command: "realcallers/autoscaler", prints: []string{"resource groups: 0"}},
	{dir: "realcallers/blockstore", command: "realcallers/blockstore", prints: []string{"resource group: backups"}},
	{dir: "realcallers/provisioner", command: "realcallers/provisioner", prints: []string{"provisioned"}},
	{dir: "stage2/realcode", command: "stage2/realcode/driver", prints: []string{
		"resource group exists: true\nabsent resource group exists: false\nresource groups tagged team: 1\n",
		"storage account exists: true\nstorage account kind: StorageV2\nstorage account tier: Standard\n",
		"blob container exists: true\nblob container public: false\nstorage DNS: https://terratestsa.blob.core.windows.net/\n",
	}},
	{dir: "sidebyside", tests: "TestDemo"},
	{dir: "stage2/legacy", tests: "TestRun"},
	{dir: "migration", files: []string{"doc.go", "leak_test.go", "migration_test.go", "readme_test.go"}, tests: "^(Example.*|TestStage2)$"},
	{dir: "interop", tests: ".", skip: "^(TestTokenExpiryAcrossClients|TestRefreshInAcrossClients|TestRevocationSoak)$"},
}

// The programs of examples/ that call v68 management clients, copied to a
// module of their own and rewritten by credwrapper-migrate -inventory -fix:
// every call is rewritten or left with a reason, the module builds and
// vets, each program sends the fake cloud the same requests as before (a
// command run against a fake through the environment; a test package's
// tests, each recording its own fakes), a second run changes nothing, and
// MIGRATION.md gives each program's counts.
func TestAppsRewrittenByTheTool(t *testing.T) {
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "android", "plan9":
		t.Fatal("the commands trust the fake cloud through SSL_CERT_FILE, which Go honours on Linux and the BSDs only")
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	dir := t.TempDir()
	rewritetest.Module(t, root, dir)
	for _, a := range apps {
		src, dst := filepath.Join(root, "examples", a.dir), filepath.Join(dir, a.dir)
		if a.files == nil {
			rewritetest.CopyTree(t, src, dst)
			continue
		}
		require.NoError(t, os.MkdirAll(dst, 0o755))
		for _, f := range a.files {
			data, err := os.ReadFile(filepath.Join(src, f))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dst, f), data, 0o644))
		}
	}

	before, beforeOut := recordApps(t, dir, "before")
	tool := rewritetest.Tool(t, root)
	rep := rewritetest.Fix(t, tool, dir)
	after, afterOut := recordApps(t, dir, "after")
	for _, a := range apps {
		for _, want := range a.prints {
			assert.Contains(t, beforeOut[a.command], want, "%s does its job", a.command)
			assert.Contains(t, afterOut[a.command], want, "%s, rewritten, does its job", a.command)
		}
	}
	for _, a := range apps {
		b, n := before[a.dir], after[a.dir]
		require.Len(t, n, len(b), "%s: as many fake clouds before and after", a.dir)
		for i := range b {
			require.Equal(t, b[i].Test, n[i].Test, "%s: the same tests before and after", a.dir)
			c := credwrappertest.Compare(b[i].Recording, n[i].Recording)
			assert.True(t, c.Equal, "%s %s: the rewritten program's requests (- before, + after):\n%s", a.dir, b[i].Test, c.Diff)
		}
	}
	rewritetest.Again(t, tool, dir)

	doc, err := os.ReadFile(filepath.Join(root, "MIGRATION.md"))
	require.NoError(t, err)
	flat := strings.Join(strings.Fields(string(doc)), " ")
	total := 0
	for _, a := range apps {
		rewritten, left := rep.Counts(filepath.Join(dir, a.dir))
		total += rewritten + left
		calls := 0
		for _, r := range before[a.dir] {
			calls += len(r.Recording)
		}
		t.Logf("%s: %d rewritten, %d left; %d requests recorded", a.dir, rewritten, left, calls)
		assert.Positive(t, rewritten+left, "%s: a program with legacy calls", a.dir)
		assert.Positive(t, calls, "%s: a program that sends requests", a.dir)
		assert.Contains(t, flat, fmt.Sprintf("| examples/%s | %d | %d |", a.dir, rewritten, left), "MIGRATION.md's counts")
	}
	assert.Equal(t, len(rep.Calls), total, "every call is in one of the programs")
	for _, c := range rep.Calls {
		t.Logf("%s: %s", strings.TrimPrefix(c.Pos, dir+"/"), c.Message)
	}
}

// recordApps runs each app against the fake cloud and returns the
// recordings of its fake clouds, by app, in the order of their tests, and
// what each command printed.
func recordApps(t *testing.T, dir, stage string) (map[string][]credwrappertest.NamedRecording, map[string]string) {
	t.Helper()
	out, printed := map[string][]credwrappertest.NamedRecording{}, map[string]string{}
	bin := filepath.Join(t.TempDir(), "bin")
	var commands []string
	for _, a := range apps {
		if a.command != "" {
			commands = append(commands, "./"+a.command)
		}
	}
	rewritetest.Run(t, dir, "go", append([]string{"build", "-o", bin + "/"}, commands...)...)
	for _, a := range apps {
		if a.command != "" {
			rec, stdout := runCommand(t, filepath.Join(bin, filepath.Base(a.command)))
			out[a.dir] = []credwrappertest.NamedRecording{{Test: a.command, Recording: rec}}
			printed[a.command] = stdout
			continue
		}
		path := filepath.Join(t.TempDir(), "traffic.jsonl")
		args := []string{"test", "-count=1", "-run", a.tests, "./" + a.dir}
		if a.skip != "" {
			args = append(args, "-skip", a.skip)
		}
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), credwrappertest.RecordEnv+"="+path)
		log, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s: %s's tests:\n%s", stage, a.dir, log)
		recs, err := credwrappertest.ReadRecordings(path)
		require.NoError(t, err, "%s: %s", stage, a.dir)
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].Test < recs[j].Test })
		out[a.dir] = recs
	}
	return out, printed
}

// runCommand runs a command against a fake cloud of its own, named through
// the environment, and returns what the cloud recorded and what the command
// printed.
func runCommand(t *testing.T, path string) (credwrappertest.Recording, string) {
	t.Helper()
	fc := credwrappertest.NewTest(t, nil)
	env, err := fc.Environ(t.TempDir())
	require.NoError(t, err)
	r := child.Run(t, 2*time.Minute, "", append(child.CleanEnviron(), env...), path)
	require.Zero(t, r.Code, "%s:\nstdout:\n%sstderr:\n%s", path, r.Stdout, r.Stderr)
	return fc.Traffic.Recording(), r.Stdout
}
