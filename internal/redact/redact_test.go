package redact

import (
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://acct.blob.core.windows.net/c/b?sv=2020&sig=secret#frag", "https://acct.blob.core.windows.net/c/b"},
		{"https://user:pass@host.example/p", "https://host.example/p"},
		{"amqps://ns.servicebus.windows.net/hub?sig=secret", "amqps://ns.servicebus.windows.net/hub"},
		{"sb://[fe80::1%25zone]/q", "sb://[fe80::1%25zone]/q"},
		{"https://host.example", "https://host.example"},
	} {
		assert.Equal(t, tc.want, String(tc.in), tc.in)
	}
	assert.Equal(t, "(unparsable)", String("https://host\x7f/"))
}

func TestError(t *testing.T) {
	u, err := url.Parse("https://user:pw-secret@acct.blob.core.windows.net/c?sig=sig-secret#frag-secret")
	require.NoError(t, err)
	base := &url.Error{Op: "Get", URL: u.String(), Err: errors.New("connection refused")}
	got := Error(base, u)
	for _, s := range []string{"pw-secret", "sig-secret", "frag-secret"} {
		assert.NotContains(t, got.Error(), s)
	}
	assert.Contains(t, got.Error(), "https://acct.blob.core.windows.net/c")
	var ue *url.Error
	assert.ErrorAs(t, got, &ue, "still wraps the cause")
	assert.Nil(t, Error(nil, u))
	plain, _ := url.Parse("https://host.example/p")
	assert.Same(t, base, Error(base, plain), "nothing to redact")
}
