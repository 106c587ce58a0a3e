package credwrapper

import (
	"context"
	"fmt"
)

// A flight is one call whose result is shared by every goroutine that needs
// it while it runs: one goroutine runs it, the others wait. The token cache
// (one flight per entry: a GetToken) and ChallengeAuthorizer (one per host: a
// probe) both run their callers through [join], so both behave the same way:
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
	call   func(context.Context) (T, error)
	settle func(*flight[T]) // records the outcome with the owner; called before done closes

	done chan struct{} // closed when the fields below are set
	val  T
	err  error
	// abandoned reports that err came from the end of the runner's context.
	abandoned bool
}

func newFlight[T any](call func(context.Context) (T, error), settle func(*flight[T])) *flight[T] {
	return &flight[T]{call: call, settle: settle, done: make(chan struct{})}
}

// step is an owner's decision for one caller, taken under the owner's lock:
// run a new flight, wait for one, or answer at once.
type step[T any] struct {
	f     *flight[T] // nil: val and err are the answer
	run   bool       // the caller started f and runs it
	again bool       // after waiting for f, decide again instead of sharing its result
	val   T
	err   error
}

// join is the one loop of every owner of flights. It asks decide what to do
// for the caller, then runs the flight decide started, or waits for the one
// in flight (no longer than ctx allows), and shares its result. It decides
// again when the flight was abandoned while ctx is live, or when decide asked
// to (a caller that must not share that flight's result). When ctx ends
// before the caller has a result, ctxErr turns ctx's error into the owner's.
func join[T any](ctx context.Context, decide func() step[T], ctxErr func(error) error) (T, error) {
	var zero T
	for {
		s := decide()
		if s.f == nil {
			return s.val, s.err
		}
		if s.run {
			s.f.run(ctx)
			return s.f.val, s.f.err
		}
		testHookWaiting()
		v, retry, err := s.f.wait(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return zero, ctxErr(ctx.Err())
		case retry || s.again:
			continue
		}
		return v, err
	}
}

// run calls the flight's call with ctx, records its result, calls settle and
// then releases the waiters. If the call panics, err is a *panicError naming
// the panic, settle and the release happen all the same, and the panic
// continues.
func (f *flight[T]) run(ctx context.Context) {
	returned := false
	defer func() {
		if returned {
			return
		}
		// The call panicked, or called runtime.Goexit (then recover returns
		// nil and the Goexit goes on by itself).
		v := recover()
		f.err = &panicError{value: v}
		f.settle(f)
		close(f.done)
		if v != nil {
			panic(v)
		}
	}()
	f.val, f.err = f.call(ctx)
	returned = true
	f.abandoned = f.err != nil && ctx.Err() != nil
	f.settle(f)
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
