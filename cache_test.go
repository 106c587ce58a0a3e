package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// authorize runs one legacy authorization and returns the header it set.
func authorize(t testing.TB, w *CredentialWrapper) string {
	t.Helper()
	r, err := autorest.Prepare(newRequest(t, "https://management.azure.com/subscriptions"), w.WithAuthorization())
	if err != nil {
		t.Errorf("authorize: %v", err)
		return ""
	}
	return r.Header.Get("Authorization")
}

func TestOneTokenForSequentialAuthorizations(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	for i := 0; i < 1000; i++ {
		require.Equal(t, "Bearer token-1", authorize(t, w))
	}
	assert.EqualValues(t, 1, cred.calls.Load())
}

func TestOneTokenForConcurrentAuthorizations(t *testing.T) {
	waiting := useWaitingHook(t)
	cred := &scriptedCredential{fn: func(ctx context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		// the goroutines pile up on the first request
		waitFor(t, "the other goroutines to wait for the first token", func() bool { return waiting.Load() == 63 })
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	var wg sync.WaitGroup
	var wrong atomic.Int64
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				if authorize(t, w) != "Bearer token-1" {
					wrong.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 1, cred.calls.Load(), "64 x 1000 concurrent authorizations")
	assert.Zero(t, wrong.Load())
}

func TestRefreshSchedule(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lifetime  time.Duration
		refreshIn time.Duration // RefreshOn after issue; 0: unset
		run       time.Duration
		step      time.Duration
		wantCalls int64
	}{
		// refreshed at 55 min: 1 + 3h/55min
		{"hour token", time.Hour, 0, 3 * time.Hour, time.Second, 1 + int64((3*time.Hour)/(55*time.Minute))},
		// refresh_in of 30 min: 1 + 3h/30min
		{"RefreshOn", time.Hour, 30 * time.Minute, 3 * time.Hour, time.Second, 7},
		// a 60 s token is refreshed every 30 s, not on every request
		{"60 s token", time.Minute, 0, 10 * time.Minute, 100 * time.Millisecond, 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := useFakeClock(t)
			cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
				now := tokentime.Now()
				tk := azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: now.Add(tc.lifetime)}
				if tc.refreshIn != 0 {
					tk.RefreshOn = now.Add(tc.refreshIn)
				}
				return tk, nil
			}}
			w, err := New(cred, nil)
			require.NoError(t, err)
			for el := time.Duration(0); el <= tc.run; el += tc.step {
				h := authorize(t, w)
				require.NotEmpty(t, h)
				settle(t, w)
				clock.Advance(tc.step)
			}
			assert.Equal(t, tc.wantCalls, cred.calls.Load())
		})
	}
}

