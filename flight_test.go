package credwrapper

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The behaviour the token cache and ChallengeAuthorizer share, tested once.
// Each case runs a flight whose call blocks until released, with waiters
// whose contexts the case controls.
func TestFlight(t *testing.T) {
	type outcome struct {
		val   int
		retry bool
		err   error
	}
	// start runs a flight on its own goroutine with runCtx; fn runs once
	// release is closed. It returns the flight, and the value the runner's
	// goroutine recovered (if fn panicked).
	start := func(runCtx context.Context, fn func(context.Context) (int, error)) (*flight[int], chan struct{}, chan any, *int) {
		release := make(chan struct{})
		recovered := make(chan any, 1)
		settled := new(int)
		f := newFlight(func(ctx context.Context) (int, error) {
			<-release
			return fn(ctx)
		}, func(*flight[int]) { *settled++ })
		go func() {
			defer func() { recovered <- recover() }()
			f.run(runCtx)
		}()
		return f, release, recovered, settled
	}
	wait := func(ctx context.Context, f *flight[int]) chan outcome {
		c := make(chan outcome, 1)
		go func() {
			v, retry, err := f.wait(ctx)
			c <- outcome{v, retry, err}
		}()
		return c
	}

	t.Run("waiters share the result", func(t *testing.T) {
		f, release, recovered, settled := start(context.Background(), func(context.Context) (int, error) { return 42, nil })
		a, b := wait(context.Background(), f), wait(context.Background(), f)
		close(release)
		assert.Equal(t, outcome{val: 42}, <-a)
		assert.Equal(t, outcome{val: 42}, <-b)
		assert.Nil(t, <-recovered)
		assert.Equal(t, 1, *settled)
	})
	t.Run("a waiter returns when its own context ends", func(t *testing.T) {
		f, release, recovered, _ := start(context.Background(), func(context.Context) (int, error) { return 1, nil })
		ctx, cancel := context.WithCancel(context.Background())
		w := wait(ctx, f)
		cancel()
		assert.Equal(t, outcome{err: context.Canceled}, <-w, "the call is still running")
		close(release)
		<-recovered
	})
	t.Run("the runner gives up: live waiters retry, others get their own error", func(t *testing.T) {
		runCtx, cancelRun := context.WithCancel(context.Background())
		f, release, recovered, _ := start(runCtx, func(ctx context.Context) (int, error) { return 0, ctx.Err() })
		live := wait(context.Background(), f)
		doneCtx, cancelDone := context.WithCancel(context.Background())
		cancelDone()
		cancelRun()
		close(release)
		assert.Equal(t, outcome{retry: true}, <-live, "not the runner's cancellation")
		<-recovered
		_, retry, err := f.wait(doneCtx)
		assert.False(t, retry)
		assert.Error(t, err)
		assert.True(t, f.abandoned)
	})
	t.Run("a failure that is not the runner's context is shared", func(t *testing.T) {
		boom := errors.New("boom")
		f, release, recovered, _ := start(context.Background(), func(context.Context) (int, error) { return 0, boom })
		w := wait(context.Background(), f)
		close(release)
		assert.Equal(t, outcome{err: boom}, <-w)
		<-recovered
		assert.False(t, f.abandoned)
	})
	t.Run("a panic releases the waiters and continues on the runner", func(t *testing.T) {
		f, release, recovered, settled := start(context.Background(), func(context.Context) (int, error) { panic("kaboom") })
		w := wait(context.Background(), f)
		close(release)
		o := <-w
		var pe *panicError
		require.ErrorAs(t, o.err, &pe)
		assert.Contains(t, o.err.Error(), "kaboom")
		assert.False(t, o.retry)
		assert.Equal(t, "kaboom", <-recovered, "the same panic value reaches the runner's caller")
		assert.Equal(t, 1, *settled, "settled before the panic went on")
	})
	t.Run("runtime.Goexit releases the waiters", func(t *testing.T) {
		f, release, recovered, _ := start(context.Background(), func(context.Context) (int, error) {
			runtime.Goexit()
			return 0, nil
		})
		w := wait(context.Background(), f)
		close(release)
		o := <-w
		require.ErrorContains(t, o.err, "Goexit")
		// the runner's goroutine exited without panicking: its deferred
		// recover ran and found nothing
		assert.Nil(t, <-recovered)
	})
}
