package credwrapper

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// TestProtocolModel drives random schedules of server behaviour through every
// way a request gets a token, on the fake clock, and checks after every step
// the bounds the challenge protocol promises (the reference model below).
//
// A schedule (schedule_test.go) is a configuration (which alias of the
// Resource Manager audience the wrapper's scope names, auxiliary tenants)
// and a list of steps. A step sets one host's behaviour (honest; revoking;
// hostile: redirecting to another host, claims challenges to requests that
// carried no token, malformed claims, claims Entra ID refuses; one that keeps
// challenging; one that alternates 200 and a 401 naming a new tenant) and
// Entra ID's (healthy, failing, slow: each call costs 3 s of the fake clock),
// sends a burst of requests, some concurrent, and advances the clock.
//
// Each schedule runs four times, on a new wrapper each time, once per entry
// point: the legacy Sender installed by Attach (every other request of a
// burst, the first or the second as the step says, goes through a new
// client's BearerTokenPolicy on the same wrapper),
// ChallengeAuthorizer's Sender, a new client through azcore's runtime
// pipeline and runtime.NewBearerTokenPolicy, and GetToken called directly by
// a client that answers one claims challenge per request. Requests are real
// *http.Request values through a real *http.Client (so redirects strip the
// Authorization header as they do on the wire) over an in-process
// RoundTripper: real TLS would make thousands of schedules too slow. (The new
// clients do not follow redirects: azcore would answer a claims challenge
// from whatever host a redirect reached, and GetToken cannot tell.) The
// credential is a counting azcore.TokenCredential (modelCredential: its
// behaviour the step's Entra ID, every call recorded); one schedule in 100
// puts a real azidentity.ClientSecretCredential behind it, against the fake
// Entra ID of credwrappertest over TLS.
//
// The model checks, after every step:
//   - at most tokentime.MaxCredentialCallsPerEntryPerMinute credential calls
//     per cache entry, and tokentime.MaxProbesPerHostPerMinute probes per
//     host, in any 60 s;
//   - no credential call with claims that only a response to a request
//     without our token named (a cross-host redirect, a probe);
//   - one fetch per revocation and entry (two fetches for the same claims
//     at least tokentime.ClaimsAnswerStands apart);
//   - GetToken never hands back the token the same claims refused, once
//     the answer no longer stands;
//   - with auxiliary tenants, every legacy Resource Manager request carries
//     their tokens, whichever alias the wrapper's scope names;
//   - every request to an honest or revoking host succeeds once nothing
//     disruptive happened for a minute (a host that keeps challenging or
//     alternates, Entra ID failing or slow), except a new client's in a
//     concurrent burst (azcore's race) or after two revocations close
//     together (runThrough says why).
//
// Everything checked is counted at the fakes on the fake clock, so no check
// depends on speed. A failing schedule prints its seed and is shrunk (steps
// dropped, then simplified, while it still fails) to a minimal schedule,
// printed with the command that reruns the seed:
//
//	go test -race -run 'TestProtocolModel$' -seed N .
//
// -schedules sets how many schedules run (seeds 1 to N). The default, 1,000,
// costs about 12 s of CPU under -race, so the README's test command stays
// short; CI runs many more:
//
//	go test -race -run 'TestProtocolModel$' -timeout 30m . -schedules 20000
func TestProtocolModel(t *testing.T) {
	seeds := make([]int64, 0, *modelSchedules)
	if *modelSeed != 0 {
		seeds = append(seeds, *modelSeed)
	} else {
		for i := range *modelSchedules {
			seeds = append(seeds, int64(i+1))
		}
	}
	cloud := credwrappertest.NewTest(t, nil)
	var failed []int64
	const shrinkAtMost = 3
	start := time.Now()
	for _, seed := range seeds {
		s := generate(seed)
		err := s.run(cloud)
		if err == nil {
			continue
		}
		failed = append(failed, seed)
		if len(failed) > shrinkAtMost {
			t.Errorf("seed %d: %v", seed, err)
			continue
		}
		small, smallErr := shrink(s, err, cloud)
		t.Errorf("seed %d: %v\nminimal schedule (%d of %d steps), failing with: %v\n%s\nreproduce: go test -race -run 'TestProtocolModel$' -seed %d . (requests of one burst race each other: if it passes, add -count=50)",
			seed, err, len(small.steps), len(s.steps), smallErr, small, seed)
	}
	t.Logf("%d schedules in %v (%d token requests reached the fake Entra ID through azidentity); %d failed: %v",
		len(seeds), time.Since(start).Round(time.Millisecond), cloud.Entra.TokenRequests(), len(failed), failed)
}

