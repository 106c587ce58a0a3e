package track1

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/internal/scoped"
)

// A credential that hands back the held token after its usable end (one that
// is not the wrapper, or whose clock lags) does not get it set again: the
// call fails with errNotUsable, the token is withdrawn, and the refresher
// tries again later.
func TestTokenPastItsUsableEndIsRefused(t *testing.T) {
	resetClock()
	expires := clock.Now().Add(time.Hour)
	r := &Refresher{src: scoped.Func(scope, func(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "same", ExpiresOn: expires}, nil
	})}
	var held string
	set := func(tok string) { held = tok }
	tok, next := r.Refresh(set)
	require.Equal(t, "same", tok)
	require.Equal(t, "same", held)
	require.Positive(t, next)

	clock.Advance(time.Hour - 10*time.Second) // past the usable end (30 s before expiry), not yet expired
	tok, next = r.Refresh(set)
	assert.Empty(t, tok)
	assert.Empty(t, held, "withdrawn")
	assert.ErrorIs(t, r.Err(), errNotUsable)
	assert.Positive(t, next, "tried again later")
}

// Refresh takes a nil set: it gets the token and schedules the next call.
func TestRefreshWithoutSet(t *testing.T) {
	resetClock()
	r := &Refresher{src: scoped.Func(scope, func(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "t", ExpiresOn: clock.Now().Add(time.Hour)}, nil
	})}
	tok, next := r.Refresh(nil)
	assert.Equal(t, "t", tok)
	assert.Positive(t, next)
}
