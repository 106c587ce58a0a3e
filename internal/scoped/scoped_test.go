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

func TestNilWrapper(t *testing.T) {
	_, err := New(nil, "https://storage.azure.com/.default", false)
	require.ErrorContains(t, err, "CredentialWrapper is nil")
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
