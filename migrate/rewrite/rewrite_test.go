package rewrite_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/azcompat/credwrapper/migrate/rewrite"
)

// Each construct's rewrite, against its golden file: the testdata module
// requires the legacy SDK and the modules that replace it.
func TestGolden(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	fetchTestdataModules(t)
	for _, pkg := range []string{"resources", "storage", "traps", "kv"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.RunWithSuggestedFixes(t, dir, rewrite.Analyzer, "./"+pkg)
		})
	}
}

// The golden files, the rewrites the tests expect, build and vet in the
// testdata module.
func TestGoldenBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a copy of the testdata module: not in -short")
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "deps/deps.go"} {
		copyFile(t, filepath.Join("testdata", name), filepath.Join(dir, name))
	}
	// credwrapper is this checkout.
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	mod = []byte(strings.Replace(string(mod), "=> ../../..", "=> "+root, 1))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644))
	goldens, err := filepath.Glob("testdata/*/*.go.golden")
	require.NoError(t, err)
	require.NotEmpty(t, goldens)
	for _, g := range goldens {
		copyFile(t, g, filepath.Join(dir, strings.TrimPrefix(strings.TrimSuffix(g, ".golden"), "testdata/")))
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

// fetchTestdataModules downloads the modules the testdata module needs
// (analysistest loads it with GOPROXY=off): the test passes on an empty
// module cache.
func fetchTestdataModules(t *testing.T) {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir = "testdata"
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
}
