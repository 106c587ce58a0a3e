package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/azcompat/credwrapper/internal/tokentime"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Memory and credential calls stay bounded whatever scopes, tenants and hosts
// requests and challenges name.

func TestCacheEntriesBounded(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	ctx := context.Background()
	getFor := func(tenant string) {
		_, err := w.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}, TenantID: tenant})
		require.NoError(t, err)
	}
	const tenants = 4 * maxRecent
	for i := range tenants {
		getFor("tenant-" + strconv.Itoa(i))
	}
	authorize(t, w)
	runtime.GC()
	assert.Equal(t, maxRecent+1, w.cache.live(), "the most recently used entries and the wrapper's own")
	assert.EqualValues(t, tenants+1, cred.calls.Load())

	// the most recent entries are kept, the oldest were let go
	getFor("tenant-" + strconv.Itoa(tenants-1))
	assert.EqualValues(t, tenants+1, cred.calls.Load(), "recent entry kept")
	getFor("tenant-0")
	assert.EqualValues(t, tenants+2, cred.calls.Load(), "an entry let go is fetched again")
	// the wrapper holds its own entry
	assert.Equal(t, "Bearer token-"+strconv.Itoa(tenants+1), authorize(t, w))
}

func TestScopeFromHostBounded(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, &Options{ScopeFromHost: true})
	require.NoError(t, err)
	for i := range maxHosts + 500 {
		r := newRequest(t, "https://account"+strconv.Itoa(i)+".blob.core.windows.net/c/b")
		_, err := autorest.Prepare(r, w.WithAuthorization())
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, w.hostEntries.len(), maxHosts)
	assert.Positive(t, w.hostEntries.len())
	assert.EqualValues(t, 1, cred.calls.Load(), "one Storage token for every account")
}

// hostileVault is a host that answers every authenticated request with 401
// and every probe with a challenge naming a new tenant (its own resource, so
// the domain rule lets it through).
type hostileVault struct {
	probes, authenticated atomic.Int64
}

