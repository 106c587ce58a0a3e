package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// The fault tests drive a real azidentity credential against the fake Entra
// ID answering badly. The bound they check: with no valid token, a wrapper
// makes at most one GetToken call at a time per cache entry, and after n
// consecutive failures no further call for min(2^(n-1), 30) s, or Entra ID's
// Retry-After when longer (at most 5 min); each GetToken is one request to
// Entra ID plus azidentity's own retries (MaxRetries, for 429 and 5xx only).

// faultCredential is a real client secret credential for fc with the given
// azidentity retry count (-1: none; 0 means azcore's default, 3).
func faultCredential(t *testing.T, fc *credwrappertest.Cloud, maxRetries int32) azcore.TokenCredential {
	t.Helper()
	opts := fc.ClientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: maxRetries, RetryDelay: 5 * time.Millisecond, MaxRetryDelay: 20 * time.Millisecond}
	cred, err := azidentity.NewClientSecretCredential(fc.TenantID, fc.ClientID, fc.ClientSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: opts, DisableInstanceDiscovery: true,
	})
	require.NoError(t, err)
	return cred
}

func prepare(ctx context.Context, w *CredentialWrapper) (string, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://management.azure.com/subscriptions", nil)
	if err != nil {
		return "", err
	}
	r, err = autorest.Prepare(r, w.WithAuthorization())
	if err != nil {
		return "", err
	}
	return r.Header.Get("Authorization"), nil
}

func TestFaultsFromEntra(t *testing.T) {
	for _, tc := range []struct {
		name       string
		reply      credwrappertest.Reply
		maxRetries int32
		// requests is how many token requests one failed attempt makes
		requests int
		// what the error is, by type: azidentity's AuthenticationFailedError
		// (with the token endpoint's status, 0 when it answered 200 with a bad
		// body), or one of ours
		wantStatus int
		wantIs     error
		backoff    time.Duration // how long callers fail fast after the first failure
	}{
		{"500", credwrappertest.ServerError(), 2, 3, http.StatusInternalServerError, nil, time.Second},
		{"429 with Retry-After", credwrappertest.Throttled(3 * time.Second), -1, 1, http.StatusTooManyRequests, nil, 3 * time.Second},
		{"400 invalid_client", credwrappertest.InvalidClient(), 2, 1, http.StatusBadRequest, nil, time.Second},
		{"malformed JSON", credwrappertest.Reply{Body: `{"token_type": "Bearer", "access_token": `}, 2, 1, 0, nil, time.Second},
		{"token without expiry", credwrappertest.Reply{Body: `{"token_type":"Bearer","access_token":"eyJ.eyJ.sig"}`}, 2, 1, 0, nil, time.Second},
		{"already expired token", credwrappertest.Reply{Lifetime: -time.Minute}, 2, 1, 0, errExpiredToken, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := useFakeClock(t)
			fc := credwrappertest.NewTest(t, nil)
			fc.Entra.SetDefault(&tc.reply)
			w, err := New(faultCredential(t, fc, tc.maxRetries), nil)
			require.NoError(t, err)
			ctx := context.Background()

			// The first caller gets the credential's error, clearly.
			_, err = prepare(ctx, w)
			require.Error(t, err)
			assert.True(t, autorest.IsTokenRefreshError(err), "go-autorest must not retry: %v", err)
			var te *TokenError
			require.ErrorAs(t, err, &te)
			assert.Contains(t, err.Error(), armScopePublic)
			if tc.wantIs != nil {
				assert.ErrorIs(t, err, tc.wantIs)
			} else {
				var af *azidentity.AuthenticationFailedError
				require.ErrorAs(t, err, &af)
				status := 0
				if af.RawResponse != nil && af.RawResponse.StatusCode != http.StatusOK {
					status = af.RawResponse.StatusCode
				}
				assert.Equal(t, tc.wantStatus, status)
			}
			assert.NotContains(t, err.Error(), fc.ClientSecret)
			require.Equal(t, tc.requests, fc.Entra.TokenRequests(), "one attempt")

			// Callers within the back-off fail fast without calling Entra ID.
			for i := 0; i < 50; i++ {
				_, err = prepare(ctx, w)
				require.Error(t, err)
			}
			assert.Contains(t, err.Error(), "failing fast")
			clock.Advance(tc.backoff - 100*time.Millisecond)
			_, err = prepare(ctx, w)
			require.Error(t, err)
			assert.Equal(t, tc.requests, fc.Entra.TokenRequests(), "bounded: no request within the back-off")

			// After it, one new attempt, then a longer back-off.
			clock.Advance(200 * time.Millisecond)
			_, err = prepare(ctx, w)
			require.Error(t, err)
			assert.Equal(t, 2*tc.requests, fc.Entra.TokenRequests(), "one new attempt")

			// Entra ID recovers: the next attempt after the back-off succeeds.
			fc.Entra.SetDefault(nil)
			clock.Advance(maxFailureBackoff + tc.backoff)
			h, err := prepare(ctx, w)
			require.NoError(t, err)
			assert.Contains(t, h, "Bearer ey")
		})
	}
}