var (
	modelSeed      = flag.Int64("seed", 0, "TestProtocolModel: run only the schedule of this seed")
	modelSchedules = flag.Int("schedules", 1000, "TestProtocolModel: how many schedules to run (seeds 1 to N)")
)

// The protocol's bounds, as the reference model states them.
const (
	// modelMaxCallsPerEntryPerMinute bounds the credential calls of one cache
	// entry (scopes, tenant, CAE) in any 60 s of the fake clock.
	modelMaxCallsPerEntryPerMinute = tokentime.MaxCredentialCallsPerEntryPerMinute
	// modelMaxProbesPerHostPerMinute bounds the unauthenticated probes of one
	// host in any 60 s.
	modelMaxProbesPerHostPerMinute = tokentime.MaxProbesPerHostPerMinute
	// modelAnswerStands is how long a token fetched for claims answers a new
	// client's GetToken with the same claims: after it, the same claims
	// refused again get a new token.
	modelAnswerStands = tokentime.ClaimsAnswerStands
	// modelQuiet is how long after a disruptive step (a host that keeps
	// challenging or alternates, Entra ID failing or slow) the model
	// expects every request to an honest or revoking host to succeed.
	modelQuiet = 61 * time.Second
)

// model is the reference model of the protocol: what the fakes counted, and
// the bounds it checks against them. Its methods are safe for concurrent use.
type model struct {
	mu         sync.Mutex
	calls      []credCall             // every credential call
	probes     map[string][]time.Time // host -> its unauthenticated requests
	violations []string               // what the requests themselves saw
}

// credCall is one credential call, as the credential saw it.
type credCall struct {
	at     time.Time // when it started
	done   time.Time // when it returned
	key    string    // scopes, tenant, CAE: the cache entry
	claims string
	token  string // "" when it failed
}

func (m *model) violate(format string, args ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.violations) < 8 {
		m.violations = append(m.violations, fmt.Sprintf(format, args...))
	}
}

// fetchedAt returns when the credential returned token.
func (m *model) fetchedAt(token string) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.calls {
		if c.token == token {
			return c.done, true
		}
	}
	return time.Time{}, false
}

// check returns the first bound broken so far.
func (m *model) check() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.violations) > 0 {
		return errors.New(strings.Join(m.violations, "; "))
	}
	byKey := map[string][]time.Time{}
	answered := map[string][]time.Time{} // entry and claims -> successful fetches
	for _, c := range m.calls {
		byKey[c.key] = append(byKey[c.key], c.at)
		if strings.Contains(c.claims, "foreign") {
			return fmt.Errorf("a credential call with claims %q, which only a response to a request that carried no token of ours named", c.claims)
		}
		if c.token != "" && strings.Contains(c.claims, "rev-") {
			answered[c.key+" "+c.claims] = append(answered[c.key+" "+c.claims], c.at)
		}
	}
	for key, times := range byKey {
		if n, at := maxInWindow(times); n > modelMaxCallsPerEntryPerMinute {
			return fmt.Errorf("%d credential calls for %s in the minute before %s (the bound is %d)", n, key, at.Format("15:04:05.000"), modelMaxCallsPerEntryPerMinute)
		}
	}
	for host, times := range m.probes {
		if n, at := maxInWindow(times); n > modelMaxProbesPerHostPerMinute {
			return fmt.Errorf("%d probes of %s in the minute before %s (the bound is %d)", n, host, at.Format("15:04:05.000"), modelMaxProbesPerHostPerMinute)
		}
	}
	for entryClaims, times := range answered {
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		for i := 1; i < len(times); i++ {
			if times[i].Sub(times[i-1]) < modelAnswerStands {
				return fmt.Errorf("one revocation cost an entry two fetches %v apart, where it costs one: %s", times[i].Sub(times[i-1]), entryClaims)
			}
		}
	}
	return nil
}