func (h *hostileVault) Do(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Authorization") != "" {
		h.authenticated.Add(1)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	}
	n := h.probes.Add(1)
	hdr := http.Header{}
	hdr.Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization="https://login.microsoftonline.com/tenant-%d", resource="https://evil.example"`, n))
	return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
}

// A host that names a new tenant in each challenge used to cost one cache
// entry and one credential call (with AdditionallyAllowedTenants "*", one
// Entra ID request) per request. The per-host back-off bounds it: the first
// re-learn is immediate, then 1 s doubling to 30 s.
func TestHostileChallengeHostBounded(t *testing.T) {
	clock := useFakeClock(t)
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	host := &hostileVault{}
	a := w.ChallengeAuthorizer(host)
	client := autorest.Client{Authorizer: a, Sender: a.Sender(host)}
	const requests = 600 // one every 100 ms: one minute
	var challengeErrors int
	for range requests {
		req := newRequest(t, "https://kv.evil.example/secrets/x?api-version=7.1")
		resp, err := client.Do(req)
		var ce *ChallengeError
		switch {
		case err == nil:
			require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		case errors.As(err, &ce):
			challengeErrors++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
		clock.Advance(100 * time.Millisecond)
	}
	// re-learns at 0, 0.1, 1.2, 3.3, 7.4, 15.5, 31.6 s (then every 30 s)
	t.Logf("%d requests: %d probes, %d credential calls, %d refused by the back-off", requests, host.probes.Load(), cred.calls.Load(), challengeErrors)
	assert.LessOrEqual(t, cred.calls.Load(), int64(8), "bounded credential calls, not one per request")
	assert.LessOrEqual(t, host.probes.Load(), int64(8))
	assert.Equal(t, requests-int(host.authenticated.Load()), challengeErrors, "every other request failed fast")
	w.cache.mu.Lock()
	assert.LessOrEqual(t, len(w.cache.entries), 9)
	w.cache.mu.Unlock()
}

// A host's refusals a minute apart are each re-learned at once: a vault that
// moves to another tenant now and then is followed every time. (Refusals
// less than a minute apart back off, whatever the host answered between
// them: TestAlternatingAnswersCannotResetTheRelearnBackoff.)
func TestChallengeRefusalsAMinuteApartRelearnAtOnce(t *testing.T) {
	clock := useFakeClock(t)
	var refuse atomic.Bool
	var probes atomic.Int64
	sender := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("Authorization") == "" {
			probes.Add(1)
			hdr := http.Header{}
			hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
			return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
		}
		status := http.StatusOK
		if refuse.Swap(false) {
			status = http.StatusUnauthorized
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(sender)
	client := autorest.Client{Authorizer: a, Sender: a.Sender(sender)}
	for i := range 5 {
		clock.Advance(tokentime.BackoffMemory)
		refuse.Store(true)
		resp, err := client.Do(newRequest(t, "https://myvault.vault.azure.net/secrets/x"))
		require.NoError(t, err, "round %d", i)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		resp, err = client.Do(newRequest(t, "https://myvault.vault.azure.net/secrets/x"))
		require.NoError(t, err, "round %d: re-learned at once", i)
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.EqualValues(t, 6, probes.Load(), "one probe per refusal")
}

// An entry a ChallengeAuthorizer learned stays the one entry of its key
// after the cache has let it go: GetToken for the same scope and tenant gets
// its token, and the host is not probed again.
func TestLearnedEntryStaysShared(t *testing.T) {
	var probes atomic.Int64
	sender := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		probes.Add(1)
		hdr := http.Header{}
		hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	})
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(sender)
	r, err := autorest.Prepare(newRequest(t, "https://myvault.vault.azure.net/"), a.WithAuthorization())
	require.NoError(t, err)
	sent := r.Header.Get("Authorization")
	for i := range maxRecent {
		_, err := w.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://graph.microsoft.com/.default"}, TenantID: "t" + strconv.Itoa(i)})
		require.NoError(t, err)
	}
	runtime.GC()
	calls := cred.calls.Load()
	tk, err := w.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://vault.azure.net/.default"}, TenantID: "tenant-a"})
	require.NoError(t, err)
	assert.Equal(t, sent, "Bearer "+tk.Token, "the learned entry's token")
	assert.Equal(t, calls, cred.calls.Load(), "no new token")
	r, err = autorest.Prepare(newRequest(t, "https://myvault.vault.azure.net/"), a.WithAuthorization())
	require.NoError(t, err)
	assert.Equal(t, sent, r.Header.Get("Authorization"))
	assert.EqualValues(t, 1, probes.Load())
}

// A ChallengeAuthorizer asked to authorize requests to more hosts than
// maxHosts, each of which then refuses its token, remembers at most maxHosts
// hosts and refusals.
func TestChallengeAuthorizerHostsBounded(t *testing.T) {
	useFakeClock(t)
	sender := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		hdr := http.Header{}
		if r.Header.Get("Authorization") == "" {
			hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		}
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	})
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	a := w.ChallengeAuthorizer(sender)
	client := autorest.Client{Authorizer: a, Sender: a.Sender(sender)}
	for i := range maxHosts + 100 {
		resp, err := client.Do(newRequest(t, "https://vault"+strconv.Itoa(i)+".vault.azure.net/secrets/x"))
		if err != nil {
			require.ErrorIs(t, err, errTooManyCalls, "the one entry of every host has made its calls of the minute")
			continue
		}
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}
	assert.LessOrEqual(t, a.learned.len(), maxHosts)
	a.mu.Lock()
	hosts, probes := len(a.hosts), len(a.probes)
	a.mu.Unlock()
	assert.Positive(t, hosts)
	assert.LessOrEqual(t, hosts, maxHosts)
	assert.Zero(t, probes)
	assert.LessOrEqual(t, cred.calls.Load(), int64(tokentime.MaxCredentialCallsPerEntryPerMinute), "one scope and tenant: its calls of the minute at most")
}

// A wrapper derived with WithScopes holds its entry; once nothing refers to
// the derived wrapper, its entry (and token) go with it.
func TestDerivedWrapperEntriesGo(t *testing.T) {
	cred := &scriptedCredential{}
	w, err := New(cred, nil)
	require.NoError(t, err)
	authorize(t, w)
	const derived = 2000
	for i := range derived {
		d, err := w.WithScopes("https://app-" + strconv.Itoa(i) + ".example/.default")
		require.NoError(t, err)
		authorize(t, d)
	}
	require.EqualValues(t, derived+1, cred.calls.Load())
	runtime.GC()
	assert.Equal(t, 1, w.cache.live(), "only the wrapper's own entry is held")
	// the entries' cleanups run after the collection: a bound, not a speed
	for deadline := time.Now().Add(time.Minute); w.cache.size() > 1 && time.Now().Before(deadline); {
		runtime.GC()
		runtime.Gosched()
	}
	assert.Equal(t, 1, w.cache.size(), "their keys are forgotten too")
	assert.Equal(t, "Bearer token-1", authorize(t, w), "the wrapper's own token is kept")
}
