package redact

import (
	"errors"
	"fmt"
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

// secretHolder is a type whose Format is redact.Format.
type secretHolder struct{ secret string }

func (secretHolder) String() string               { return "secretHolder{}" }
func (h secretHolder) Format(f fmt.State, _ rune) { Format(f, h) }

// Every verb and flag prints String, by value, by pointer and inside a
// struct or a slice; never a field.
func TestFormat(t *testing.T) {
	h := secretHolder{secret: "s3cret"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%-8v"} {
		for _, v := range []any{h, &h, struct{ H secretHolder }{h}, []secretHolder{h}} {
			got := fmt.Sprintf(verb, v)
			assert.Contains(t, got, "secretHolder{}", verb)
			assert.NotContains(t, got, "s3cret", verb)
		}
	}
}
