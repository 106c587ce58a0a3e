package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The state machine of entry.go, driven with the fake clock and the hooks:
// nothing here depends on the speed of the machine.

// A background refresh still running when the token leaves its usable window:
// callers that now have no usable token wait for that refresh instead of
// starting a second GetToken. At most one call is ever in flight.
func TestOneFetchInFlightWhenRefreshOutlivesUsableWindow(t *testing.T) {
	clock := useFakeClock(t)
	waiting := useWaitingHook(t)
	release := make(chan struct{})
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 2 {
			<-release // the background refresh hangs
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	clock.Advance(56 * time.Minute)
	require.Equal(t, "Bearer token-1", authorize(t, w), "starts the background refresh")
	waitFor(t, "the background refresh to call the credential", func() bool { return cred.calls.Load() == 2 })

	clock.Advance(3*time.Minute + 45*time.Second) // 15 s before expiry: inside the 30 s margin
	const callers = 5
	got := make(chan string, callers)
	for range callers {
		go func() { got <- authorize(t, w) }()
	}
	waitFor(t, "the callers to wait (or, wrongly, to call the credential)", func() bool {
		return waiting.Load() == callers || cred.maxInFlight.Load() > 1
	})
	close(release)
	for range callers {
		assert.Equal(t, "Bearer token-2", <-got, "every caller gets the refreshed token")
	}
	assert.EqualValues(t, 1, cred.maxInFlight.Load(), "at most one GetToken in flight")
	assert.EqualValues(t, 2, cred.calls.Load())
}

// A claims challenge (a forced refresh) waits for a fetch in flight instead of
// running beside it; concurrent refreshes with the same claims share one call.
func TestForcedRefreshIsOneAtATime(t *testing.T) {
	clock := useFakeClock(t)
	waiting := useWaitingHook(t)
	release := make(chan struct{})
	cred := &scriptedCredential{fn: func(_ context.Context, opts policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 2 || n == 3 {
			<-release
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d-%s", n, opts.Claims), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	authorize(t, w)
	clock.Advance(56 * time.Minute)
	authorize(t, w) // background refresh, call 2, hangs
	waitFor(t, "the background refresh", func() bool { return cred.calls.Load() == 2 })

	const callers = 4
	got := make(chan string, callers)
	for range callers {
		go func() {
			tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{Claims: "c"})
			assert.NoError(t, err)
			got <- tk.Token
		}()
	}
	waitFor(t, "the refreshes to wait for the background fetch", func() bool {
		return waiting.Load() >= callers || cred.maxInFlight.Load() > 1
	})
	release <- struct{}{} // the background refresh completes; one refresh starts
	// one caller runs the refresh (call 3), the others wait for it a second time
	waitFor(t, "the callers to share the refresh with claims", func() bool {
		return cred.calls.Load() == 3 && waiting.Load() == 2*callers-1 || cred.maxInFlight.Load() > 1 || cred.calls.Load() > 3
	})
	close(release)
	for range callers {
		assert.Equal(t, "token-3-c", <-got, "the refreshes with the same claims share one call")
	}
	assert.EqualValues(t, 1, cred.maxInFlight.Load())
	assert.EqualValues(t, 3, cred.calls.Load())
	assert.Equal(t, "Bearer token-3-c", authorize(t, w), "the token obtained for the claims replaces the cached one")
}

// A credential that panics while callers wait: the panic reaches the caller
// that ran GetToken (as azcore lets it), the waiters get an error naming it,
// and the entry keeps working. Before, the waiters and every later caller
// without a deadline (OAuthToken, EnsureFresh) blocked for ever.
func TestCredentialPanicReleasesWaiters(t *testing.T) {
	clock := useFakeClock(t)
	waiting := useWaitingHook(t)
	release := make(chan struct{})
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 1 {
			<-release
			panic("credential exploded")
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)

	recovered := make(chan any, 1)
	go func() {
		defer func() { recovered <- recover() }()
		_ = w.EnsureFresh()
	}()
	waitFor(t, "the first caller to call the credential", func() bool { return cred.calls.Load() == 1 })
	const waiters = 3
	errs := make(chan error, waiters)
	for range waiters {
		go func() { errs <- w.EnsureFreshWithContext(context.Background()) }()
	}
	waitFor(t, "the waiters", func() bool { return waiting.Load() == waiters })
	close(release)

	assert.Equal(t, "credential exploded", <-recovered, "the panic continues on the caller's goroutine, unchanged")
	for range waiters {
		err := <-errs
		require.Error(t, err)
		assert.Contains(t, err.Error(), "credential exploded", "the waiters' error names the panic")
		var te *TokenError
		assert.ErrorAs(t, err, &te)
		assert.True(t, autorest.IsTokenRefreshError(err))
	}

	// The entry is not wedged. A panic is a failure like any other: callers
	// fail fast for the back-off, then a caller without a deadline gets a
	// token.
	assert.Empty(t, w.OAuthToken(), "fails fast within the back-off")
	clock.Advance(firstFailureBackoff)
	done := make(chan string)
	go func() { done <- w.OAuthToken() }()
	select {
	case tok := <-done:
		assert.Equal(t, "token-2", tok)
	case <-time.After(time.Minute):
		t.Fatal("OAuthToken blocked after the credential panicked")
	}
	assert.EqualValues(t, 1, cred.maxInFlight.Load())
}

// A panic during a background refresh happens on a goroutine the library
// started: it is recovered and counts as a failed refresh. The valid token is
// kept, the next attempt comes after the back-off, and it succeeds.
func TestCredentialPanicInBackgroundRefresh(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 2 {
			panic(errors.New("credential exploded in the background"))
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	clock.Advance(56 * time.Minute)
	require.Equal(t, "Bearer token-1", authorize(t, w)) // the refresh that panics
	settle(t, w)
	require.EqualValues(t, 2, cred.calls.Load())
	w.primary.mu.Lock()
	lastErr := w.primary.failed.Err
	w.primary.mu.Unlock()
	require.ErrorContains(t, lastErr, "exploded in the background", "recorded as a failed refresh")

	clock.Advance(refreshBackoff - time.Second)
	require.Equal(t, "Bearer token-1", authorize(t, w), "the valid token is kept through the back-off")
	settle(t, w)
	require.EqualValues(t, 2, cred.calls.Load())
	clock.Advance(time.Second)
	authorize(t, w)
	settle(t, w)
	assert.Equal(t, "Bearer token-3", authorize(t, w))
}

// No token is handed out inside its expiry margin, whatever RefreshOn says.
// Before, a RefreshOn 1 s before expiry let the hot path hand out a token
// 5 s before it expired.
func TestMarginHoldsWhateverRefreshOn(t *testing.T) {
	for _, refreshBefore := range []time.Duration{time.Second, 10 * time.Second, 29 * time.Second, 31 * time.Second, 5 * time.Minute} {
		t.Run(fmt.Sprint(refreshBefore), func(t *testing.T) {
			clock := useFakeClock(t)
			cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
				now := tokentime.Now()
				return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: now.Add(time.Hour), RefreshOn: now.Add(time.Hour - refreshBefore)}, nil
			}}
			w, err := New(cred, nil)
			require.NoError(t, err)
			for el := time.Duration(0); el < 3*time.Hour; el += time.Second {
				now := tokentime.Now()
				h := authorize(t, w)
				exp, ok := cred.expiry(h[len("Bearer "):])
				require.True(t, ok)
				require.Greater(t, exp.Sub(now), maxExpiryMargin, "at %v a token expiring at %v was handed out", now, exp)
				settle(t, w)
				clock.Advance(time.Second)
			}
			assert.LessOrEqual(t, cred.calls.Load(), int64(4), "one token per hour, not per request")
		})
	}
}

// The whole lifecycle of a failing Entra ID with one back-off policy: a
// failed refresh of a valid token keeps it, no attempt comes sooner than the
// back-off, and the back-off never outlasts the valid token.
func TestBackoffNeverOutlastsTheValidToken(t *testing.T) {
	clock := useFakeClock(t)
	var fail bool
	var mu sync.Mutex
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return azcore.AccessToken{}, errors.New("entra down")
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	authorize(t, w)
	mu.Lock()
	fail = true
	mu.Unlock()
	expires := tokentime.Now().Add(time.Hour)
	var attempts []time.Time
	last := cred.calls.Load()
	for tokentime.Now().Before(expires.Add(-maxExpiryMargin)) {
		require.Equal(t, "Bearer token-1", authorize(t, w), "the valid token is served while usable")
		settle(t, w)
		if n := cred.calls.Load(); n != last {
			attempts, last = append(attempts, tokentime.Now()), n
		}
		clock.Advance(time.Second)
	}
	// refreshes from 55:00 every 30 s up to the end of the usable window
	require.NotEmpty(t, attempts)
	for i := 1; i < len(attempts); i++ {
		assert.GreaterOrEqual(t, attempts[i].Sub(attempts[i-1]), refreshBackoff-time.Second, "attempt %d", i)
	}
	assert.Len(t, attempts, 9, "55:00, 55:30 ... 59:00")
	// the first caller without a usable token makes an attempt at once
	_, err = prepare(context.Background(), w)
	require.ErrorContains(t, err, "entra down")
	assert.EqualValues(t, last+1, cred.calls.Load())
}