// maxInWindow returns the largest number of times in a 60 s window (each
// ending at one of them) and the end of that window.
func maxInWindow(times []time.Time) (int, time.Time) {
	ts := slices.Clone(times)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	best, at, lo := 0, time.Time{}, 0
	for hi, t := range ts {
		for ts[lo].Add(time.Minute).Compare(t) <= 0 {
			lo++
		}
		if n := hi - lo + 1; n > best {
			best, at = n, t
		}
	}
	return best, at
}

// modelCredential is the counting credential of the model: its behaviour is
// the step's Entra ID, and every call is recorded at the fake clock. With
// base set, a call that Entra ID's behaviour lets through goes to base (a
// real azidentity credential).
type modelCredential struct {
	clock *fakeClock
	model *model
	base  azcore.TokenCredential

	mu    sync.Mutex
	entra entraBehaviour
	n     int
}

var (
	errEntraDown    = errors.New("model: Entra ID is unavailable")
	errEntraRefuses = errors.New("model: Entra ID refuses the claims")
)

func (c *modelCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.mu.Lock()
	c.n++
	n, entra := c.n, c.entra
	c.mu.Unlock()
	call := credCall{at: c.clock.Now(), key: fmt.Sprintf("%q tenant %q CAE %t", opts.Scopes, opts.TenantID, opts.EnableCAE), claims: opts.Claims}
	tk, err := func() (azcore.AccessToken, error) {
		switch {
		case entra == entraFailing:
			return azcore.AccessToken{}, errEntraDown
		case entra == entraSlow:
			c.clock.Advance(3 * time.Second)
		}
		if strings.Contains(opts.Claims, "hostile") {
			return azcore.AccessToken{}, errEntraRefuses
		}
		if c.base != nil {
			return c.base.GetToken(ctx, opts)
		}
		return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: c.clock.Now().Add(time.Hour)}, nil
	}()
	if err == nil {
		call.token = tk.Token
	}
	call.done = c.clock.Now()
	c.model.mu.Lock()
	c.model.calls = append(c.model.calls, call)
	c.model.mu.Unlock()
	return tk, err
}

// claimsJSON is a claims challenge's claims, tagged: Entra ID (and
// azidentity) want JSON.
func claimsJSON(tag string) string {
	return `{"access_token":{"nbf":{"essential":true,"value":"` + tag + `"}}}`
}

// modelService is every host of a schedule, as an http.RoundTripper.
type modelService struct {
	clock      *fakeClock
	model      *model
	homeTenant string
	aux        bool // requests to the Resource Manager host must carry auxiliary tokens

	mu      sync.Mutex
	hosts   map[string]*modelHost
	tenants int // tenants named by alternating hosts
}

// modelHost is what one host does and remembers.
type modelHost struct {
	behave  hostBehaviour
	revoked map[string]string // Authorization -> the claims of its revocation
	seen    map[string]bool   // every Authorization received
	keep    string            // the claims a host that keeps challenging names
	alt     int
}

const (
	legacyMark = "X-Model-Legacy" // set on the requests of legacy clients
	armHost    = "management.azure.com"
	evilHost   = "evil.example.net"
)

func (s *modelService) host(name string) *modelHost {
	if s.hosts == nil {
		s.hosts = map[string]*modelHost{}
	}
	h := s.hosts[name]
	if h == nil {
		h = &modelHost{revoked: map[string]string{}, seen: map[string]bool{}}
		s.hosts[name] = h
	}
	return h
}

// set makes name behave as b from now on; a revoking host revokes every
// token it has seen, with claims of its own.
func (s *modelService) set(name string, b hostBehaviour, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.host(name)
	h.behave = b
	switch b {
	case revoking, redirecting:
		claims := claimsJSON(fmt.Sprintf("rev-%s-%d", name, n))
		for a := range h.seen {
			if _, ok := h.revoked[a]; !ok {
				h.revoked[a] = claims
			}
		}
	case challenging:
		h.keep = claimsJSON("keep-" + name)
	case hostileClaims:
		h.keep = claimsJSON("hostile-" + name)
	}
}

