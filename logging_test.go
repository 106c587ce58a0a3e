package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/logger"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// captureLog is a go-autorest log writer that records what a file logger at
// LogInfo would write for requests (headers after the filter).
type captureLog struct {
	mu  sync.Mutex
	out strings.Builder
}

func (c *captureLog) Writeln(logger.LevelType, string)                {}
func (c *captureLog) Writef(logger.LevelType, string, ...interface{}) {}
func (c *captureLog) WriteResponse(*http.Response, logger.Filter)     {}
func (c *captureLog) WriteRequest(req *http.Request, f logger.Filter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range req.Header {
		ok := true
		if f.Header != nil {
			ok, v = f.Header(k, v)
		}
		if ok {
			fmt.Fprintf(&c.out, "%s: %s\n", k, strings.Join(v, ","))
		}
	}
}

func (c *captureLog) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// go-autorest's request logging redacts Authorization but not the auxiliary
// tokens; RedactAuxiliaryTokens closes that gap (SECURITY.md).
func TestAutorestLoggingOfAuxiliaryTokens(t *testing.T) {
	cred := &scriptedCredential{fn: func(_ context.Context, o policy.TokenRequestOptions, _ int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "secret-token-of-" + o.TenantID, ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, &Options{TenantID: "home", AuxiliaryTenants: []string{"aux"}})
	require.NoError(t, err)
	old := logger.Instance
	t.Cleanup(func() { logger.Instance = old })
	send := func() func() string {
		capture := &captureLog{}
		logger.Instance = capture
		return capture.String
	}
	client := autorest.Client{Authorizer: w, Sender: autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	})}
	do := func() {
		req, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"))
		require.NoError(t, err)
		_, err = client.Do(req)
		require.NoError(t, err)
	}

	logged := send()
	do()
	assert.Contains(t, logged(), "Authorization: **REDACTED**", "go-autorest redacts the primary token")
	assert.Contains(t, logged(), "secret-token-of-aux", "go-autorest logs the auxiliary token in clear")

	capture := &captureLog{}
	logger.Instance = RedactAuxiliaryTokens(capture)
	do()
	assert.NotContains(t, capture.String(), "secret-token")
	assert.Contains(t, capture.String(), "X-Ms-Authorization-Auxiliary: **REDACTED**")
}

// Replaced tokens are dropped: the cache keeps only each entry's current
// token, and the auxiliary header is rebuilt when a token changes.
func TestReplacedTokensAreDropped(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{AuxiliaryTenants: []string{"aux"}})
	require.NoError(t, err)
	_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	oldPrimary, oldAux := w.primary.cur.Load(), w.aux[0].cur.Load()
	require.NoError(t, w.Refresh())
	_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.NoError(t, err)
	assert.NotSame(t, oldPrimary, w.primary.cur.Load())
	assert.NotSame(t, oldAux, w.aux[0].cur.Load())
	h := w.auxHeader.Load()
	assert.NotContains(t, h.value, oldAux.token.Token)
	for _, tk := range h.tokens {
		assert.NotSame(t, oldAux, tk, "the auxiliary header no longer holds the old token")
	}
}
