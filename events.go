package credwrapper

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// The token lifecycle, as structured events for Options.Logger. Every event
// is emitted on a state transition (a fetch settled, a 401 answered, a
// challenge learned or refused), after the entry's lock is released, never
// on the request path of a cached token. Events carry scopes, tenants, hosts
// (never a URL: a query may hold a SAS signature), times and error messages,
// which never hold a token; never a token, claims or secret.
const (
	// MsgTokenAcquired: a fetch succeeded. Attributes: scopes, tenant, cae,
	// claims (whether it answered a claims challenge), expires_on,
	// refresh_at, duration.
	MsgTokenAcquired = "credwrapper: token acquired"
	// MsgRefreshFailed (warning): a fetch failed, or handed back the token
	// already cached, and the entry entered a back-off. Attributes: scopes,
	// tenant, cae, error, failures (consecutive), retry_at, usable (whether
	// a token is still being sent meanwhile), claims (whether the fetch
	// answered a claims challenge: then only challenged requests back off).
	MsgRefreshFailed = "credwrapper: token refresh failed, backing off"
	// MsgBackoffLeft: a fetch succeeded after failures. Attributes: scopes,
	// tenant, cae, failures (how many there were).
	MsgBackoffLeft = "credwrapper: back-off left"
	// MsgTokenExpired: a service answered a request carrying the cached
	// token with a 401, and the token was dropped. Attributes: scopes,
	// tenant, cae, host.
	MsgTokenExpired = "credwrapper: token expired by a 401"
	// MsgClaimsAnswered: a CAE claims challenge was answered with a token
	// satisfying the claims and the request resent. Attributes: scopes,
	// tenant, cae, host, status (of the resent request; 0 on a transport
	// error).
	MsgClaimsAnswered = "credwrapper: claims challenge answered"
	// MsgChallengeLearned: a ChallengeAuthorizer learned a host's scope and
	// tenant from its challenge. Attributes: host, scopes, tenant, cae.
	MsgChallengeLearned = "credwrapper: challenge learned"
	// MsgChallengeRefused (warning): a ChallengeAuthorizer refused a host's
	// challenge (a scope outside the host's domain, no Bearer challenge...).
	// Attributes: host, error.
	MsgChallengeRefused = "credwrapper: challenge refused"
	// MsgHostRefusedToken (warning): a host refused the token its own
	// challenge named; what was learned is forgotten. Attributes: scopes,
	// tenant, cae, host, refusals (consecutive), relearn_at.
	MsgHostRefusedToken = "credwrapper: host refused the learned token"
)

// event is one lifecycle event, built under a lock and emitted after it.
type event struct {
	level slog.Level
	msg   string // "" means none
	attrs []slog.Attr
	also  *event // a second record of the same transition
}

// emit logs ev, if any, on the entry's logger.
func (e *entry) emit(ev *event) {
	for ; e != nil && e.cache.logger != nil && ev != nil && ev.msg != ""; ev = ev.also {
		e.cache.logger.LogAttrs(context.Background(), ev.level, ev.msg, ev.attrs...)
	}
}

// newEvent returns an event with the entry's attributes, or none without a
// logger (so that nothing is built for nobody).
func (e *entry) newEvent(level slog.Level, msg string, attrs ...slog.Attr) event {
	if e.cache.logger == nil {
		return event{}
	}
	return event{level: level, msg: msg, attrs: append([]slog.Attr{
		slog.Any("scopes", e.scopes), slog.String("tenant", e.tenant), slog.Bool("cae", e.cae),
	}, attrs...)}
}

func (e *entry) acquired(t *cachedToken, took time.Duration, claims bool, failures int) event {
	ev := e.newEvent(slog.LevelInfo, MsgTokenAcquired,
		slog.Bool("claims", claims), slog.Time("expires_on", t.token.ExpiresOn),
		slog.Time("refresh_at", t.refreshAt), slog.Duration("duration", took))
	if failures > 0 && ev.msg != "" {
		left := e.newEvent(slog.LevelInfo, MsgBackoffLeft, slog.Int("failures", failures))
		ev.also = &left
	}
	return ev
}

func (e *entry) refreshFailed(cause error, failures int, retryAt time.Time, usable, claims bool) event {
	return e.newEvent(slog.LevelWarn, MsgRefreshFailed,
		slog.String("error", errorText(cause)), slog.Int("failures", failures),
		slog.Time("retry_at", retryAt), slog.Bool("usable", usable), slog.Bool("claims", claims))
}

func (e *entry) expired(host string) event {
	return e.newEvent(slog.LevelInfo, MsgTokenExpired, slog.String("host", host))
}

func (e *entry) claimsAnswered(host string, resp *http.Response) event {
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	return e.newEvent(slog.LevelInfo, MsgClaimsAnswered, slog.String("host", host), slog.Int("status", status))
}

func (e *entry) hostRefused(host string, n int, relearnAt time.Time) event {
	return e.newEvent(slog.LevelWarn, MsgHostRefusedToken, slog.String("host", host),
		slog.Int("refusals", n), slog.Time("relearn_at", relearnAt))
}

// logProbe reports what a probe of host learned (e) or why it failed (err).
// Transient probe failures (go-autorest retries them) are not events.
func (a *ChallengeAuthorizer) logProbe(host string, e *entry, err error) {
	logger := a.w.cache.logger
	if logger == nil {
		return
	}
	var ce *ChallengeError
	switch {
	case err == nil:
		ev := e.newEvent(slog.LevelInfo, MsgChallengeLearned, slog.String("host", host))
		e.emit(&ev)
	case errors.As(err, &ce):
		logger.LogAttrs(context.Background(), slog.LevelWarn, MsgChallengeRefused,
			slog.String("host", host), slog.String("error", errorText(err)))
	}
}

// errorText is an error's message for an event ("" for nil).
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