func response(r *http.Request, status int, challenge string) *http.Response {
	resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: http.NoBody, Request: r}
	if challenge != "" {
		resp.Header.Set("WWW-Authenticate", challenge)
	}
	return resp
}

func audienceOf(host string) string {
	if host == armHost {
		return "https://management.azure.com/"
	}
	return "https://vault.azure.net"
}

func (s *modelService) RoundTrip(r *http.Request) (*http.Response, error) {
	name := r.URL.Hostname()
	auth := r.Header.Get("Authorization")
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == evilHost {
		// Whatever reaches it, it asks for claims of its own.
		return response(r, http.StatusUnauthorized, claimsHeader(claimsJSON("foreign-"+name))), nil
	}
	h := s.host(name)
	challenge := func(tenant string) string {
		return fmt.Sprintf(`Bearer authorization="https://login.microsoftonline.com/%s", resource="%s"`, tenant, audienceOf(name))
	}
	if auth == "" {
		s.model.mu.Lock()
		if s.model.probes == nil {
			s.model.probes = map[string][]time.Time{}
		}
		s.model.probes[name] = append(s.model.probes[name], now)
		s.model.mu.Unlock()
		switch h.behave {
		case alternating:
			s.tenants++
			return response(r, http.StatusUnauthorized, challenge(fmt.Sprintf("tenant-%d", s.tenants))), nil
		case foreignClaims:
			return response(r, http.StatusUnauthorized, challenge(s.homeTenant)+`, error="insufficient_claims", claims="`+
				base64.StdEncoding.EncodeToString([]byte(claimsJSON("foreign-probe-"+name)))+`"`), nil
		}
		return response(r, http.StatusUnauthorized, challenge(s.homeTenant)), nil
	}
	h.seen[auth] = true
	if s.aux && name == armHost && r.Header.Get(legacyMark) != "" && !strings.HasPrefix(r.Header.Get(headerAuxiliaryAuthorization), "Bearer ") {
		s.model.violate("a Resource Manager request without the auxiliary tenant's token")
	}
	switch h.behave {
	case challenging, hostileClaims:
		return response(r, http.StatusUnauthorized, claimsHeader(h.keep)), nil
	case malformedClaims:
		return response(r, http.StatusUnauthorized, `Bearer error="insufficient_claims", claims="%%not base64%%"`), nil
	case alternating:
		h.alt++
		if h.alt%2 == 0 {
			s.tenants++
			return response(r, http.StatusUnauthorized, challenge(fmt.Sprintf("tenant-%d", s.tenants))), nil
		}
		return response(r, http.StatusOK, ""), nil
	}
	if claims, ok := h.revoked[auth]; ok {
		return response(r, http.StatusUnauthorized, claimsHeader(claims)), nil
	}
	if h.behave == redirecting {
		resp := response(r, http.StatusTemporaryRedirect, "")
		resp.Header.Set("Location", "https://"+evilHost+r.URL.Path)
		return resp, nil
	}
	return response(r, http.StatusOK, ""), nil
}

// world is one run of a schedule through one entry point.
type world struct {
	s     *schedule
	ep    modelEntry
	clock *fakeClock
	model *model
	cred  *modelCredential
	svc   *modelService
	httpc *http.Client
	w     *CredentialWrapper

	legacy    autorest.Client
	challenge autorest.Client
	pipelines map[string]runtime.Pipeline // host -> a new client
}

// scopeOf is the scope a new client of host asks for.
func scopeOf(host string) string {
	if host == armHost {
		return "https://management.core.windows.net//.default" // the ARM runtime's
	}
	return "https://vault.azure.net/.default"
}

// armAliases are the scopes a wrapper may name Resource Manager with.
var armAliases = []string{"", "https://management.core.windows.net//.default", "https://management.azure.com//.default", "https://management.azure.com/.default"}

