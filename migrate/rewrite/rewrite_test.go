package rewrite_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

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
