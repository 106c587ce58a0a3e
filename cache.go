package credwrapper

import (
	"container/list"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"weak"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

// maxRecent bounds the cache entries the cache itself keeps alive: those
// created by GetToken calls for other scopes or tenants than a wrapper's own.
// A codebase talks to a handful of audiences (Resource Manager, Key Vault,
// Storage, Graph...) in a handful of tenants, each with and without CAE: a few
// dozen entries. 256 leaves room for that many times over. Past it, the least
// recently looked-up entry is let go; the next request for its key fetches a
// new token.
const maxRecent = 256

// cacheKey identifies the requests that may share a token. Claims are not part
// of it: a token fetched for a claims challenge replaces the cached one for the
// same key.
type cacheKey struct {
	scopes string // scopes joined by a space, in the order given
	tenant string
	cae    bool
}

func keyOf(scopes []string, tenant string, cae bool) cacheKey {
	return cacheKey{scopes: strings.Join(scopes, " "), tenant: tenant, cae: cae}
}

// tokenCache holds one entry per cacheKey. It is shared by a wrapper and every
// wrapper derived from it with WithScopes.
//
// An entry lives as long as something holds it: the wrappers hold their own
// (and those ScopeFromHost selects), a ChallengeAuthorizer those it learned,
// and the cache the maxRecent entries most recently looked up for GetToken. The
// cache maps keys to entries weakly, so that an entry nothing holds (that of a
// derived wrapper that was garbage-collected, say) goes with its token, and
// every holder of a key shares one entry.
type tokenCache struct {
	cred   azcore.TokenCredential
	logger *slog.Logger // Options.Logger, or nil

	mu      sync.Mutex // guards entries and recent
	entries map[cacheKey]*slot
	recent  list.List // of *slot, the most recently looked up first, at most maxRecent
}

// slot is the cache's hold on the entry of one key.
type slot struct {
	entry weak.Pointer[entry]
	elem  *list.Element // its place in recent (holding the entry), or nil
}

func newTokenCache(cred azcore.TokenCredential, logger *slog.Logger) *tokenCache {
	return &tokenCache{cred: cred, logger: logger, entries: make(map[cacheKey]*slot)}
}

// entry returns the entry for the given request, creating it on first use.
// The caller holds the entry for as long as it needs it; keep asks the cache
// to hold it too, among the maxRecent most recently looked up. Wrappers look
// their entries up once, at construction, so the hot path never touches the
// map.
func (c *tokenCache) entry(scopes []string, tenant string, cae, keep bool) *entry {
	k := keyOf(scopes, tenant, cae)
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.entries[k]
	var e *entry
	if s != nil {
		e = s.entry.Value()
	}
	if e == nil {
		e = &entry{cache: c, scopes: append([]string(nil), scopes...), tenant: tenant, cae: cae,
			calls: tokentime.NewWindow(tokentime.MaxCredentialCallsPerEntryPerMinute)}
		s = &slot{entry: weak.Make(e)}
		c.entries[k] = s
		runtime.AddCleanup(e, dropSlot, slotRef{cache: weak.Make(c), key: k})
	}
	if keep {
		if s.elem != nil {
			c.recent.MoveToFront(s.elem)
		} else {
			s.elem = c.recent.PushFront(e)
			for c.recent.Len() > maxRecent {
				old := c.recent.Remove(c.recent.Back()).(*entry)
				c.entries[keyOf(old.scopes, old.tenant, old.cae)].elem = nil
			}
		}
	}
	return e
}

// slotRef names the slot of an entry for the entry's cleanup, without
// holding the entry or the cache.
type slotRef struct {
	cache weak.Pointer[tokenCache]
	key   cacheKey
}

// dropSlot forgets the slot of an entry nothing holds anymore, unless a new
// entry took its key meanwhile.
func dropSlot(r slotRef) {
	c := r.cache.Value()
	if c == nil {
		return
	}
	c.mu.Lock()
	if s := c.entries[r.key]; s != nil && s.entry.Value() == nil {
		delete(c.entries, r.key)
	}
	c.mu.Unlock()
}

// live returns the number of entries still held by something (test use).
func (c *tokenCache) live() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.entries {
		if s.entry.Value() != nil {
			n++
		}
	}
	return n
}

// size returns the number of keys in the map (test use).
func (c *tokenCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