func newWorld(s *schedule, ep modelEntry, cloud *credwrappertest.Cloud) (*world, error) {
	clock := &fakeClock{now: time.Now()}
	m := &model{}
	wd := &world{s: s, ep: ep, clock: clock, model: m}
	wd.cred = &modelCredential{clock: clock, model: m}
	home := "tenant-0"
	if s.azidentity {
		cred, _, err := cloud.Credential()
		if err != nil {
			return nil, err
		}
		wd.cred.base = cred
		home = cloud.TenantID
	}
	wd.svc = &modelService{clock: clock, model: m, homeTenant: home, aux: s.aux && ep == viaAttach}
	wd.httpc = &http.Client{Transport: wd.svc}
	opts := &Options{EnableCAE: true, ScopeFromHost: true}
	if a := armAliases[s.alias]; a != "" {
		opts.Scopes = []string{a}
	}
	if s.aux {
		opts.AuxiliaryTenants = []string{"aux-tenant"}
	}
	w, err := New(wd.cred, opts)
	if err != nil {
		return nil, err
	}
	wd.w = w
	wd.legacy = autorest.Client{Sender: wd.httpc}
	w.Attach(&wd.legacy)
	a := w.ChallengeAuthorizer(wd.httpc)
	wd.challenge = autorest.Client{Authorizer: a, Sender: a.Sender(wd.httpc)}
	// azcore answers a claims challenge from whatever host a redirect led
	// to (GetToken cannot tell which request a claims value came from), so
	// the new clients do not follow redirects here.
	noRedirect := &http.Client{Transport: wd.svc, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	wd.pipelines = map[string]runtime.Pipeline{}
	for _, h := range append([]string{armHost}, vaultHosts...) {
		wd.pipelines[h] = runtime.NewPipeline("model", "v0.0.0", runtime.PipelineOptions{
			PerRetry: []policy.Policy{runtime.NewBearerTokenPolicy(w, []string{scopeOf(h)}, nil)},
		}, &policy.ClientOptions{Transport: noRedirect, Retry: policy.RetryOptions{MaxRetries: -1}})
	}
	return wd, nil
}

var vaultHosts = []string{"kv0.vault.azure.net", "kv1.vault.azure.net", "kv2.vault.azure.net"}

// hostOf names host i of a schedule for an entry point: the challenge
// authorizer serves challenge-based hosts only, so its host 0 is a vault.
func (wd *world) hostOf(i int) string {
	if i == 0 {
		if wd.ep == viaChallengeAuthorizer {
			return vaultHosts[2]
		}
		return armHost
	}
	return vaultHosts[i-1]
}

// send sends one request to host through the entry point (or, for the odd
// requests of a burst through Attach, through a new client on the same
// wrapper) and returns its status, 0 when it failed.
func (wd *world) send(host string, i int) int {
	ctx := context.Background()
	u := "https://" + host + "/resource"
	ep := wd.ep
	if ep == viaAttach && i%2 == 1 {
		ep = viaPipeline
	}
	switch ep {
	case viaAttach, viaChallengeAuthorizer:
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			wd.model.violate("%v", err)
			return 0
		}
		req.Header.Set(legacyMark, "1")
		client := wd.legacy
		if ep == viaChallengeAuthorizer {
			client = wd.challenge
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0
		}
		drain(resp)
		return resp.StatusCode
	case viaPipeline:
		req, err := runtime.NewRequest(ctx, http.MethodGet, u)
		if err != nil {
			wd.model.violate("%v", err)
			return 0
		}
		resp, err := wd.pipelines[host].Do(req)
		if err != nil {
			return 0
		}
		drain(resp)
		return resp.StatusCode
	}
	return wd.getTokenClient(ctx, host, u)
}

