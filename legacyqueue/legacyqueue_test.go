package legacyqueue

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// TestMain installs the fake clock once: the wrapper's background refreshes
// read tokentime.Now on goroutines of their own.
func TestMain(m *testing.M) {
	tokentime.Now = clock.Now
	goleak.VerifyTestMain(m)
}

// clock is the tests' clock; it stands still until advanced.
var clock = credwrappertest.NewClock(time.Now())

type credential struct {
	calls atomic.Int64
	fail  bool
}

func (c *credential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	n := c.calls.Add(1)
	if c.fail {
		return azcore.AccessToken{}, errors.New("entra is down")
	}
	return azcore.AccessToken{Token: fmt.Sprintf("token-%d-%s-%v", n, o.Scopes[0], o.EnableCAE), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
}

func TestNewCredential(t *testing.T) {
	cred := &credential{}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	c, err := NewCredential(w, nil)
	require.NoError(t, err)
	defer c.Stop()
	assert.Equal(t, "token-1-https://storage.azure.com/.default-false", c.Token(), "the first token at once, for Storage")
	assert.NoError(t, c.Err())
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		assert.NotContains(t, fmt.Sprintf(verb, c), "token-1", verb)
		assert.NotContains(t, fmt.Sprintf(verb, *c), "token-1", verb)
		assert.NotContains(t, fmt.Sprintf(verb, []any{c}), "token-1", verb)
	}
	assert.EqualValues(t, 1, cred.calls.Load(), "azblob's immediate refresh came from the cache")

	cae, err := NewCredential(w, &Options{EnableCAE: true, Scope: "https://myaccount.blob.core.windows.net/.default"})
	require.NoError(t, err)
	defer cae.Stop()
	assert.Equal(t, "token-2-https://myaccount.blob.core.windows.net/.default-true", cae.Token())

	_, err = NewCredential(nil, nil)
	assert.ErrorContains(t, err, "legacyqueue")
	failing, err := credwrapper.New(&credential{fail: true}, nil)
	require.NoError(t, err)
	_, err = NewCredential(failing, nil)
	assert.ErrorContains(t, err, "entra is down", "no token, no credential")
}

// blocking answers only when the request's context ends.
type blocking struct{ calls atomic.Int64 }

func (b *blocking) GetToken(ctx context.Context, _ policy.TokenRequestOptions) (azcore.AccessToken, error) {
	b.calls.Add(1)
	<-ctx.Done()
	return azcore.AccessToken{}, ctx.Err()
}

// The first token is bounded by tokentime.CallTimeout (a minute, shortened
// here): a credential that never answers makes NewCredential fail instead of
// blocking for ever.
func TestNewCredentialIsBounded(t *testing.T) {
	old := tokentime.CallTimeout
	tokentime.CallTimeout = 100 * time.Millisecond
	t.Cleanup(func() { tokentime.CallTimeout = old })
	cred := &blocking{}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		c, err := NewCredential(w, nil)
		assert.Nil(t, c)
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorContains(t, err, "legacyqueue:")
	case <-time.After(time.Minute): // a liveness bound, not a speed assertion
		t.Fatal("NewCredential still blocked")
	}
	assert.EqualValues(t, 1, cred.calls.Load())
}

// Stop stops the refresher: when azqueue's timer fires after Stop, even past
// the token's expiry on the fake clock, the credential is not asked for a
// token, the token is not replaced, and the refresher returns 0, which ends
// the timer for good.
func TestStop(t *testing.T) {
	t.Cleanup(func() { clock.Set(time.Now()) })
	cred := &credential{}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	c, err := NewCredential(w, nil)
	require.NoError(t, err)
	first := c.Token()

	clock.Advance(2 * time.Hour) // past the expiry: the timer gets a new token
	require.Positive(t, c.r.Refresh(), "a running refresher calls again")
	require.EqualValues(t, 2, cred.calls.Load(), "a new token once the first expired")
	second := c.Token()
	require.NotEqual(t, first, second)

	c.Stop()
	clock.Advance(2 * time.Hour) // past the expiry of every token
	assert.Zero(t, c.r.Refresh(), "0 ends azqueue's timer")
	assert.EqualValues(t, 2, cred.calls.Load(), "no token asked for after Stop")
	assert.Equal(t, second, c.Token(), "the token is kept")
	assert.NoError(t, c.Err())
}
