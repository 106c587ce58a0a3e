package tokentime

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoffCountsUntilReset(t *testing.T) {
	boom := errors.New("boom")
	var b Backoff
	now := epoch
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		assert.Equal(t, want, b.Fail(boom, now, FailureBackoff), "failure %d", i+1)
		assert.True(t, b.Active(now))
		assert.False(t, b.Active(now.Add(want)))
		now = now.Add(10 * time.Minute) // far apart: still consecutive
	}
	assert.Equal(t, 3, b.N)
	assert.Equal(t, boom, b.Err)
	b.Reset()
	assert.Equal(t, time.Second, b.Fail(boom, now, FailureBackoff), "a success starts again")
}

// FailRecent counts failures less than BackoffMemory apart, whatever came
// between them: only a quiet minute starts it again.
func TestBackoffFailRecent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		gaps  []time.Duration // between failures
		wantN int
	}{
		{"close together", []time.Duration{0, time.Second, 2 * time.Second}, 3},
		{"a quiet minute starts again", []time.Duration{0, time.Second, BackoffMemory}, 1},
		{"just under a minute apart", []time.Duration{0, BackoffMemory - 1, BackoffMemory - 1}, 3},
	} {
		var b Backoff
		now := epoch
		for _, g := range tc.gaps {
			now = now.Add(g)
			b.FailRecent(nil, now, FailureBackoff)
		}
		assert.Equal(t, tc.wantN, b.N, tc.name)
	}
}

// One key's failures never delay another's, and the set stays bounded
// whatever keys fail.
func TestBackoffsKeyed(t *testing.T) {
	var s Backoffs[string]
	now := epoch
	s.Fail("a", nil, now, FailureBackoff)
	s.Fail("a", nil, now, FailureBackoff)
	assert.True(t, s.Active("a", now.Add(time.Second)))
	assert.False(t, s.Active("b", now), "another key is not delayed")
	assert.Nil(t, s.Get("b"))
	assert.Equal(t, 2, s.Get("a").N)
	for i := range 10 * maxKeys {
		s.Fail(strconv.Itoa(i), nil, now, FailureBackoff)
		require.LessOrEqual(t, s.Len(), maxKeys)
	}
	// keys whose back-off is over and forgotten go first
	var f Backoffs[int]
	for i := range maxKeys {
		f.Fail(i, nil, now, FailureBackoff)
	}
	later := now.Add(BackoffMemory)
	f.Fail(-1, nil, later, FailureBackoff)
	assert.Equal(t, 1, f.Len())
}

// A window allows limit attempts in any minute, never more.
func TestWindow(t *testing.T) {
	w := NewWindow(3)
	now := epoch
	for i := range 3 {
		ok, _ := w.Allow(now.Add(time.Duration(i) * time.Second))
		require.True(t, ok, "attempt %d", i)
		w.Take(now.Add(time.Duration(i) * time.Second))
	}
	ok, until := w.Allow(now.Add(30 * time.Second))
	assert.False(t, ok)
	assert.Equal(t, now.Add(time.Minute), until, "when the oldest is a minute old")
	assert.False(t, w.Idle(now.Add(59*time.Second)))
	ok, _ = w.Allow(now.Add(time.Minute))
	assert.True(t, ok)
	assert.True(t, w.Idle(now.Add(2*time.Minute+time.Second)))
	var zero Window
	ok, _ = zero.Allow(now)
	assert.False(t, ok, "the zero window allows nothing")

	// over any schedule of attempts, no minute holds more than the limit
	w = NewWindow(MaxProbesPerHostPerMinute)
	var taken []time.Time
	for i := range 2000 {
		at := epoch.Add(time.Duration(i) * 150 * time.Millisecond)
		if ok, _ := w.Allow(at); ok {
			w.Take(at)
			taken = append(taken, at)
		}
	}
	for i := range taken {
		n := 0
		for _, t2 := range taken[i:] {
			if t2.Sub(taken[i]) < time.Minute {
				n++
			}
		}
		require.LessOrEqual(t, n, MaxProbesPerHostPerMinute)
	}
}
