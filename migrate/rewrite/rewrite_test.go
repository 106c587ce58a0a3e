package rewrite_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/azcompat/credwrapper/migrate/rewrite"
)

// Each construct's rewrite, against its golden file: the testdata module
// requires the legacy SDK and the modules that replace it.
func TestGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"resources", "storage", "traps"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.RunWithSuggestedFixes(t, dir, rewrite.Analyzer, "./"+pkg)
		})
	}
}
