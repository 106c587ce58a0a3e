package track1

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/scoped"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// TestMain installs the fake clock once: the wrapper's background refreshes
// read tokentime.Now on goroutines of their own, so the variable is written
// before any starts.
func TestMain(m *testing.M) {
	tokentime.Now = clock.Now
	goleak.VerifyTestMain(m)
}

const scope = "https://storage.azure.com/.default"

// fakeClock is the clock of the tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

var clock = &fakeClock{now: time.Now()}

// resetClock sets the fake clock to the real time, where each test starts.
func resetClock() {
	clock.mu.Lock()
	defer clock.mu.Unlock()
	clock.now = time.Now()
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// credential issues a new token on every call, living lifetime from
// tokentime.Now, and remembers when each expires.
type credential struct {
	lifetime time.Duration
	calls    atomic.Int64
	err      atomic.Pointer[error] // when set, calls fail with it
	expires  sync.Map              // token -> time.Time
}

func (c *credential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	n := c.calls.Add(1)
	if err := c.err.Load(); err != nil {
		return azcore.AccessToken{}, *err
	}
	if len(o.Scopes) != 1 || o.Scopes[0] != scope {
		return azcore.AccessToken{}, fmt.Errorf("unexpected scopes %q", o.Scopes)
	}
	tk := azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: tokentime.Now().Add(c.lifetime)}
	c.expires.Store(tk.Token, tk.ExpiresOn)
	return tk, nil
}

// timerCredential stands for azblob's and azqueue's TokenCredential: it holds
// the token it is given and calls its refresher when the wait it returned has
// passed on the fake clock.
type timerCredential struct {
	t         *testing.T
	cred      *credential
	token     string
	heldSince map[string]time.Time // when it first held each token
	refresher func(*timerCredential) time.Duration
	calls     int
	next      time.Duration // the last wait returned
	due       time.Time     // when the timer calls the refresher next
}

func (c *timerCredential) SetToken(tok string) {
	if _, ok := c.heldSince[tok]; !ok && tok != "" {
		c.heldSince[tok] = clock.Now()
	}
	c.token = tok
}

// start builds the credential with track1.Start, as legacyblob does, and
// makes azblob's immediate first call.
func start(t *testing.T, cred *credential) (*timerCredential, *Refresher) {
	t.Helper()
	w, err := credwrapper.New(cred, nil)
	require.NoError(t, err)
	c, r, err := Start(w, scope, false, func(initial string, refresher func(*timerCredential) time.Duration) *timerCredential {
		c := &timerCredential{t: t, cred: cred, heldSince: map[string]time.Time{}, refresher: refresher}
		c.SetToken(initial)
		return c
	})
	require.NoError(t, err)
	t.Cleanup(r.Stop)
	c.call()
	return c, r
}

// call calls the refresher now and checks what the credential holds until
// the next call: none, or a token still usable then, reckoned from when the
// credential got it (not in the last quarter of the lifetime it had left
// then, nor in its last 30 s), and unexpired.
func (c *timerCredential) call() {
	c.t.Helper()
	c.calls++
	c.next = c.refresher(c)
	require.Positive(c.t, c.next, "0 would stop the track-1 timer")
	c.due = clock.Now().Add(c.next)
	if c.token == "" {
		return
	}
	v, ok := c.cred.expires.Load(c.token)
	require.True(c.t, ok, "a token the credential never issued")
	expires, since := v.(time.Time), c.heldSince[c.token]
	usable := expires.Add(-tokentime.ExpiryMargin(expires.Sub(since)))
	require.False(c.t, c.due.After(usable), "%s, held since %v, usable until %v, is held until %v",
		c.token, since.Format(time.StampMilli), usable.Format(time.StampMilli), c.due.Format(time.StampMilli))
	require.True(c.t, c.due.Before(expires), "an expired token is held")
}

// run lets the fake clock run for d, calling the refresher when it asks.
func (c *timerCredential) run(d time.Duration) {
	c.t.Helper()
	end := clock.Now().Add(d)
	for !c.due.After(end) {
		clock.Advance(c.due.Sub(clock.Now()))
		c.call()
	}
	clock.Advance(end.Sub(clock.Now()))
}

