// Package internal_test checks the layering of the module: every package
// under internal/ sits below the root package.
package internal_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const root = "github.com/azcompat/credwrapper"

// listed is what go list -json says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string // every package it depends on, directly or not (tests aside)
}

// No package under internal/ depends on the root package, directly or
// through another package: the packages are enumerated by go list, so a new
// one is checked without a case of its own. (Tests may use the root package:
// they are not part of the build graph.)
func TestInternalIsBelowRoot(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", root+"/internal/...")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("go list: %v\n%s", err, exit.Stderr)
	}
	require.NoError(t, err)
	var pkgs []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs = append(pkgs, p)
	}
	require.GreaterOrEqual(t, len(pkgs), 8, "go list found the internal packages")
	var names []string
	for _, p := range pkgs {
		names = append(names, strings.TrimPrefix(p.ImportPath, root+"/"))
		assert.NotContains(t, p.Imports, root, "%s imports the root package", p.ImportPath)
		assert.False(t, slices.Contains(p.Deps, root), "%s depends on the root package", p.ImportPath)
	}
	for _, want := range []string{"internal/scoped", "internal/track1", "internal/amqptoken", "internal/storagecred"} {
		assert.Contains(t, names, want, "the adapters' packages are among those checked")
	}
}
