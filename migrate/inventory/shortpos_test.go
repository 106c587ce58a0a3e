package inventory

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShortPos(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	for _, tc := range []struct{ in, want string }{
		{filepath.Join(wd, "sidebyside", "main.go") + ":108:18", filepath.Join("sidebyside", "main.go") + ":108:18"},
		{filepath.Join(wd, "main.go") + ":1:2", "main.go:1:2"},
		{filepath.Join(filepath.Dir(wd), "other", "main.go") + ":1:2", filepath.Join(filepath.Dir(wd), "other", "main.go") + ":1:2"},
		{"main.go:1:2", "main.go:1:2"},
		{"-", "-"},
	} {
		assert.Equal(t, tc.want, shortPos(tc.in), tc.in)
	}
}