// While a still-valid token is refreshed, no caller waits: the refresh runs
// in the background, and every caller, the one that started it included,
// keeps using the current token until the new one arrives.
func TestEarlyRefreshDoesNotBlockOthers(t *testing.T) {
	clock := useFakeClock(t)
	release := make(chan struct{})
	refreshing := make(chan struct{})
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 2 {
			close(refreshing)
			<-release
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	clock.Advance(56 * time.Minute) // inside the refresh window, still valid

	require.Equal(t, "Bearer token-1", authorize(t, w), "the caller that starts the refresh does not wait for it")
	<-refreshing
	for i := 0; i < 200; i++ { // would deadlock if these waited for the refresh
		require.Equal(t, "Bearer token-1", authorize(t, w))
	}
	assert.EqualValues(t, 2, cred.calls.Load(), "exactly one refresh")
	close(release)
	settle(t, w)
	assert.Equal(t, "Bearer token-2", authorize(t, w))
	assert.EqualValues(t, 2, cred.calls.Load())
}

// A failed early refresh keeps the valid token and is retried no sooner than
// 30 s later.
func TestEarlyRefreshFailureBacksOff(t *testing.T) {
	clock := useFakeClock(t)
	var fail atomic.Bool
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if fail.Load() {
			return azcore.AccessToken{}, errors.New("entra unavailable")
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	require.Equal(t, "Bearer token-1", authorize(t, w))

	fail.Store(true)
	clock.Advance(56 * time.Minute)
	require.Equal(t, "Bearer token-1", authorize(t, w), "the failed refresh is hidden")
	settle(t, w)
	require.EqualValues(t, 2, cred.calls.Load())
	for i := 0; i < 29; i++ {
		clock.Advance(time.Second)
		require.Equal(t, "Bearer token-1", authorize(t, w))
		settle(t, w)
	}
	assert.EqualValues(t, 2, cred.calls.Load(), "no attempt within 30 s")
	clock.Advance(time.Second)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	settle(t, w)
	assert.EqualValues(t, 3, cred.calls.Load(), "a new attempt after 30 s")

	fail.Store(false)
	clock.Advance(30 * time.Second)
	assert.Equal(t, "Bearer token-1", authorize(t, w), "the refresh that succeeds runs in the background")
	settle(t, w)
	assert.Equal(t, "Bearer token-4", authorize(t, w))

	// once the token has expired, failures reach the caller
	fail.Store(true)
	clock.Advance(2 * time.Hour)
	_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.ErrorContains(t, err, "entra unavailable")
}

// A credential that hands back its cached token when its own refresh fails
// (MSAL after a failed proactive refresh) must not make every caller refresh:
// the same token counts as a failed refresh and is retried after 30 s.
func TestSameTokenBacksOff(t *testing.T) {
	clock := useFakeClock(t)
	expires, refreshOn := tokentime.Now().Add(time.Hour), tokentime.Now().Add(time.Minute)
	cred := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "cached", ExpiresOn: expires, RefreshOn: refreshOn}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	authorize(t, w)
	clock.Advance(2 * time.Minute) // past RefreshOn
	for i := 0; i < 100; i++ {
		require.Equal(t, "Bearer cached", authorize(t, w))
		settle(t, w)
		clock.Advance(100 * time.Millisecond)
	}
	// 10 s of requests: one refresh attempt that returned the same token
	assert.EqualValues(t, 2, cred.calls.Load())
}

// A credential may hand back the same token string with a later expiry (the
// Azure CLI does, for one): that is a new token, not a failed refresh, even
// when the cached one is no longer usable.
func TestSameTokenWithLaterExpiryIsProgress(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: "same", ExpiresOn: tokentime.Now().Add(2 * time.Second)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	for i := 0; i < 10; i++ {
		require.Equal(t, "Bearer same", authorize(t, w), "round %d", i)
		settle(t, w)
		clock.Advance(1600 * time.Millisecond) // past the 500 ms margin of each
	}
	assert.EqualValues(t, 10, cred.calls.Load(), "one fetch per lifetime")
}

// 50 concurrent callers with no valid token share one GetToken call, and all
// of them get its error. (azcore's BearerTokenPolicy makes 50 calls here.)
func TestConcurrentFailuresShareOneCall(t *testing.T) {
	waiting := useWaitingHook(t)
	const callers = 50
	boom := errors.New("AADSTS7000215: invalid client secret")
	cred := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
		waitFor(t, "the other callers to wait", func() bool { return waiting.Load() == callers-1 })
		return azcore.AccessToken{}, boom
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
		}()
	}
	wg.Wait()
	assert.EqualValues(t, 1, cred.calls.Load())
	for _, err := range errs {
		require.ErrorIs(t, err, boom)
		assert.True(t, autorest.IsTokenRefreshError(err))
	}
}