// Entra ID hanging past the callers' deadlines: every caller returns with the
// context's error, at most one GetToken is ever in flight, and nothing is left
// running (goleak checks at the end of the package). Whether a waiter still
// in time makes a second request after the first is abandoned depends on
// speed, so it is not counted; what is checked holds on any machine.
func TestFaultHangingEntra(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	fc.Entra.Script(credwrappertest.Slow(time.Minute))
	cred := wrapping(faultCredential(t, fc, -1))
	w, err := New(cred, nil)
	require.NoError(t, err)
	const callers = 20
	var wg sync.WaitGroup
	errs := make([]error, callers)
	took := make([]time.Duration, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, errs[i] = prepare(ctx, w)
			took[i] = time.Since(start)
		}()
	}
	wg.Wait()
	failed := 0
	for i := range errs {
		if errs[i] != nil {
			failed++
			require.ErrorIs(t, errs[i], context.DeadlineExceeded)
			assert.True(t, autorest.IsTokenRefreshError(errs[i]))
		}
		// Entra ID hangs for a minute: a caller that did not honour its
		// deadline would take that long, whatever the machine.
		assert.Less(t, took[i], 45*time.Second, "returned at its deadline, not Entra ID's")
	}
	assert.Positive(t, failed, "the caller whose request hung gave up at its deadline")
	assert.EqualValues(t, 1, cred.maxInFlight.Load(), "one GetToken at a time")
	// A caller whose context ended is not a failure of the credential: the
	// next caller tries at once. On a starved machine no caller's request
	// may have reached Entra ID before its deadline, leaving the one-minute
	// answer scripted: it is dropped, so that this caller gets a prompt
	// answer whatever the machine's speed.
	fc.Entra.DropScript()
	h, err := prepare(context.Background(), w)
	require.NoError(t, err)
	assert.NotEmpty(t, h)
	assert.EqualValues(t, 1, cred.maxInFlight.Load())
}

// When Entra ID fails while a valid token exists, callers keep the valid
// token and the early refresh is retried no sooner than every 30 s. The
// tokens live four minutes, inside MSAL's five-minute window, so that every
// refresh reaches the failing Entra ID; the wrapper and the fake cloud share
// the fake clock, which stands still while the requests run, so the count of
// attempts cannot depend on how long they take.
func TestFaultKeepsValidToken(t *testing.T) {
	clock := useFakeClock(t)
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{TokenLifetime: 4 * time.Minute, Now: clock.Now})
	cred := wrapping(faultCredential(t, fc, -1))
	w, err := New(cred, nil)
	require.NoError(t, err)
	first, err := prepare(context.Background(), w)
	require.NoError(t, err)
	fc.Entra.SetDefault(&credwrappertest.Reply{Status: http.StatusServiceUnavailable, Error: "temporarily_unavailable"})
	clock.Advance(150 * time.Second) // past the refresh time (half-way), before the usable end
	for i := 0; i < 200; i++ {
		h, err := prepare(context.Background(), w)
		require.NoError(t, err, "the valid token is kept")
		require.Equal(t, first, h)
		settle(t, w)
	}
	// one refresh attempt, failed at Entra ID, then nothing for 30 s
	assert.EqualValues(t, 2, cred.calls.Load())
	assert.Equal(t, 2, fc.Entra.TokenRequests(), "the refresh reached Entra ID")
	clock.Advance(refreshBackoff)
	h, err := prepare(context.Background(), w)
	require.NoError(t, err)
	assert.Equal(t, first, h, "the valid token is still kept")
	settle(t, w)
	assert.EqualValues(t, 3, cred.calls.Load(), "the next attempt after the back-off")
	assert.Equal(t, 3, fc.Entra.TokenRequests())
}

// skewedCredential issues hour-long tokens with absolute expiry times read
// from a clock offset from the local one, as a credential whose clock (or
// the token issuer's) is skewed does.
func skewedCredential(skew time.Duration) *scriptedCredential {
	return &scriptedCredential{fn: func(_ context.Context, _ policy.TokenRequestOptions, n int64) (azcore.AccessToken, error) {
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(skew).Add(time.Hour)}, nil
	}}
}

// Clock skew between the credential and this machine: up to the 5 minute
// refresh window the token is replaced before it expires on either clock; a
// skew that makes tokens look expired is a clear error, bounded by the
// back-off.
func TestFaultClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{-4 * time.Minute, 4 * time.Minute} {
		clock := useFakeClock(t)
		cred := skewedCredential(skew)
		w, err := New(cred, nil)
		require.NoError(t, err)
		issued := tokentime.Now()
		lastToken := ""
		for el := time.Duration(0); el < 3*time.Hour; el += 10 * time.Second {
			h, err := prepare(context.Background(), w)
			require.NoError(t, err)
			settle(t, w)
			if h != lastToken {
				issued, lastToken = tokentime.Now(), h
			}
			// The token in use expires (for the issuer) at issued+1h+skew-skew'...
			// on the issuer's clock it was issued at issued+skew and lives an hour.
			assert.True(t, tokentime.Now().Add(skew).Before(issued.Add(skew).Add(time.Hour)), "skew %v: token used after its expiry", skew)
			clock.Advance(10 * time.Second)
		}
		assert.LessOrEqual(t, cred.calls.Load(), int64(4), "skew %v: one token per refresh, not per request", skew)
	}

	clock := useFakeClock(t)
	cred := skewedCredential(-2 * time.Hour) // tokens look expired here
	w, err := New(cred, nil)
	require.NoError(t, err)
	for i := 0; i < 20; i++ {
		_, err = prepare(context.Background(), w)
		require.Error(t, err)
	}
	assert.True(t, errors.Is(err, errExpiredToken))
	assert.Contains(t, err.Error(), "local clock")
	assert.EqualValues(t, 1, cred.calls.Load(), "bounded by the back-off")
	clock.Advance(2 * time.Second)
	_, err = prepare(context.Background(), w)
	require.Error(t, err)
	assert.EqualValues(t, 2, cred.calls.Load())
}
