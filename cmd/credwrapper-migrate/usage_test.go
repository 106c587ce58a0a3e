package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHelpListsInventory(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-h")
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	out, _ := cmd.CombinedOutput()
	assert.Contains(t, string(out), "  -inventory\n    \t"+inventoryUsage)
}

func TestCheckInventoryPatterns(t *testing.T) {
	empty, withGo := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(withGo, "a.go"), []byte("package a\n"), 0o644))
	for _, tc := range []struct {
		dir     string
		args    []string
		wantErr bool
	}{
		{empty, nil, true},
		{empty, []string{"-json"}, true},
		{empty, []string{"./..."}, false},
		{empty, []string{"-json", "./..."}, false},
		{empty, []string{"-h"}, false},
		{empty, []string{"--", "./..."}, false},
		{withGo, nil, false},
		{withGo, []string{"-json"}, false},
	} {
		t.Chdir(tc.dir)
		err := checkInventoryPatterns(tc.args)
		if !tc.wantErr {
			assert.NoError(t, err, "%s %q", tc.dir, tc.args)
			continue
		}
		if assert.Error(t, err, "%s %q", tc.dir, tc.args) {
			assert.Equal(t, "no Go files in "+tc.dir+": give the packages to list, as with go vet (./... for the module's)", err.Error())
		}
	}
}

func TestInventoryWithoutPattern(t *testing.T) {
	t.Chdir(t.TempDir())
	cmd := exec.Command(os.Args[0], "-inventory")
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode())
	assert.Contains(t, string(out), "credwrapper-migrate -inventory: no Go files in ")
	assert.NotContains(t, string(out), "-: no Go files")
}
