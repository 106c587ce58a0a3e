package tokentime

import (
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/stretchr/testify/assert"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestRefreshTime(t *testing.T) {
	now := epoch
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
		{"4 minute token: half-way", 4 * time.Minute, 0, 2 * time.Minute},
		{"8 minute token: half-way", 8 * time.Minute, 0, 4 * time.Minute},
		{"10 minute token: 5 minutes", 10 * time.Minute, 0, 5 * time.Minute},
		{"2 s token: half-way, before its 500 ms margin", 2 * time.Second, 0, time.Second},
		{"1.6 s token: half-way", 1600 * time.Millisecond, 0, 800 * time.Millisecond},
		{"24 hour CAE token", 24 * time.Hour, 0, 24*time.Hour - 5*time.Minute},
	} {
		tk := azcore.AccessToken{Token: "x", ExpiresOn: now.Add(tc.expiresIn)}
		if tc.refreshOn != 0 {
			tk.RefreshOn = now.Add(tc.refreshOn)
		}
		got := RefreshTime(tk, now)
		assert.Equal(t, now.Add(tc.want), got, tc.name)
		assert.False(t, got.After(UsableUntil(tk, now)), "%s: refresh due after the token stops being usable", tc.name)
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
		assert.Equal(t, tc.want, ExpiryMargin(tc.lifetime), "%v", tc.lifetime)
	}
}

func TestUsableUntil(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expiresIn time.Duration
		want      time.Duration
	}{
		{"hour token: 30 s before expiry", time.Hour, time.Hour - 30*time.Second},
		{"1.6 s token: its last quarter", 1600 * time.Millisecond, 1200 * time.Millisecond},
		{"expired token: its expiry", -time.Second, -time.Second},
	} {
		assert.Equal(t, epoch.Add(tc.want), UsableUntil(azcore.AccessToken{ExpiresOn: epoch.Add(tc.expiresIn)}, epoch), tc.name)
	}
}
