package credwrapper

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

// The refresh policy: when a token is replaced, when it stops being sent and
// how long to wait after a failure. Every function here is pure (the clock is
// a parameter) and table-tested; entry.go applies them.

const (
	// maxExpiryMargin bounds expiryMargin.
	maxExpiryMargin = tokentime.MaxExpiryMargin
	// refreshBackoff is how long a failed refresh of a still-usable token
	// waits before the next attempt (azcore waits the same 30 s).
	refreshBackoff = 30 * time.Second
	// firstFailureBackoff and maxFailureBackoff bound the exponential back-off
	// when no usable token exists: 1 s after the first consecutive failure,
	// doubling with each one, up to 30 s.
	firstFailureBackoff = time.Second
	maxFailureBackoff   = 30 * time.Second
	// maxRetryAfter caps a Retry-After sent by Entra ID.
	maxRetryAfter = 5 * time.Minute
)

// expiryMargin, usableUntil and refreshTime are the rules of
// internal/tokentime, which the track-1 adapters share: how long before
// expiry a token stops being sent (a quarter of its lifetime, at most 30 s),
// when it stops, and when it is refreshed (RefreshOn, else five minutes before
// expiry or half-way for short tokens, never after it stops being sent).
func expiryMargin(lifetime time.Duration) time.Duration { return tokentime.ExpiryMargin(lifetime) }

func usableUntil(tk azcore.AccessToken, now time.Time) time.Time {
	return tokentime.UsableUntil(tk, now)
}

func refreshTime(tk azcore.AccessToken, now time.Time) time.Time {
	return tokentime.RefreshTime(tk, now)
}

// retryDelay is how long to wait, after the n-th consecutive failure (n >= 1)
// ending with err, before calling the credential again. usable is when the
// current token stops being sent (zero, or not after now: there is none).
//
// With a usable token, the refresh is retried after 30 s, but no later than
// the token stops being usable: a failed early refresh never makes a caller
// fail. Without one, callers fail fast for 1 s after the first failure,
// doubling with each consecutive one up to 30 s. In both cases Entra ID's
// Retry-After wins when longer, up to 5 min.
func retryDelay(n int, err error, now, usable time.Time) time.Duration {
	var d time.Duration
	if usable.After(now) {
		d = min(refreshBackoff, usable.Sub(now))
	} else {
		d = min(firstFailureBackoff<<min(max(n, 1)-1, 5), maxFailureBackoff)
	}
	return max(d, min(retryAfter(err, now), maxRetryAfter))
}

// retryAfter reads the Retry-After of the token endpoint's last answer, when
// the credential's error carries it (azidentity's AuthenticationFailedError).
func retryAfter(err error, now time.Time) time.Duration {
	var af *azidentity.AuthenticationFailedError
	if !errors.As(err, &af) || af.RawResponse == nil {
		return 0
	}
	v := af.RawResponse.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}

// relearnDelay is how long a ChallengeAuthorizer waits before probing a host
// again after the n-th consecutive time (n >= 1) the host refused the token
// its challenge named: not at all the first time (a vault may move to another
// tenant), then 1 s, doubling up to 30 s.
func relearnDelay(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	return min(firstFailureBackoff<<min(n-2, 5), maxFailureBackoff)
}