// getTokenClient is a client without a token cache of its own: GetToken for
// every request, and one claims challenge answered per request.
func (wd *world) getTokenClient(ctx context.Context, host, u string) int {
	opts := policy.TokenRequestOptions{Scopes: []string{scopeOf(host)}, EnableCAE: true}
	tk, err := wd.w.GetToken(ctx, opts)
	if err != nil {
		return 0
	}
	do := func(token string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return wd.httpc.Do(req)
	}
	resp, err := do(tk.Token)
	if err != nil {
		return 0
	}
	drain(resp)
	if resp.StatusCode != http.StatusUnauthorized || resp.Request.Header.Get("Authorization") == "" {
		return resp.StatusCode
	}
	claims, ok, _ := claimsChallenge(resp.Header)
	if !ok {
		return resp.StatusCode
	}
	opts.Claims = claims
	again, err := wd.w.GetToken(ctx, opts)
	if err != nil {
		return 0
	}
	if again.Token == tk.Token {
		// The claims refused the token GetToken handed back: it may hand
		// it back again only while a claims answer stands.
		if at, ok := wd.model.fetchedAt(tk.Token); ok && wd.clock.Now().Sub(at) > modelAnswerStands {
			wd.model.violate("GetToken with claims handed back the token those claims refused, fetched %v before", wd.clock.Now().Sub(at))
		}
	}
	resp, err = do(again.Token)
	if err != nil {
		return 0
	}
	drain(resp)
	return resp.StatusCode
}

// run runs s through every entry point and returns the first broken bound.
func (s *schedule) run(cloud *credwrappertest.Cloud) error {
	for _, ep := range modelEntryPoints {
		if err := s.runThrough(ep, cloud); err != nil {
			return fmt.Errorf("through %s: %w", ep, err)
		}
	}
	return nil
}

func (s *schedule) runThrough(ep modelEntry, cloud *credwrappertest.Cloud) error {
	wd, err := newWorld(s, ep, cloud)
	if err != nil {
		return err
	}
	old := tokentime.Now
	tokentime.Now = wd.clock.Now
	defer func() { tokentime.Now = old }()

	var quietSince time.Time  // the end of the last disruptive step
	var revokedAt []time.Time // when steps revoked tokens
	for i, st := range s.steps {
		host := wd.hostOf(st.host)
		wd.svc.set(host, st.behave, i)
		wd.cred.mu.Lock()
		wd.cred.entra = st.entra
		wd.cred.mu.Unlock()
		if st.behave == revoking || st.behave == redirecting {
			revokedAt = append(revokedAt, wd.clock.Now())
		}
		// The model's prediction: a request to an honest or revoking host
		// succeeds when nothing disruptive happened for modelQuiet, except
		// a new client's in a concurrent burst (azcore's own race, see
		// TestNewClientRevocationRaceIsAzcores), or after two revocations
		// within two claims answers' time: a new client that missed both
		// hears the first, gets the token that answered it (an answer
		// stands for modelAnswerStands), which the second revoked, and
		// azcore answers one challenge per request.
		quiet := (st.behave == honest || st.behave == revoking) && st.entra == entraHealthy &&
			(quietSince.IsZero() || !wd.clock.Now().Before(quietSince.Add(modelQuiet)))
		twoRevocations := len(revokedAt) >= 2 && wd.clock.Now().Sub(revokedAt[len(revokedAt)-2]) < 2*modelAnswerStands
		for range st.repeat {
			statuses := make([]int, st.fanout)
			if st.fanout == 1 {
				statuses[0] = wd.send(host, st.newFirst)
			} else {
				var wg sync.WaitGroup
				for j := range st.fanout {
					wg.Go(func() { statuses[j] = wd.send(host, j+st.newFirst) })
				}
				wg.Wait()
			}
			for j, status := range statuses {
				newClient := ep == viaPipeline || (ep == viaAttach && (j+st.newFirst)%2 == 1)
				if quiet && status != http.StatusOK && !(newClient && (st.fanout > 1 || twoRevocations)) {
					wd.model.violate("step %d: a request to %s (%s) got %d where the model expects 200", i, host, st.behave, status)
				}
			}
			wd.clock.Advance(st.gap)
		}
		if st.disruptive() {
			quietSince = wd.clock.Now()
		}
		wd.clock.Advance(st.advance)
		if err := wd.model.check(); err != nil {
			return fmt.Errorf("after step %d: %w", i, err)
		}
	}
	return nil
}
