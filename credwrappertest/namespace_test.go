package credwrappertest

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamespace(t *testing.T) {
	c := NewTest(t, nil)
	n, err := c.Namespace("myns", "orders", "invoices")
	require.NoError(t, err)
	assert.Equal(t, "myns.servicebus.windows.net", n.Host)
	get := func(auth string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, "https://"+n.Host+"/$Resources/EventHubs?api-version=2017-04", nil)
		require.NoError(t, err)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, _ := get("")
	assert.Equal(t, http.StatusUnauthorized, status)
	status, _ = get("not-a-token")
	assert.Equal(t, http.StatusUnauthorized, status)
	expired, err := c.Entra.IssueToken(TokenOptions{Scope: "https://eventhubs.azure.net/.default", Lifetime: -10 * time.Minute})
	require.NoError(t, err)
	status, _ = get(expired)
	assert.Equal(t, http.StatusUnauthorized, status)
	tok, err := c.Entra.IssueToken(TokenOptions{Scope: "https://eventhubs.azure.net/.default"})
	require.NoError(t, err)
	status, body := get(tok) // as amqp-common sends it
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "<title>orders</title>")
	assert.Contains(t, body, "<title>invoices</title>")
	status, _ = get("Bearer " + tok)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, []string{"https://eventhubs.azure.net", "https://eventhubs.azure.net"}, n.Audiences())
	assert.Equal(t, 2, n.DistinctTokens())

	_, err = c.Namespace("a.b")
	assert.Error(t, err)
	_, err = c.Namespace("")
	assert.Error(t, err)
}
