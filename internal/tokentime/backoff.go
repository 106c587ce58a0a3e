package tokentime

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// The back-offs: how long to wait after each kind of failure before asking
// again. Every one is bounded, and none gives up.

const (
	// RefreshBackoff is how long a failed refresh of a still-usable token
	// waits before the next attempt (azcore waits the same 30 s).
	RefreshBackoff = 30 * time.Second
	// FirstFailureBackoff and MaxFailureBackoff bound the doubling back-offs
	// (FailureBackoff, RelearnDelay, ClaimsBackoff): 1 s, doubling, up to
	// 30 s.
	FirstFailureBackoff = time.Second
	MaxFailureBackoff   = 30 * time.Second
	// MaxRetryAfter caps a Retry-After sent by Entra ID.
	MaxRetryAfter = 5 * time.Minute
)

// FailureBackoff is the wait after the n-th consecutive failure (n >= 1; 0
// counts as 1) of a credential when no usable token exists: 1 s, doubling
// with each failure, up to 30 s.
func FailureBackoff(n int) time.Duration {
	return doubling(max(n, 1) - 1)
}

// RetryDelay is how long to wait, after the n-th consecutive failure (n >= 1)
// ending with err, before calling the credential again. usable is when the
// current token stops being sent (zero, or not after now: there is none).
//
// With a usable token, the refresh is retried after 30 s, but no later than
// the token stops being usable: a failed early refresh never makes a caller
// fail. Without one, callers fail fast for [FailureBackoff]: 1 s after the
// first failure, doubling with each consecutive one up to 30 s. In both cases
// Entra ID's Retry-After wins when longer, up to 5 min.
func RetryDelay(n int, err error, now, usable time.Time) time.Duration {
	var d time.Duration
	if usable.After(now) {
		d = min(RefreshBackoff, usable.Sub(now))
	} else {
		d = FailureBackoff(n)
	}
	return max(d, RetryAfter(err, now))
}

// RetryAfter is the Retry-After of the token endpoint's last answer, when
// err carries it (azidentity's AuthenticationFailedError, wrapped or not), as
// a delay from now: 0 when there is none, at most 5 min. Both of its forms,
// seconds and an HTTP date, are read.
func RetryAfter(err error, now time.Time) time.Duration {
	var af *azidentity.AuthenticationFailedError
	if !errors.As(err, &af) || af.RawResponse == nil {
		return 0
	}
	v := af.RawResponse.Header.Get("Retry-After")
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(min(secs, int(MaxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(0, min(d, MaxRetryAfter))
}

// RelearnDelay is how long a ChallengeAuthorizer waits before probing a host
// again after the n-th consecutive time (n >= 1) the host refused the token
// its challenge named: not at all the first time (a vault may move to another
// tenant), then 1 s, doubling up to 30 s.
func RelearnDelay(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	return doubling(n - 2)
}

// ClaimsBackoff is how long to wait before the next refresh with the claims
// of a CAE challenge after the n-th consecutive one (n >= 1) that failed with
// err: a claims refresh serves only the challenged requests, which have no
// token to send meanwhile, so it backs off as a credential failure without a
// usable token does (1 s, doubling up to 30 s, or Entra ID's longer
// Retry-After), and a service that keeps challenging cannot make every
// request call Entra ID.
func ClaimsBackoff(n int, err error, now time.Time) time.Duration {
	return RetryDelay(n, err, now, time.Time{})
}

// doubling is FirstFailureBackoff doubled k times (k >= 0), at most
// MaxFailureBackoff.
func doubling(k int) time.Duration {
	return min(FirstFailureBackoff<<min(max(k, 0), 5), MaxFailureBackoff)
}
