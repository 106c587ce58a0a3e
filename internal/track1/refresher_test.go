package track1

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// credential hands out tokens made by next, counting calls.
type credential struct {
	calls atomic.Int64
	next  func(n int64, o policy.TokenRequestOptions) (azcore.AccessToken, error)
}

func (c *credential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return c.next(c.calls.Add(1), o)
}

func TestRefreshSchedulesAtRefreshTime(t *testing.T) {
	now := time.Now()
	cred := &credential{next: func(n int64, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
		assert.Equal(t, []string{"https://storage.azure.com/.default"}, o.Scopes)
		return azcore.AccessToken{Token: "t", ExpiresOn: now.Add(time.Hour), RefreshOn: now.Add(30 * time.Minute)}, nil
	}}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	r, err := New(w, "https://storage.azure.com/.default", false)
	require.NoError(t, err)
	r.now = func() time.Time { return now }
	var set []string
	tok, next := r.Refresh(func(tok string) { set = append(set, tok) })
	assert.Equal(t, "t", tok)
	assert.Equal(t, []string{"t"}, set, "the new token is set")
	assert.Equal(t, 30*time.Minute, next, "at RefreshOn")
	tok, _ = r.Refresh(nil)
	assert.Equal(t, "t", tok)
	assert.EqualValues(t, 1, cred.calls.Load(), "through the wrapper's cache")

	// past RefreshOn: the wrapper is refreshing it, come back soon
	r.now = func() time.Time { return now.Add(31 * time.Minute) }
	_, next = r.Refresh(nil)
	assert.Equal(t, minInterval, next)

	// without RefreshOn: five minutes before expiry
	r.now = func() time.Time { return now.Add(40 * time.Minute) }
	cred2 := &credential{next: func(int64, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "u", ExpiresOn: now.Add(time.Hour)}, nil
	}}
	w2, err := credwrapper.New(cred2, nil)
	require.NoError(t, err)
	r.w = w2
	_, next = r.Refresh(nil)
	assert.Equal(t, 15*time.Minute, next)
}

// Inside the refresh window, or however late the clock, the next call is a
// second away: soon enough to pick up the wrapper's new token, and never a
// spin on the track-1 timer.
func TestRefreshNeverSpins(t *testing.T) {
	now := time.Now()
	cred := &credential{next: func(int64, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "t", ExpiresOn: now.Add(time.Hour)}, nil
	}}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	r, err := New(w, "https://storage.azure.com/.default", false)
	require.NoError(t, err)
	r.now = func() time.Time { return now.Add(59 * time.Minute) }
	_, next := r.Refresh(nil)
	assert.Equal(t, minInterval, next, "inside the refresh window: the wrapper refreshes it")
	r.now = func() time.Time { return now.Add(61 * time.Minute) }
	_, next = r.Refresh(nil)
	assert.Equal(t, minInterval, next)
}

// Failures back off (1 s doubling to 30 s), never stop, and are reported by
// Err; a success resets them.
func TestRefreshBacksOffAndNeverGivesUp(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	cred := &credential{next: func(int64, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		if fail.Load() {
			return azcore.AccessToken{}, errors.New("entra is down")
		}
		return azcore.AccessToken{Token: "t", ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	r, err := New(w, "https://storage.azure.com/.default", false)
	require.NoError(t, err)
	var waits []time.Duration
	for range 8 {
		tok, next := r.Refresh(func(string) { t.Error("a failed refresh set a token") })
		assert.Empty(t, tok, "keep the current token")
		waits = append(waits, next)
	}
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}, waits)
	require.ErrorContains(t, r.Err(), "entra is down")

	fail.Store(false)
	// the wrapper fails fast for a while after a failure; wait it out
	// (a liveness bound, not a speed assertion)
	var tok string
	for deadline := time.Now().Add(time.Minute); tok == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		tok, _ = r.Refresh(nil)
	}
	assert.Equal(t, "t", tok)
	assert.NoError(t, r.Err())
	_, next := r.Refresh(nil)
	assert.Greater(t, next, 30*time.Second, "back to the token's refresh time")
}

func TestStop(t *testing.T) {
	cred := &credential{next: func(int64, policy.TokenRequestOptions) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "t", ExpiresOn: time.Now().Add(time.Hour)}, nil
	}}
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	r, err := New(w, "https://storage.azure.com/.default", false)
	require.NoError(t, err)
	r.Stop()
	tok, next := r.Refresh(func(string) { t.Error("a token set after Stop") })
	assert.Empty(t, tok)
	assert.Zero(t, next, "0 stops the track-1 timer")
	assert.Zero(t, cred.calls.Load())
	_, err = New(nil, "s", false)
	assert.Error(t, err)
}
