package keyvault

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

// The migrated program sends the legacy program's requests but for the key
// listing: the legacy GetKeys asked for one key per page (maxresults=1) and
// followed the nextLink; azkeys has no page size, so it gets both keys in
// one page. Compare reports exactly that, and sets aside the 401s of the
// clients' challenge discovery.
func TestRequestsAgainstLegacy(t *testing.T) {
	fc := corpustest.NewCloud(t)
	after := corpustest.Run(t, fc, Run)
	before := corpustest.Load(t, filepath.Join("..", corpustest.RecordingFile))

	c := credwrappertest.Compare(before, after)
	assert.False(t, c.Equal)
	assert.Equal(t, "- GET /keys?maxresults=1\n"+
		"- GET /keys?%24skiptoken=1&maxresults=1\n"+
		"+ GET /keys\n", onlyChanges(c.Diff))
	assert.Equal(t, [2]int{0, 2}, c.SetAside, "azsecrets and azkeys each discover the vault's challenge with a 401 first")
	assert.Contains(t, c.APIVersions, "PUT /secrets/db-password: 7.1 -> 2026-04-01")
	assert.Contains(t, c.APIVersions, "POST /keys/signing/create: 7.1 -> 7.6")
	for _, call := range after {
		assert.NotContains(t, call.Body, "s3cr3t")
	}
}

// onlyChanges keeps the lines of a diff that differ.
func onlyChanges(diff string) string {
	var out strings.Builder
	for _, line := range strings.SplitAfter(diff, "\n") {
		if line != "" && line[0] != ' ' {
			out.WriteString(line)
		}
	}
	return out.String()
}
