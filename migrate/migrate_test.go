package migrate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/azcompat/credwrapper/migrate"
)

// cases are the test packages: every directory of testdata/src but the
// roots of the stubs (github.com, example.com), so that a new case cannot be
// left out.
func cases(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(analysistest.TestData(), "src"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.Contains(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// remaining is what each case still reports after its fixes: what needs a
// person. A case not listed reports nothing.
var remaining = map[string]int{
	"advice":      5, // no twin
	"keyvault":    1, // NewBearerAuthorizerCallback
	"cae":         2, // EnableCAE without Attach
	"setsender":   3, // two SetSender, one manual token
	"track1blob":  1,
	"track1queue": 2,
	"amqpv3":      1,
	"amqpv4":      1,
	"notaken":     1, // no safe name for the import
	"bothnamed":   1, // go-autorest's auth beside the twin
}

// Every rule, positive, negative and edge cases, against golden files of the
// fixed code.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), migrate.Analyzer, cases(t)...)
}

// The fixed code type-checks, and a second run offers nothing more to fix
// (what it still reports needs a person).
func TestFixedCodeTypeChecksAndIsStable(t *testing.T) {
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(analysistest.TestData())); err != nil {
		t.Fatal(err)
	}
	goldens, err := filepath.Glob(filepath.Join(tmp, "src", "*", "*.go.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(g, ".golden"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(tmp, "src"),
		Env:  append(os.Environ(), "GOPATH="+tmp, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, cases(t)...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the fixed code does not type-check")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{migrate.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for act := range g.All() {
		for _, d := range act.Diagnostics {
			got[act.Package.PkgPath]++
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: still fixable after the fixes: %s", act.Package.Fset.Position(d.Pos), d.Message)
			}
		}
	}
	assert.Equal(t, remaining, got, "diagnostics that remain after the fixes, per case")
}
