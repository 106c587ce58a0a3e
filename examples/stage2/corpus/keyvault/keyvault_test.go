package keyvault

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/examples/stage2/corpus/corpustest"
)

func TestRecording(t *testing.T) {
	fc := corpustest.NewCloud(t)
	rec := corpustest.Run(t, fc, Run)
	corpustest.Check(t, ".", rec)
	for i, c := range rec {
		assert.Equal(t, "keyvault", c.Service, c)
		assert.NotContains(t, c.Body, "s3cr3t", "a secret's value is recorded as its digest")
		// The comparison sets aside the requests answered 401. The legacy
		// client sends none; a current client (azsecrets, azkeys) sends one
		// to learn the vault's challenge, without its body, then the same
		// request with it, which is compared.
		if c.Status != http.StatusUnauthorized {
			continue
		}
		assert.Empty(t, c.Body, "a request answered 401 carries no body: %s", c)
		require.Less(t, i+1, len(rec), "the request answered 401 is not sent again: %s", c)
		next := rec[i+1]
		assert.Equal(t, c.Method+" "+c.Path+"?"+c.Query, next.Method+" "+next.Path+"?"+next.Query, "the request answered 401 is sent again right after")
		assert.NotEqual(t, http.StatusUnauthorized, next.Status, "the request answered 401 is refused again: %s", next)
	}
}
