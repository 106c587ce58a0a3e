// Package tokentime holds the pure rules of when a token is refreshed and when
// it stops being sent, shared by the wrapper's cache and the adapters of the
// track-1 clients, which schedule their own refreshes.
package tokentime

import (
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

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
