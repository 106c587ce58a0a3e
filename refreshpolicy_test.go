package credwrapper

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/stretchr/testify/assert"
)

func TestRefreshTime(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		expiresIn time.Duration
		refreshOn time.Duration // 0: unset
		want      time.Duration
	}{
		{"hour token: 5 minutes before expiry", time.Hour, 0, 55 * time.Minute},
		{"RefreshOn wins", time.Hour, 30 * time.Minute, 30 * time.Minute},
		{"RefreshOn after expiry is ignored", time.Hour, 2 * time.Hour, 55 * time.Minute},
		{"RefreshOn already past is ignored", time.Hour, -time.Minute, 55 * time.Minute},
		{"RefreshOn inside the margin: the margin wins", time.Hour, time.Hour - time.Second, time.Hour - 30*time.Second},
		{"RefreshOn at the margin", time.Hour, time.Hour - 30*time.Second, time.Hour - 30*time.Second},
		{"60 s token: half-way", time.Minute, 0, 30 * time.Second},
		{"60 s token, RefreshOn after its margin", time.Minute, 50 * time.Second, 45 * time.Second},
		{"8 minute token: half-way", 8 * time.Minute, 0, 4 * time.Minute},
		{"10 minute token: 5 minutes", 10 * time.Minute, 0, 5 * time.Minute},
		{"2 s token: half-way, before its 500 ms margin", 2 * time.Second, 0, time.Second},
		{"24 hour CAE token", 24 * time.Hour, 0, 24*time.Hour - 5*time.Minute},
	} {
		tk := azcore.AccessToken{Token: "x", ExpiresOn: now.Add(tc.expiresIn)}
		if tc.refreshOn != 0 {
			tk.RefreshOn = now.Add(tc.refreshOn)
		}
		got := refreshTime(tk, now)
		assert.Equal(t, now.Add(tc.want), got, tc.name)
		assert.False(t, got.After(usableUntil(tk, now)), "%s: refresh due after the token stops being usable", tc.name)
	}
}

func TestExpiryMargin(t *testing.T) {
	for _, tc := range []struct{ lifetime, want time.Duration }{
		{time.Hour, 30 * time.Second},
		{24 * time.Hour, 30 * time.Second},
		{time.Minute, 15 * time.Second},
		{2 * time.Second, 500 * time.Millisecond},
		{0, 0},
		{-time.Second, 0},
	} {
		assert.Equal(t, tc.want, expiryMargin(tc.lifetime), "%v", tc.lifetime)
	}
}

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	boom := errors.New("boom")
	throttled := func(retryAfter string) error {
		return &azidentity.AuthenticationFailedError{RawResponse: &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {retryAfter}}}}
	}
	for _, tc := range []struct {
		name   string
		n      int
		err    error
		usable time.Duration // how long the current token stays usable; <= 0: none
		want   time.Duration
	}{
		{"no token, 1st failure", 1, boom, 0, time.Second},
		{"no token, 2nd failure", 2, boom, 0, 2 * time.Second},
		{"no token, 5th failure", 5, boom, 0, 16 * time.Second},
		{"no token, 6th failure: capped", 6, boom, 0, 30 * time.Second},
		{"no token, 100th failure: capped", 100, boom, 0, 30 * time.Second},
		{"no token, n 0 is the first", 0, boom, 0, time.Second},
		{"token no longer usable", 1, boom, -time.Second, time.Second},
		{"valid token: 30 s", 1, boom, time.Hour, 30 * time.Second},
		{"valid token, 7th failure: still 30 s", 7, boom, time.Hour, 30 * time.Second},
		{"valid token for 10 s more: 10 s", 1, boom, 10 * time.Second, 10 * time.Second},
		{"same token handed back", 1, errSameToken, time.Hour, 30 * time.Second},
		{"Retry-After longer wins", 1, throttled("120"), 0, 2 * time.Minute},
		{"Retry-After shorter loses", 6, throttled("3"), 0, 30 * time.Second},
		{"Retry-After capped at 5 min", 1, throttled("3600"), 0, 5 * time.Minute},
		{"Retry-After beats the end of the valid token", 1, throttled("60"), 10 * time.Second, time.Minute},
		{"Retry-After as a date", 1, throttled(now.Add(90 * time.Second).Format(http.TimeFormat)), 0, 90 * time.Second},
		{"Retry-After garbage", 1, throttled("soon"), 0, time.Second},
		{"wrapped Retry-After", 1, &TokenError{Err: throttled("45")}, 0, 45 * time.Second},
	} {
		var usable time.Time
		if tc.usable != 0 {
			usable = now.Add(tc.usable)
		}
		assert.Equal(t, tc.want, retryDelay(tc.n, tc.err, now, usable), tc.name)
	}
}

func TestRelearnDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{
		0: 0, 1: 0, 2: time.Second, 3: 2 * time.Second, 4: 4 * time.Second,
		6: 16 * time.Second, 7: 30 * time.Second, 50: 30 * time.Second,
	} {
		assert.Equal(t, want, relearnDelay(n), "refusal %d", n)
	}
}
