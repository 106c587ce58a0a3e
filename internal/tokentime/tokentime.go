// Package tokentime is the one time policy of credwrapper: when a token is
// refreshed, when it stops being sent, how long to wait after every kind of
// failure, the clock they are read against and the bound of a token request
// made on behalf of a caller that gave no context. The wrapper's cache, the
// challenge authorizer and the adapters of the track-1 clients all apply it;
// none keeps a rule of its own.
//
// Every function is pure: the clock is a parameter. The package variables
// [Now] and [CallTimeout] are the only state, and tests are the only code
// that replaces them.
package tokentime

import (
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// Now is the clock of every package of the module that schedules or checks
// tokens. It is a test hook: a test replaces it with a fake clock (and
// restores it) before it starts anything that reads it; the rest of the code
// calls it at each use and never keeps a copy of the function.
var Now = time.Now

// CallTimeout bounds a token request made on behalf of a caller that gave no
// context: a background refresh, a track-1 refresher (azblob's and azqueue's
// timers, and the credential's constructor) and amqp-common's GetToken. It is
// a variable only so that a test can shorten it, like [Now].
var CallTimeout = time.Minute

const (
	// DefaultRefreshWindow is how long before expiry a token is refreshed when
	// the credential gives no RefreshOn (azcore uses the same five minutes).
	DefaultRefreshWindow = 5 * time.Minute
	// MaxExpiryMargin bounds ExpiryMargin.
	MaxExpiryMargin = 30 * time.Second
)

// ExpiryMargin is how long before its expiry a token stops being sent, so
// that a request does not reach the service with a token that expired in
// transit: a quarter of the token's lifetime, at most 30 s.
func ExpiryMargin(lifetime time.Duration) time.Duration {
	return max(0, min(MaxExpiryMargin, lifetime/4))
}

// UsableUntil is when a token acquired at now stops being sent.
func UsableUntil(tk azcore.AccessToken, now time.Time) time.Time {
	return tk.ExpiresOn.Add(-ExpiryMargin(tk.ExpiresOn.Sub(now)))
}

// RefreshTime is when a token acquired at now should be replaced: at RefreshOn
// when the credential sets it (and it falls between now and expiry), otherwise five minutes
// before expiry, or half-way through the token's remaining lifetime when that
// is shorter than ten minutes (a 60 s token is refreshed after 30 s, not on
// every request). It is never later than UsableUntil, so a token whose refresh
// is not due is always one that may be sent.
func RefreshTime(tk azcore.AccessToken, now time.Time) time.Time {
	until := UsableUntil(tk, now)
	// A RefreshOn already past (a cached token handed back after a failed
	// proactive refresh) would make every caller refresh, and one after
	// expiry is meaningless: ignore both.
	if tk.RefreshOn.After(now) && tk.RefreshOn.Before(tk.ExpiresOn) {
		return earlier(tk.RefreshOn, until)
	}
	window := min(DefaultRefreshWindow, tk.ExpiresOn.Sub(now)/2)
	return earlier(tk.ExpiresOn.Add(-window), until)
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
