package migrate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/azcompat/credwrapper/migrate"
)

var cases = []string{
	"importplain", "importaliased", "importdot", "importblank",
	"adalsecret", "adalonly", "advice", "keyvault", "cae",
	"shadowed", "generated", "authname", "authpkgname", "bothimports",
}

// Every rule, positive, negative and edge cases, against golden files of the
// fixed code.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), migrate.Analyzer, cases...)
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
	pkgs, err := packages.Load(cfg, cases...)
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
	remaining := 0
	for act := range g.All() {
		for _, d := range act.Diagnostics {
			remaining++
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: still fixable after the fixes: %s", act.Package.Fset.Position(d.Pos), d.Message)
			}
		}
	}
	// advice (2), keyvault (1), cae (2), bothimports' and the others' fixed
	// lines report nothing more
	if remaining != 5 {
		t.Errorf("%d diagnostics remain after the fixes, want the 5 that need a person", remaining)
	}
}
