package tokentime

import (
	"errors"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNextCall(t *testing.T) {
	at := func(d time.Duration) time.Time { return epoch.Add(d) }
	for _, tc := range []struct {
		name                 string
		refreshAt, until, at time.Duration
		want                 time.Duration
	}{
		{"before the refresh time: wait for it", 55 * time.Minute, time.Hour - 30*time.Second, 0, 55 * time.Minute},
		{"at the refresh time: 30 s", 55 * time.Minute, time.Hour - 30*time.Second, 55 * time.Minute, 30 * time.Second},
		{"after the refresh time: 30 s", 55 * time.Minute, time.Hour - 30*time.Second, 57 * time.Minute, 30 * time.Second},
		{"near the usable end: until it", 55 * time.Minute, time.Hour - 30*time.Second, time.Hour - 40*time.Second, 10 * time.Second},
		{"1.6 s token handed back at its refresh time: until its usable end", 800 * time.Millisecond, 1200 * time.Millisecond, 800 * time.Millisecond, 400 * time.Millisecond},
		{"at the usable end: not usable", 55 * time.Minute, time.Hour - 30*time.Second, time.Hour - 30*time.Second, 0},
		{"past the usable end: not usable", 55 * time.Minute, time.Hour - 30*time.Second, time.Hour, 0},
	} {
		assert.Equal(t, tc.want, NextCall(at(tc.refreshAt), at(tc.until), at(tc.at)), tc.name)
	}
}

// However long a token lives, a refresher that keeps being handed the same
// token calls a bounded number of times, never waits past the token's usable
// end, and never waits 0 while the token is usable.
func TestNextCallIsBoundedWhateverTheLifetime(t *testing.T) {
	for _, lifetime := range []time.Duration{
		time.Millisecond, 100 * time.Millisecond, 1600 * time.Millisecond, 4 * time.Second,
		time.Minute, 4 * time.Minute, 10 * time.Minute, time.Hour, 24 * time.Hour,
	} {
		tk := azcore.AccessToken{Token: "x", ExpiresOn: epoch.Add(lifetime)}
		refreshAt, until := RefreshTime(tk, epoch), UsableUntil(tk, epoch)
		calls := 0
		for now := epoch; ; {
			d := NextCall(refreshAt, until, now)
			if d == 0 {
				break
			}
			calls++
			require.LessOrEqual(t, calls, 2+int(DefaultRefreshWindow/RefreshBackoff), "%v token: polled", lifetime)
			now = now.Add(d)
			require.False(t, now.After(until), "%v token: held past its usable end", lifetime)
		}
		assert.GreaterOrEqual(t, calls, 1, "%v", lifetime)
	}
}

func TestRetryCall(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name   string
		n      int
		err    error
		usable time.Duration // 0: none
		want   time.Duration
	}{
		{"no token: 1 s", 1, boom, 0, time.Second},
		{"no token, 4th failure: 8 s", 4, boom, 0, 8 * time.Second},
		{"no token, Retry-After", 1, throttled("90"), 0, 90 * time.Second},
		{"usable token: 30 s", 1, boom, time.Hour, 30 * time.Second},
		{"usable for 3 s more: 3 s", 1, boom, 3 * time.Second, 3 * time.Second},
		{"Retry-After never past the usable end", 1, throttled("90"), 10 * time.Second, 10 * time.Second},
		{"token no longer usable", 2, boom, -time.Second, 2 * time.Second},
	} {
		var usable time.Time
		if tc.usable != 0 {
			usable = epoch.Add(tc.usable)
		}
		assert.Equal(t, tc.want, RetryCall(tc.n, tc.err, epoch, usable), tc.name)
	}
}
