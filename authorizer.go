package credwrapper

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/azcompat/credwrapper/internal/redact"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper/internal/hostrule"
)

var (
	_ autorest.Authorizer                = (*CredentialWrapper)(nil)
	_ azcore.TokenCredential             = (*CredentialWrapper)(nil)
	_ adal.OAuthTokenProvider            = (*CredentialWrapper)(nil)
	_ adal.Refresher                     = (*CredentialWrapper)(nil)
	_ adal.RefresherWithContext          = (*CredentialWrapper)(nil)
	_ adal.MultitenantOAuthTokenProvider = (*CredentialWrapper)(nil)
)

const (
	headerAuthorization          = "Authorization"
	headerAuxiliaryAuthorization = "X-Ms-Authorization-Auxiliary" // canonical form of x-ms-authorization-auxiliary
)

// WithAuthorization implements autorest.Authorizer. The decorator sets
// "Authorization: Bearer <token>" and, when auxiliary tenants are configured,
// "x-ms-authorization-auxiliary: Bearer <t1>, Bearer <t2>" (tenant order as
// given). The token comes from the cache; the request's context bounds any
// wait for a new one.
//
// The decorator refuses a request whose URL is not https (unless
// Options.InsecureAllowCredentialWithHTTP is set) with an [*HTTPError], and
// reports a token failure with a [*TokenError]. Both satisfy
// adal.TokenRefreshError, so autorest.IsTokenRefreshError is true and
// go-autorest does not retry the request.
func (w *CredentialWrapper) WithAuthorization() autorest.PrepareDecorator {
	return w.decorator
}

// authorizing returns a PrepareDecorator that runs authorize on the request
// the preparers before it produced.
func authorizing(authorize func(*http.Request) error) autorest.PrepareDecorator {
	return func(p autorest.Preparer) autorest.Preparer {
		return autorest.PreparerFunc(func(r *http.Request) (*http.Request, error) {
			r, err := p.Prepare(r)
			if err != nil {
				return r, err
			}
			return r, authorize(r)
		})
	}
}

// authorize sets the authorization headers of r.
func (w *CredentialWrapper) authorize(r *http.Request) error {
	if err := w.checkRequest(r); err != nil {
		return err
	}
	ctx := r.Context()
	e := w.entryFor(r)
	t, err := e.get(ctx)
	if err != nil {
		return err
	}
	setHeader(r, headerAuthorization, t.header)
	if len(w.aux) > 0 && e == w.primary {
		v, err := w.auxiliaryHeader(ctx)
		if err != nil {
			return err
		}
		setHeader(r, headerAuxiliaryAuthorization, v)
	}
	return nil
}

// checkRequest refuses a request that must not carry a bearer token: one not
// sent over TLS (unless Options.InsecureAllowCredentialWithHTTP is set). A
// request with no URL goes nowhere (net/http refuses to send it): as with
// go-autorest's authorizers, it gets the wrapper's own token, which is how
// code reads the Authorization header for a call of its own.
func (w *CredentialWrapper) checkRequest(r *http.Request) error {
	if r.URL == nil {
		return nil
	}
	if !w.allowHTTP && !strings.EqualFold(r.URL.Scheme, "https") {
		return &HTTPError{URL: redact.URL(r.URL)}
	}
	return nil
}

// setHeader sets a header whose name is in canonical form.
func setHeader(r *http.Request, name, value string) {
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set(name, value)
}

// entryFor returns the cache entry whose token authorizes r: the wrapper's
// own, or with Options.ScopeFromHost the one for the service r goes to.
func (w *CredentialWrapper) entryFor(r *http.Request) *entry {
	if !w.scopeFromHost || r.URL == nil {
		return w.primary
	}
	// The host as the request spells it first: no parsing on the hot path.
	raw := r.URL.Host
	if e, ok := w.hostEntries.load(raw); ok {
		return e
	}
	h := hostrule.Parse(raw)
	key := h.Key()
	e, ok := w.hostEntries.load(key)
	if !ok {
		e = w.primary
		if scope, ok := hostrule.ScopeFor(h, w.cloud); ok && !w.primaryAudience(scope) {
			// Held by hostEntries, for the wrapper's lifetime: ScopeFor
			// names a fixed list of services.
			e = w.cache.entry([]string{scope}, w.tenantID, w.enableCAE, false)
		}
		w.hostEntries.store(key, e)
	}
	if raw != key {
		w.hostEntries.store(raw, e) // another spelling of the same host, same answer
	}
	return e
}

// primaryAudience reports whether scope names the audience of the wrapper's
// own scope, under any of its aliases (the Resource Manager audience is both
// https://management.azure.com and https://management.core.windows.net):
// requests to it get the primary entry, and so its auxiliary-tenant tokens.
func (w *CredentialWrapper) primaryAudience(scope string) bool {
	return len(w.scopes) == 1 && hostrule.SameAudience(scope, w.scopes[0])
}

