package scoped

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// nilCredential is a credential type whose nil pointer would panic in GetToken.
type nilCredential struct{ token string }

func (c *nilCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: c.token}, nil
}

// A nil credential is refused, and so is a nil pointer passed as one (a nil
// *CredentialWrapper handed to an adapter), naming its type; a credential is
// accepted.
func TestNilCredential(t *testing.T) {
	const scope = "https://storage.azure.com/.default"
	for _, tc := range []struct {
		name string
		cred azcore.TokenCredential
		want string // "": accepted
	}{
		{"nil interface", nil, "the credential is nil"},
		{"nil pointer", (*nilCredential)(nil), "the credential is nil: it is a nil *scoped.nilCredential"},
		{"credential", &nilCredential{token: "t"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.cred, scope, false)
			if tc.want != "" {
				require.EqualError(t, err, tc.want)
				assert.Nil(t, s)
				return
			}
			require.NoError(t, err)
			tk, err := s.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, "t", tk.Token)
		})
	}
}

// Every call is bounded by the call timeout, and asks for the one scope.
func TestTokenIsBounded(t *testing.T) {
	old := tokentime.CallTimeout
	tokentime.CallTimeout = 50 * time.Millisecond
	t.Cleanup(func() { tokentime.CallTimeout = old })
	var got policy.TokenRequestOptions
	s := Func("https://eventhubs.azure.net/.default", func(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
		got = o
		<-ctx.Done() // a hanging Entra ID or IMDS
		return azcore.AccessToken{}, ctx.Err()
	})
	_, err := s.Token(context.Background())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, []string{"https://eventhubs.azure.net/.default"}, got.Scopes)
	assert.Equal(t, "https://eventhubs.azure.net/.default", s.Scope())
}

// Each call hands the credential its own copy of the scopes: a credential
// that writes to them (as one normalizing them in place might) changes no
// later call.
func TestScopesAreCopied(t *testing.T) {
	const scope = "https://storage.azure.com/.default"
	var got []string
	s := Func(scope, func(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
		got = append(got, o.Scopes[0])
		o.Scopes[0] = "https://evil.example/.default"
		return azcore.AccessToken{}, nil
	})
	for range 2 {
		_, err := s.Token(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, []string{scope, scope}, got)
	assert.Equal(t, scope, s.Scope())
}