// With a real wrapper, the track-1 credential never holds a token that is no
// longer usable, even a short-lived one handed back while the wrapper
// refreshes it, and the refresher does not poll: while a 4-minute token is
// usable it is asked for a few times, not once a second. (The bound holds
// whether the wrapper's background refresh is done by the next call or not;
// TestRefresherCallsPerToken counts the calls exactly.)
func TestRefresherScheduleWithTheWrapper(t *testing.T) {
	// At most: the first call, the call at its refresh time, one every 30 s
	// after that, and the one at its usable end.
	maxCalls := 3 + int(tokentime.DefaultRefreshWindow/tokentime.RefreshBackoff)
	for _, lifetime := range []time.Duration{1600 * time.Millisecond, 4 * time.Second, 4 * time.Minute, time.Hour} {
		t.Run(lifetime.String(), func(t *testing.T) {
			resetClock()
			c, _ := start(t, &credential{lifetime: lifetime})
			c.run(lifetime - tokentime.ExpiryMargin(lifetime))
			assert.LessOrEqual(t, c.calls, maxCalls, "calls while the first %v token is usable", lifetime)
			c.run(10 * lifetime) // call checks every token held
		})
	}
}

// source stands for the wrapper: it hands out one token until asked at or
// after that token's refresh time; that call starts the refresh in the
// background and hands back the old token, and the next call gets the new
// one. When background refreshes fail, the token is handed back until its
// usable end, and a new one is fetched then. The times of a token are
// reckoned from when it was issued.
type source struct {
	lifetime  time.Duration
	refreshes bool  // background refreshes succeed
	err       error // when set, every call fails with it
	calls     int
	issued    int
	cur, next *issued
}

type issued struct {
	tk               azcore.AccessToken
	refreshAt, until time.Time
}

func (s *source) issue() *issued {
	s.issued++
	now := tokentime.Now()
	tk := azcore.AccessToken{Token: fmt.Sprintf("token-%d", s.issued), ExpiresOn: now.Add(s.lifetime)}
	return &issued{tk, tokentime.RefreshTime(tk, now), tokentime.UsableUntil(tk, now)}
}

func (s *source) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	s.calls++
	if s.err != nil {
		return azcore.AccessToken{}, s.err
	}
	now := tokentime.Now()
	if s.next != nil {
		s.cur, s.next = s.next, nil
	}
	if s.cur == nil || !now.Before(s.cur.until) {
		s.cur = s.issue()
	} else if !now.Before(s.cur.refreshAt) && s.refreshes {
		s.next = s.issue()
	}
	return s.cur.tk, nil
}

// newWithSource returns a refresher whose wrapper is src, and its first
// token.
func newWithSource(t *testing.T, src *source) (*Refresher, string) {
	t.Helper()
	r := &Refresher{src: scoped.Func(scope, src.GetToken)}
	initial, err := r.Token(context.Background())
	require.NoError(t, err)
	return r, initial
}

// Whatever the lifetime, the refresher calls twice per token (at its refresh
// time, then for its successor) when the refresh succeeds, and a bounded
// number of times when the background refresh keeps failing while the token
// stays usable; the track-1 credential never holds a token past its usable
// end.
func TestRefresherCallsPerToken(t *testing.T) {
	for _, lifetime := range []time.Duration{
		1600 * time.Millisecond, 4 * time.Second, time.Minute, 4 * time.Minute, time.Hour, 24 * time.Hour,
	} {
		for _, refreshes := range []bool{true, false} {
			t.Run(fmt.Sprintf("%v/refreshes=%v", lifetime, refreshes), func(t *testing.T) {
				resetClock()
				src := &source{lifetime: lifetime, refreshes: refreshes}
				r, initial := newWithSource(t, src)
				held := initial
				heldUntil := tokentime.UsableUntil(src.cur.tk, clock.Now())
				set := func(tok string) {
					if tok != held {
						require.Equal(t, src.cur.tk.Token, tok)
						held, heldUntil = tok, tokentime.UsableUntil(src.cur.tk, clock.Now())
					}
				}
				calls := 0
				for end := clock.Now().Add(20 * lifetime); clock.Now().Before(end); {
					_, next := r.Refresh(set)
					calls++
					require.Positive(t, next)
					require.False(t, clock.Now().Add(next).After(heldUntil), "%s held past its usable end", held)
					clock.Advance(next)
				}
				if refreshes {
					assert.LessOrEqual(t, calls, 2*src.issued, "more than two calls per token")
					if lifetime < time.Hour {
						assert.GreaterOrEqual(t, src.issued, 20, "a token each refresh time")
					}
				} else {
					// the token is asked for at its refresh time, then at most every 30 s
					maxPerToken := 2 + int(tokentime.DefaultRefreshWindow/tokentime.RefreshBackoff)
					assert.LessOrEqual(t, calls, maxPerToken*src.issued, "polled")
				}
				assert.Equal(t, calls+1, src.calls, "one wrapper call per refresher call")
			})
		}
	}
}

