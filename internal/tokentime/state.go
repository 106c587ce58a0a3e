package tokentime

import "time"

// The bounds that hold whatever a server answers, and the state that
// enforces them: the back-off of one kind of failure ([Backoff]), a set of
// them keyed by what failed ([Backoffs]), and a sliding count of attempts
// ([Window]). The wrapper's token cache, its challenge authorizer and the
// track-1 refresher keep their back-off state in these types; the policy
// (how long each wait is) is the functions of backoff.go.

const (
	// MaxCredentialCallsPerEntryPerMinute bounds the credential calls (token
	// requests to Entra ID) of one cache entry (one scope set, tenant and
	// CAE setting) in any 60 s, whatever the services answer: a host that
	// names a new claims value in every challenge, or refuses every token,
	// cannot push more through. Past it, callers with a usable token keep
	// it and others fail fast until the oldest call of the last 60 s is a
	// minute old.
	MaxCredentialCallsPerEntryPerMinute = 30
	// MaxProbesPerHostPerMinute bounds the unauthenticated probes a
	// challenge authorizer sends to one host in any 60 s, whatever the host
	// answers. Past it, requests to the host fail fast.
	MaxProbesPerHostPerMinute = 8
	// BackoffMemory is how long a [Backoff] remembers its count after its
	// last failure: a failure less than a minute after the previous one
	// doubles the wait, whatever answers came between them, so that
	// alternating answers cannot reset it.
	BackoffMemory = time.Minute
	// ClaimsAnswerStands is how long a token fetched for a claims challenge
	// answers a new client's GetToken with the same claims. A new client
	// does not say which token was refused: within this time the challenge
	// is taken for one more request that heard the same revocation (and
	// shares the one fetch), after it for a refusal of the answer itself,
	// which gets a new fetch.
	ClaimsAnswerStands = 10 * time.Second
)

// Backoff is the state of consecutive failures of one kind: how many, the
// last cause, and when the next attempt may be made. The zero value has no
// failure. It is not safe for concurrent use: its owner guards it.
//
// Failures count until Reset (a success of that kind) when the owner sees
// its successes: the refresh of a token. When it does not (whether a host
// accepted a token, or a service the answer to its claims), FailRecent
// counts them: failures less than BackoffMemory apart, whatever answers came
// between them.
type Backoff struct {
	N     int       // failures counted
	Err   error     // the cause of the last one
	Until time.Time // no attempt before this
	last  time.Time // when the last failure was counted
}

// Fail counts a failure caused by err at now and returns the wait the
// policy delay gives for it (delay is called with the new count).
func (b *Backoff) Fail(err error, now time.Time, delay func(n int) time.Duration) time.Duration {
	b.N++
	b.Err, b.last = err, now
	d := delay(b.N)
	b.Until = now.Add(d)
	return d
}

// FailRecent is Fail, except that a failure BackoffMemory or more after the
// previous one starts the count again.
func (b *Backoff) FailRecent(err error, now time.Time, delay func(n int) time.Duration) time.Duration {
	if b.N > 0 && now.Sub(b.last) >= BackoffMemory {
		b.N = 0
	}
	return b.Fail(err, now, delay)
}

// Active reports whether an attempt must wait at now.
func (b *Backoff) Active(now time.Time) bool { return now.Before(b.Until) }

// Forgotten reports whether, at now, the back-off is over and its count
// forgotten: its state may be dropped.
func (b *Backoff) Forgotten(now time.Time) bool {
	return !b.Active(now) && (b.N == 0 || now.Sub(b.last) >= BackoffMemory)
}

// Reset forgets every failure: a success of this kind.
func (b *Backoff) Reset() { *b = Backoff{} }

// maxKeys bounds a Backoffs. Past it, the keys whose back-off is over and
// forgotten go first, then any.
const maxKeys = 64

// Backoffs holds one [Backoff] per key (a host, a host and a claims value):
// a failure of one key never delays another. The zero value is empty. It
// is not safe for concurrent use: its owner guards it.
type Backoffs[K comparable] struct {
	m map[K]*Backoff
}

// Get returns the back-off of k, or nil when k has none.
func (s *Backoffs[K]) Get(k K) *Backoff { return s.m[k] }

// Fail counts a failure of k, as [Backoff.FailRecent] does, and returns its
// back-off.
func (s *Backoffs[K]) Fail(k K, err error, now time.Time, delay func(n int) time.Duration) *Backoff {
	b := s.m[k]
	if b == nil {
		if s.m == nil {
			s.m = map[K]*Backoff{}
		}
		if len(s.m) >= maxKeys {
			s.prune(now)
		}
		b = &Backoff{}
		s.m[k] = b
	}
	b.FailRecent(err, now, delay)
	return b
}

// Active reports whether an attempt for k must wait at now.
func (s *Backoffs[K]) Active(k K, now time.Time) bool {
	b := s.m[k]
	return b != nil && b.Active(now)
}

// Len returns the number of keys held.
func (s *Backoffs[K]) Len() int { return len(s.m) }

// prune forgets the keys whose back-off is over and whose count is
// forgotten; if none is, one key at random.
func (s *Backoffs[K]) prune(now time.Time) {
	for k, b := range s.m {
		if b.Forgotten(now) {
			delete(s.m, k)
		}
	}
	for k := range s.m {
		if len(s.m) < maxKeys {
			return
		}
		delete(s.m, k)
	}
}

// Window counts the attempts of the last minute, up to a limit: it holds
// the times of the last limit attempts. The zero value allows nothing; make
// one with [NewWindow]. It is not safe for concurrent use: its owner
// guards it.
type Window struct {
	at   []time.Time // a ring of the last len(at) attempts; zero: none
	next int         // the oldest, the next to replace
}

// NewWindow returns a window of limit attempts per minute.
func NewWindow(limit int) Window { return Window{at: make([]time.Time, limit)} }

// Allow reports whether an attempt at now stays within the limit, and if
// not, when one will.
func (w *Window) Allow(now time.Time) (bool, time.Time) {
	if len(w.at) == 0 {
		return false, time.Time{}
	}
	oldest := w.at[w.next]
	if oldest.IsZero() || now.Sub(oldest) >= time.Minute {
		return true, time.Time{}
	}
	return false, oldest.Add(time.Minute)
}

// Take records an attempt at now. Call it only after Allow said yes.
func (w *Window) Take(now time.Time) {
	if len(w.at) == 0 {
		return
	}
	w.at[w.next] = now
	w.next = (w.next + 1) % len(w.at)
}

// Idle reports whether the window holds no attempt of the last minute.
func (w *Window) Idle(now time.Time) bool {
	for _, t := range w.at {
		if !t.IsZero() && now.Sub(t) < time.Minute {
			return false
		}
	}
	return true
}
