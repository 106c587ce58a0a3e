package cgofile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

// The files the compiler sees, as go/packages loads them: cgo's output of
// a file that imports "C" is the package's own code unless the file cgo
// read is generated.
func TestGenerated(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	require.NoError(t, err)
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax,
		Dir:  filepath.Join(dir, "src"),
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off", "CGO_ENABLED=1"),
	}, "withcgo", "gencgo")
	require.NoError(t, err)
	require.Zero(t, packages.PrintErrors(pkgs))
	type want struct {
		original  string // base name; "" when not cgo's output
		generated bool
	}
	got := map[string]want{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			name := filepath.Base(p.Fset.File(f.FileStart).Name())
			orig := Original(p.Fset, f)
			if orig != "" {
				orig = filepath.Base(orig)
				name = orig
			}
			got[name] = want{original: orig, generated: Generated(p.Fset, f)}
		}
	}
	assert.Equal(t, want{original: "withcgo.go"}, got["withcgo.go"], "cgo's output of the package's own file")
	assert.Equal(t, want{}, got["plain.go"])
	assert.Equal(t, want{generated: true}, got["generated.go"])
	assert.Equal(t, want{original: "gencgo.go", generated: true}, got["gencgo.go"], "cgo's output of a generated file")
}
