package credwrapper

import (
	"context"
	"fmt"
)

// A flight is one call whose result is shared by every goroutine that needs
// it while it runs: one goroutine runs it, the others wait. The token cache
// (one flight per entry: a GetToken) and ChallengeAuthorizer (one per host: a
// probe) both use it, so both behave the same way:
//
//   - a waiter waits no longer than its own context allows;
//   - when the goroutine running the call gives up (its context ended before
//     the call succeeded), the flight is abandoned: waiters whose contexts are
//     still live start, or join, another flight instead of inheriting that
//     cancellation;
//   - a panic in the call releases the waiters with a *panicError, then
//     continues on the goroutine that ran it.
//
// The owner holds its flights under its own lock and clears them in settle,
// which run calls before releasing the waiters.
type flight[T any] struct {
	done chan struct{} // closed when the fields below are set
	val  T
	err  error
	// abandoned reports that err came from the end of the runner's context.
	abandoned bool
}

func newFlight[T any]() *flight[T] {
	return &flight[T]{done: make(chan struct{})}
}

// run calls fn with ctx, records its result in f, calls settle(f) and then
// releases the waiters. If fn panics, f.err is a *panicError naming the
// panic, settle and the release happen all the same, and the panic continues.
func (f *flight[T]) run(ctx context.Context, fn func(context.Context) (T, error), settle func(*flight[T])) {
	returned := false
	defer func() {
		if returned {
			return
		}
		// fn panicked, or called runtime.Goexit (then recover returns nil
		// and the Goexit goes on by itself).
		v := recover()
		f.err = &panicError{value: v}
		settle(f)
		close(f.done)
		if v != nil {
			panic(v)
		}
	}()
	f.val, f.err = fn(ctx)
	returned = true
	f.abandoned = f.err != nil && ctx.Err() != nil
	settle(f)
	close(f.done)
}

// wait waits for f to complete or ctx to end. retry reports that f was
// abandoned while ctx is still live: the caller should try again. When ctx
// ends first, err is ctx's error.
func (f *flight[T]) wait(ctx context.Context) (val T, retry bool, err error) {
	select {
	case <-f.done:
		if f.abandoned && ctx.Err() == nil {
			return val, true, nil
		}
		return f.val, false, f.err
	case <-ctx.Done():
		return val, false, ctx.Err()
	}
}

// panicError is the error of a flight whose call panicked.
type panicError struct{ value any }

func (e *panicError) Error() string {
	if e.value == nil {
		return "the call exited its goroutine (runtime.Goexit) before returning"
	}
	return fmt.Sprintf("the call panicked: %v", e.value)
}
