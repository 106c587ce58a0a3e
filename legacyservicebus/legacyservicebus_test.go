package legacyservicebus

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/Azure/azure-amqp-common-go/v3/auth"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type credential struct{ expires time.Time }

func (c credential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "token-for-" + o.Scopes[0], ExpiresOn: c.expires}, nil
}

func TestTokenProvider(t *testing.T) {
	expires := time.Now().Add(time.Hour).Truncate(time.Second)
	w, err := credwrapper.New(credential{expires}, nil)
	require.NoError(t, err)
	var p auth.TokenProvider
	p, err = NewTokenProvider(w, nil)
	require.NoError(t, err)
	tok, err := p.GetToken("amqps://myns.servicebus.windows.net/myhub")
	require.NoError(t, err)
	assert.Equal(t, auth.CBSTokenTypeJWT, tok.TokenType)
	assert.Equal(t, "token-for-"+Scope, tok.Token)
	assert.Equal(t, strconv.FormatInt(expires.Unix(), 10), tok.Expiry)
	_, err = p.GetToken("amqps://evil.example/myhub")
	assert.ErrorContains(t, err, "legacyservicebus")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		assert.NotContains(t, fmt.Sprintf(verb, p), "token-for", verb)
	}
	_, err = NewTokenProvider(nil, nil)
	assert.Error(t, err)
}
