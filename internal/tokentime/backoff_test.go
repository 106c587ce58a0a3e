package tokentime

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/stretchr/testify/assert"
)

func throttled(retryAfter string) error {
	return &azidentity.AuthenticationFailedError{RawResponse: &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {retryAfter}}}}
}

func TestRetryDelay(t *testing.T) {
	now := epoch
	boom := errors.New("boom")
	for _, tc := range []struct {
		name   string
		n      int
		err    error
		usable time.Duration // how long the current token stays usable; 0: none
		want   time.Duration
	}{
		{"no token, 1st failure", 1, boom, 0, time.Second},
		{"no token, 2nd failure", 2, boom, 0, 2 * time.Second},
		{"no token, 5th failure", 5, boom, 0, 16 * time.Second},
		{"no token, 6th failure: capped", 6, boom, 0, 30 * time.Second},
		{"no token, 100th failure: capped", 100, boom, 0, 30 * time.Second},
		{"no token, n 0 is the first", 0, boom, 0, time.Second},
		{"no token, no error", 1, nil, 0, time.Second},
		{"token no longer usable", 1, boom, -time.Second, time.Second},
		{"valid token: 30 s", 1, boom, time.Hour, 30 * time.Second},
		{"valid token, 7th failure: still 30 s", 7, boom, time.Hour, 30 * time.Second},
		{"valid token for 10 s more: 10 s", 1, boom, 10 * time.Second, 10 * time.Second},
		{"Retry-After longer wins", 1, throttled("120"), 0, 2 * time.Minute},
		{"Retry-After shorter loses", 6, throttled("3"), 0, 30 * time.Second},
		{"Retry-After capped at 5 min", 1, throttled("3600"), 0, 5 * time.Minute},
		{"Retry-After beats the end of the valid token", 1, throttled("60"), 10 * time.Second, time.Minute},
		{"Retry-After as a date", 1, throttled(now.Add(90 * time.Second).Format(http.TimeFormat)), 0, 90 * time.Second},
		{"Retry-After garbage", 1, throttled("soon"), 0, time.Second},
		{"wrapped Retry-After", 1, fmt.Errorf("credwrapper: %w", throttled("45")), 0, 45 * time.Second},
	} {
		var usable time.Time
		if tc.usable != 0 {
			usable = now.Add(tc.usable)
		}
		assert.Equal(t, tc.want, RetryDelay(tc.n, tc.err, now, usable), tc.name)
	}
}

func TestRetryAfter(t *testing.T) {
	now := epoch
	for _, tc := range []struct {
		name string
		err  error
		want time.Duration
	}{
		{"seconds", throttled("7"), 7 * time.Second},
		{"capped at 5 min", throttled("86400"), 5 * time.Minute},
		{"huge", throttled("99999999999999999"), 5 * time.Minute},
		{"negative", throttled("-5"), 0},
		{"zero", throttled("0"), 0},
		{"a date", throttled(now.Add(time.Minute).Format(http.TimeFormat)), time.Minute},
		{"a date far ahead: capped", throttled(now.Add(time.Hour).Format(http.TimeFormat)), 5 * time.Minute},
		{"a date already past", throttled(now.Add(-time.Minute).Format(http.TimeFormat)), 0},
		{"garbage", throttled("soon"), 0},
		{"empty", throttled(""), 0},
		{"no response", &azidentity.AuthenticationFailedError{}, 0},
		{"another error", errors.New("boom"), 0},
		{"no error", nil, 0},
	} {
		assert.Equal(t, tc.want, RetryAfter(tc.err, now), tc.name)
	}
}

func TestFailureBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{
		-1: time.Second, 0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		5: 16 * time.Second, 6: 30 * time.Second, 7: 30 * time.Second, 1000: 30 * time.Second,
	} {
		assert.Equal(t, want, FailureBackoff(n), "failure %d", n)
	}
}

func TestRelearnDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{
		0: 0, 1: 0, 2: time.Second, 3: 2 * time.Second, 4: 4 * time.Second,
		6: 16 * time.Second, 7: 30 * time.Second, 50: 30 * time.Second,
	} {
		assert.Equal(t, want, RelearnDelay(n), "refusal %d", n)
	}
}

func TestClaimsBackoff(t *testing.T) {
	now := time.Now()
	for n, want := range map[int]time.Duration{
		-3: time.Second, 0: time.Second, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		5: 16 * time.Second, 6: 30 * time.Second, 1 << 20: 30 * time.Second,
	} {
		assert.Equal(t, want, ClaimsBackoff(n, nil, now), "failed claims refresh %d", n)
	}
}
