package tokentime

import "time"

// The schedule of a refresher that calls on a timer of its own (azblob's and
// azqueue's TokenCredential): it hands the token it gets to a client that
// keeps sending it until the next call, so the next call must come before
// that token stops being usable, and it must not poll.

// NextCall is how long such a refresher waits before its next call after it
// got a token that is refreshed at refreshAt and stops being usable at
// usableUntil (RefreshTime and UsableUntil at the time it first got that
// token): until refreshAt; once refreshAt has passed (the token was handed
// back while its refresh runs, or after that refresh failed) RefreshBackoff,
// the wait of a failed refresh with a usable token. Never past usableUntil,
// so the client never holds a token that is no longer usable. It is 0 when the
// token is no longer usable at now: such a token must not be handed out.
//
// A token is thus asked for at its refresh time and then at most once every
// 30 s until its usable end, however long it lives: usually the second call
// already gets its successor, and the later ones happen only while the
// wrapper's refresh of it fails.
func NextCall(refreshAt, usableUntil, now time.Time) time.Duration {
	if !now.Before(usableUntil) {
		return 0
	}
	if now.Before(refreshAt) {
		return refreshAt.Sub(now)
	}
	return min(RefreshBackoff, usableUntil.Sub(now))
}

// RetryCall is how long such a refresher waits after its n-th consecutive
// failure (n >= 1) ending with err, while the client holds a token usable
// until usable (zero, or not after now: none): RetryDelay, but never past
// usable, so that the token is withdrawn before it stops being usable when
// the failures go on.
func RetryCall(n int, err error, now, usable time.Time) time.Duration {
	d := RetryDelay(n, err, now, usable)
	if usable.After(now) {
		d = min(d, usable.Sub(now))
	}
	return d
}