// auxHeader is an x-ms-authorization-auxiliary value and the tokens it was
// built from.
type auxHeader struct {
	tokens []*cachedToken
	value  string
}

// auxiliaryHeader returns the x-ms-authorization-auxiliary value, rebuilding it
// only when one of the auxiliary tokens changed.
func (w *CredentialWrapper) auxiliaryHeader(ctx context.Context) (string, error) {
	var buf [8]*cachedToken
	toks := buf[:0]
	for _, e := range w.aux {
		t, err := e.get(ctx)
		if err != nil {
			return "", err
		}
		toks = append(toks, t)
	}
	if h := w.auxHeader.Load(); h != nil && slices.Equal(h.tokens, toks) {
		return h.value, nil
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.header)
	}
	h := &auxHeader{tokens: slices.Clone(toks), value: b.String()}
	w.auxHeader.Store(h)
	return h.value, nil
}

// EnsureFreshWithContext implements adal.RefresherWithContext: it makes sure
// the cache holds a valid token for the wrapper's scopes (and for each
// auxiliary tenant), acquiring one only when needed.
func (w *CredentialWrapper) EnsureFreshWithContext(ctx context.Context) error {
	if _, err := w.primary.get(ctx); err != nil {
		return err
	}
	for _, e := range w.aux {
		if _, err := e.get(ctx); err != nil {
			return err
		}
	}
	return nil
}

// RefreshWithContext implements adal.RefresherWithContext: it acquires new
// tokens (primary and auxiliary) from the credential whatever the state of the
// cache, and caches them.
func (w *CredentialWrapper) RefreshWithContext(ctx context.Context) error {
	if _, err := w.primary.refresh(ctx); err != nil {
		return err
	}
	for _, e := range w.aux {
		if _, err := e.refresh(ctx); err != nil {
			return err
		}
	}
	return nil
}

// RefreshExchangeWithContext implements adal.RefresherWithContext.
//
// adal's ServicePrincipalToken changes its resource on RefreshExchange. A
// CredentialWrapper's audience is fixed, so that concurrent requests never see
// a token for another audience: when resource is the wrapper's own resource
// (ResourceFromScope of its only scope, compared after [ScopeFromResource]),
// RefreshExchangeWithContext is RefreshWithContext; for any other resource it
// returns an error and calls nothing. Use
// w.WithScopes(ScopeFromResource(resource)) to authorize requests to another
// audience.
func (w *CredentialWrapper) RefreshExchangeWithContext(ctx context.Context, resource string) error {
	if len(w.scopes) != 1 || ScopeFromResource(resource) != w.scopes[0] {
		return fmt.Errorf("credwrapper: RefreshExchange to resource %q: the wrapper's scopes %q are fixed; use WithScopes(ScopeFromResource(%q)) for another audience",
			resource, w.scopes, resource)
	}
	return w.RefreshWithContext(ctx)
}

// EnsureFresh implements adal.Refresher; see EnsureFreshWithContext.
func (w *CredentialWrapper) EnsureFresh() error {
	return w.EnsureFreshWithContext(context.Background())
}

// Refresh implements adal.Refresher; see RefreshWithContext.
func (w *CredentialWrapper) Refresh() error {
	return w.RefreshWithContext(context.Background())
}

// RefreshExchange implements adal.Refresher; see RefreshExchangeWithContext.
func (w *CredentialWrapper) RefreshExchange(resource string) error {
	return w.RefreshExchangeWithContext(context.Background(), resource)
}

// OAuthToken implements adal.OAuthTokenProvider. It returns the cached token
// for the wrapper's scopes, acquiring one (without a deadline) if the cache
// holds none, and "" when the credential fails. Prefer EnsureFreshWithContext
// first, as autorest.BearerAuthorizer does, to bound the wait and see the
// error.
func (w *CredentialWrapper) OAuthToken() string {
	t, err := w.primary.get(context.Background())
	if err != nil {
		return ""
	}
	return t.token.Token
}

// PrimaryOAuthToken implements adal.MultitenantOAuthTokenProvider; it is
// OAuthToken.
func (w *CredentialWrapper) PrimaryOAuthToken() string { return w.OAuthToken() }

// AuxiliaryOAuthTokens implements adal.MultitenantOAuthTokenProvider. It
// returns a new slice with one token per auxiliary tenant, in order ("" for a
// tenant whose token could not be acquired).
func (w *CredentialWrapper) AuxiliaryOAuthTokens() []string {
	out := make([]string, len(w.aux))
	for i, e := range w.aux {
		if t, err := e.get(context.Background()); err == nil {
			out[i] = t.token.Token
		}
	}
	return out
}