// Failures back off (1 s doubling to 30 s, or Entra ID's Retry-After), never
// stop, never set a token, and are reported by Err; a success resets them.
// The token the credential holds is kept while it is usable, and withdrawn
// when it stops being usable.
func TestRefreshBacksOffAndNeverGivesUp(t *testing.T) {
	resetClock()
	src := &source{lifetime: time.Hour, refreshes: true}
	r, first := newWithSource(t, src)
	token := first
	set := func(tok string) { token = tok }
	_, next := r.Refresh(set)
	assert.Equal(t, 55*time.Minute, next, "the refresh time of an hour token")
	clock.Advance(50 * time.Minute)

	src.err = errors.New("entra is down")
	_, next = r.Refresh(set)
	assert.Equal(t, 30*time.Second, next, "a usable token: 30 s")
	assert.Equal(t, first, token, "kept while usable")
	require.ErrorContains(t, r.Err(), "entra is down")
	clock.Advance(9*time.Minute + 20*time.Second)
	_, next = r.Refresh(set)
	assert.Equal(t, 10*time.Second, next, "never past the usable end")
	assert.Equal(t, first, token)
	clock.Advance(next)

	var waits []time.Duration
	for range 8 {
		_, next := r.Refresh(func(tok string) {
			assert.Empty(t, tok, "a failed refresh set a token")
			token = tok
		})
		assert.Empty(t, token, "withdrawn at its usable end")
		waits = append(waits, next)
		clock.Advance(next)
	}
	assert.Equal(t, []time.Duration{4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}, waits)
	require.ErrorContains(t, r.Err(), "entra is down")

	src.err = &azidentity.AuthenticationFailedError{RawResponse: &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"120"}}}}
	_, next = r.Refresh(set)
	assert.Equal(t, 2*time.Minute, next, "Entra ID's Retry-After")

	src.err = nil
	tok, next := r.Refresh(set)
	assert.NotEmpty(t, tok)
	assert.Equal(t, tok, token)
	assert.NotEqual(t, first, tok)
	assert.NoError(t, r.Err())
	assert.Equal(t, 55*time.Minute, next, "back to the token's refresh time")
}

// With the wrapper, a token whose refresh keeps failing is kept until its
// usable end and withdrawn then.
func TestRefreshWithdrawsAtTheUsableEnd(t *testing.T) {
	resetClock()
	cred := &credential{lifetime: time.Hour}
	c, r := start(t, cred)
	first := c.token
	require.NotEmpty(t, first)
	assert.Equal(t, 55*time.Minute, c.next, "the refresh time of an hour token")

	boom := errors.New("entra is down")
	cred.err.Store(&boom)
	c.run(59 * time.Minute)
	assert.Equal(t, first, c.token, "kept while usable")
	c.run(31 * time.Second)
	assert.Empty(t, c.token, "withdrawn at its usable end")
	assert.Error(t, r.Err())
}

func TestStop(t *testing.T) {
	resetClock()
	cred := &credential{lifetime: time.Hour}
	c, r := start(t, cred)
	calls := cred.calls.Load()
	r.Stop()
	tok, next := r.Refresh(func(string) { t.Error("a token set after Stop") })
	assert.Empty(t, tok)
	assert.Zero(t, next, "0 stops the track-1 timer")
	assert.Equal(t, calls, cred.calls.Load())
	assert.NotEmpty(t, c.token)
	_, err := New(nil, "s", false)
	assert.Error(t, err)
}
