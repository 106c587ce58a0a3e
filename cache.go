package credwrapper

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

// maxEntries bounds the cache entries a wrapper (with the wrappers WithScopes
// derives from it) holds besides its own: those created by GetToken calls for
// other scopes or tenants, and by ChallengeAuthorizer for what challenges
// name. A codebase talks to a handful of audiences (Resource Manager, Key
// Vault, Storage, Graph...) in a handful of tenants, each with and without
// CAE: a few dozen entries. 256 leaves room for that many times over, and
// bounds what a host naming a new tenant in every challenge can make the cache
// hold (about 2 KB an entry). Past it, the least recently looked-up entry is
// dropped; the next request for its key fetches a new token.
const maxEntries = 256

// cacheKey identifies the requests that may share a token. Claims are not part
// of it: a request with claims is never served from the cache, and the token it
// obtains replaces the cached one for the same key.
type cacheKey struct {
	scopes string // scopes joined by a space, in the order given
	tenant string
	cae    bool
}

// tokenCache holds one entry per cacheKey. It is shared by a wrapper and every
// wrapper derived from it with WithScopes.
//
// Pinned entries (a wrapper's own, and those ScopeFromHost selects from its
// fixed list of services) are held by the wrappers and never dropped. Others
// are kept in least-recently-used order and dropped beyond maxEntries; a
// dropped entry is marked evicted, so that a holder looks its key up again.
type tokenCache struct {
	cred   azcore.TokenCredential
	logger *slog.Logger // Options.Logger, or nil

	mu      sync.Mutex // guards entries, lru and each entry's elem
	entries map[cacheKey]*entry
	lru     list.List // unpinned entries, the most recently looked up first
}

func newTokenCache(cred azcore.TokenCredential, logger *slog.Logger) *tokenCache {
	return &tokenCache{cred: cred, logger: logger, entries: make(map[cacheKey]*entry)}
}

// entry returns the entry for the given request, creating it on first use;
// pin keeps it for good. Wrappers look their entries up once, at
// construction, so the hot path never touches the map.
func (c *tokenCache) entry(scopes []string, tenant string, cae, pin bool) *entry {
	k := cacheKey{scopes: strings.Join(scopes, " "), tenant: tenant, cae: cae}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	switch {
	case !ok:
		e = &entry{cred: c.cred, logger: c.logger, key: k, scopes: append([]string(nil), scopes...), tenant: tenant, cae: cae}
		c.entries[k] = e
		if !pin {
			e.elem = c.lru.PushFront(e)
			c.evict()
		}
	case e.elem != nil && pin:
		c.lru.Remove(e.elem)
		e.elem = nil
	case e.elem != nil:
		c.lru.MoveToFront(e.elem)
	}
	return e
}

// evict drops the least recently used entries beyond maxEntries. c.mu must
// be held.
func (c *tokenCache) evict() {
	for c.lru.Len() > maxEntries {
		old := c.lru.Remove(c.lru.Back()).(*entry)
		old.elem = nil
		old.evicted.Store(true)
		delete(c.entries, old.key)
	}
}

// refreshed returns e, or the cache's current entry for e's key when e was
// evicted.
func (c *tokenCache) refreshed(e *entry) *entry {
	if !e.evicted.Load() {
		return e
	}
	return c.entry(e.scopes, e.tenant, e.cae, false)
}

// cachedToken is an immutable snapshot of a token. It is replaced, never
// changed, so readers need no lock.
type cachedToken struct {
	token       azcore.AccessToken
	header      string    // "Bearer " + token.Token, built once
	refreshAt   time.Time // when to start fetching the next token; never after usableUntil
	usableUntil time.Time // when to stop sending it (see tokentime.ExpiryMargin)
}

// String keeps the token out of any accidental formatting.
func (t cachedToken) String() string {
	return "credwrapper.cachedToken{ExpiresOn:" + t.token.ExpiresOn.String() + " Token:REDACTED}"
}

// GoString keeps the token out of %#v.
func (t cachedToken) GoString() string { return t.String() }

func newCachedToken(tk azcore.AccessToken, now time.Time) *cachedToken {
	return &cachedToken{
		token:       tk,
		header:      "Bearer " + tk.Token,
		refreshAt:   tokentime.RefreshTime(tk, now),
		usableUntil: tokentime.UsableUntil(tk, now),
	}
}

// usable reports whether the token may still be sent at now.
func (t *cachedToken) usable(now time.Time) bool {
	return t != nil && now.Before(t.usableUntil)
}

// backoffError is the error of a caller that failed fast: the last failure,
// and when the next attempt will be made.
type backoffError struct {
	err   error
	until time.Time
}

func (e *backoffError) Error() string {
	return e.err.Error() + " (failing fast after this failure; the next attempt is made after " + e.until.UTC().Format(time.RFC3339) + ")"
}

func (e *backoffError) Unwrap() error { return e.err }

// fetch calls the credential and checks what it returned.
func (e *entry) fetch(ctx context.Context, claims string) (*cachedToken, error) {
	tk, err := e.cred.GetToken(ctx, e.options(claims))
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// Keep errors.Is(err, context.DeadlineExceeded) working even when
			// the credential reports the cancellation as a string.
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return nil, e.tokenError(err)
	}
	now := timeNow()
	if tk.Token == "" {
		return nil, e.tokenError(errEmptyToken)
	}
	if tk.ExpiresOn.IsZero() {
		return nil, e.tokenError(errNoExpiry)
	}
	if !now.Before(tk.ExpiresOn) {
		return nil, e.tokenError(errExpiredToken)
	}
	return newCachedToken(tk, now), nil
}

func (e *entry) tokenError(err error) *TokenError {
	return &TokenError{Scopes: e.scopes, TenantID: e.tenant, Err: err}
}

func (e *entry) options(claims string) policy.TokenRequestOptions {
	return policy.TokenRequestOptions{
		Scopes:    append([]string(nil), e.scopes...),
		TenantID:  e.tenant,
		EnableCAE: e.cae,
		Claims:    claims,
	}
}