func TestWaitersHonourTheirContext(t *testing.T) {
	waiting := useWaitingHook(t)
	release := make(chan struct{})
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		<-release
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	leader := make(chan error)
	go func() { leader <- w.EnsureFreshWithContext(context.Background()) }()
	waitFor(t, "the leader to call the credential", func() bool { return cred.calls.Load() == 1 })

	// a waiter whose deadline passes returns, while the leader still waits
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://management.azure.com/", nil)
	require.NoError(t, err)
	_, err = autorest.Prepare(r, w.WithAuthorization())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.True(t, autorest.IsTokenRefreshError(err))

	// a cancelled waiter returns too
	ctx2, cancel2 := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.EnsureFreshWithContext(ctx2) }()
	waitFor(t, "the second waiter", func() bool { return waiting.Load() == 2 })
	cancel2()
	require.ErrorIs(t, <-done, context.Canceled)

	// an already-cancelled context does not call the credential
	require.ErrorIs(t, w.EnsureFreshWithContext(ctx2), context.Canceled)

	close(release)
	require.NoError(t, <-leader)
	assert.EqualValues(t, 1, cred.calls.Load())
}

// When the caller that made the shared request gives up, waiters with live
// contexts try again instead of inheriting its cancellation.
func TestWaitersRetryWhenLeaderCancels(t *testing.T) {
	waiting := useWaitingHook(t)
	cred := &scriptedCredential{fn: func(ctx context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if n == 1 {
			<-ctx.Done()
			return azcore.AccessToken{}, ctx.Err()
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	leader := make(chan error)
	go func() { leader <- w.EnsureFreshWithContext(ctx) }()
	waitFor(t, "the leader", func() bool { return cred.calls.Load() == 1 })
	waiter := make(chan string)
	go func() { waiter <- authorize(t, w) }()
	waitFor(t, "the waiter", func() bool { return waiting.Load() == 1 })
	cancel()
	require.ErrorIs(t, <-leader, context.Canceled)
	assert.Equal(t, "Bearer token-2", <-waiter)
	assert.EqualValues(t, 2, cred.calls.Load())
}

func TestExpiredOrEmptyTokenFromCredential(t *testing.T) {
	for _, tc := range []struct {
		name string
		tk   azcore.AccessToken
		want error
	}{
		{"empty", azcore.AccessToken{ExpiresOn: time.Now().Add(time.Hour)}, errEmptyToken},
		{"expired", azcore.AccessToken{Token: "x", ExpiresOn: time.Now().Add(-time.Second)}, errExpiredToken},
		{"no expiry", azcore.AccessToken{Token: "x"}, errNoExpiry},
	} {
		cred := &scriptedCredential{fn: func(context.Context, policy.TokenRequestOptions, int64) (azcore.AccessToken, error) {
			return tc.tk, nil
		}}
		w, err := New(cred, nil)
		require.NoError(t, err)
		_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
		require.ErrorIs(t, err, tc.want, tc.name)
		assert.True(t, autorest.IsTokenRefreshError(err), tc.name)
	}
}

// A token in its last 30 s is not sent (it could expire in transit): the
// caller gets a new one.
func TestTokenNotSentInExpiryMargin(t *testing.T) {
	clock := useFakeClock(t)
	fail := atomic.Bool{}
	cred := &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		if fail.Load() {
			return azcore.AccessToken{}, errors.New("entra down")
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(time.Hour)}, nil
	}}
	w, err := New(cred, nil)
	require.NoError(t, err)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	fail.Store(true) // the early refreshes fail; token-1 is kept while it is usable
	clock.Advance(59*time.Minute + 20*time.Second)
	require.Equal(t, "Bearer token-1", authorize(t, w))
	settle(t, w)
	clock.Advance(15 * time.Second) // 25 s before expiry
	_, err = autorest.Prepare(newRequest(t, "https://management.azure.com/"), w.WithAuthorization())
	require.ErrorContains(t, err, "entra down", "token-1 is no longer sent")
	fail.Store(false)
	clock.Advance(2 * time.Second) // past the 1 s failure back-off
	assert.Equal(t, "Bearer token-4", authorize(t, w))
}
