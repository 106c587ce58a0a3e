package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"
	"weak"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// The adal tokens this package returns are the ones go-autorest returns,
// built by the same adal constructors (so they fail, or not, exactly when
// go-autorest's do), with one difference: adal's custom refresh hook gets
// their tokens from an azidentity credential, through a
// credwrapper.CredentialWrapper, instead of adal's own token requests.

// source is where the adal tokens of one configuration get their tokens: a
// wrapper around the azidentity credential, or the reason there is none. As
// go-autorest reports a bad tenant, authority or resource when it first asks
// Entra ID for a token, a configuration azidentity refuses is reported there
// too, not when the authorizer is built.
type source struct {
	w        *credwrapper.CredentialWrapper
	resource string // the wrapper's own
	err      error
}

// newSource builds the credential with newCred and wraps it for resource and
// the auxiliary tenants. Errors are kept for the first token request.
func newSource(what, aadEndpoint, resource string, aux []string, newCred func(commonOptions) (azcore.TokenCredential, error)) source {
	s := source{resource: resource}
	opts, err := credentialOptions(aadEndpoint, aux)
	var cred azcore.TokenCredential
	if err == nil {
		cred, err = newCred(opts)
	}
	if err == nil {
		s.w, err = wrap(cred, resource, aux)
	}
	if err != nil {
		s.err = fmt.Errorf("auth: %s: %w", what, err)
	}
	return s
}

// refresh is adal's custom refresh hook: a token for the resource adal asks
// for (the token's own, or another with RefreshExchange), in tenant ("" for
// the configuration's tenant).
func (s source) refresh(tenant string) adal.TokenRefresh {
	return func(ctx context.Context, resource string) (*adal.Token, error) {
		// adal calls this on every request in the last five minutes of a
		// token: for the token's own resource, the wrapper's own scopes,
		// without building them again.
		opts := policy.TokenRequestOptions{TenantID: tenant}
		if resource != s.resource {
			opts.Scopes = []string{credwrapper.ScopeFromResource(resource)}
		}
		err := s.err
		var tk azcore.AccessToken
		if err == nil {
			tk, err = s.w.GetToken(ctx, opts)
		}
		if err != nil {
			scopes := []string{credwrapper.ScopeFromResource(resource)}
			// Every failure is an adal.TokenRefreshError, as adal's own
			// are: go-autorest retries a request whose authorizer failed
			// otherwise, with back-offs of 30 s and more.
			if _, ok := err.(adal.TokenRefreshError); ok {
				return nil, err
			}
			return nil, &credwrapper.TokenError{Scopes: scopes, TenantID: tenant, Err: err}
		}
		t := adalToken(tk, resource, tokentime.Now())
		return &t, nil
	}
}

// adalToken converts an azcore token to adal's form, as the Azure CLI's
// token converts in go-autorest.
func adalToken(tk azcore.AccessToken, resource string, now time.Time) adal.Token {
	return adal.Token{
		AccessToken: tk.Token,
		ExpiresIn:   jsonSeconds(int64(max(0, tk.ExpiresOn.Sub(now)/time.Second))),
		ExpiresOn:   jsonSeconds(tk.ExpiresOn.Unix()),
		NotBefore:   jsonSeconds(now.Unix()),
		Resource:    resource,
		Type:        "Bearer",
	}
}

// attach makes spt get its tokens from s, for tenant, and remembers s.w as
// the credential behind spt.
func (s source) attach(spt *adal.ServicePrincipalToken, tenant string) *adal.ServicePrincipalToken {
	spt.SetCustomRefreshFunc(s.refresh(tenant))
	if s.w != nil {
		remember(spt, s.w)
	}
	return spt
}

// attachMultiTenant does attach for the primary token and each auxiliary
// token of mt, in its tenant.
func (s source) attachMultiTenant(mt *adal.MultiTenantServicePrincipalToken, aux []string) *adal.MultiTenantServicePrincipalToken {
	s.attach(mt.PrimaryToken, "")
	for i, t := range mt.AuxiliaryTokens {
		s.attach(t, aux[i])
	}
	if s.w != nil {
		remember(mt, s.w)
	}
	return mt
}

// credentials maps the adal tokens this package built (weakly, so that a
// forgotten token is collected) to the wrapper they get their tokens from.
var credentials sync.Map // weak.Pointer[T] -> *credwrapper.CredentialWrapper

func remember[T any](p *T, w *credwrapper.CredentialWrapper) {
	k := weak.Make(p)
	credentials.Store(k, w)
	runtime.AddCleanup(p, func(k weak.Pointer[T]) { credentials.Delete(k) }, k)
}

func lookup[T any](p *T) (*credwrapper.CredentialWrapper, bool) {
	if p == nil {
		return nil, false
	}
	v, ok := credentials.Load(weak.Make(p))
	if !ok {
		return nil, false
	}
	return v.(*credwrapper.CredentialWrapper), true
}

// Credential returns the azcore.TokenCredential behind an authorizer of this
// package, to give new SDK clients during a migration: they then share the
// legacy clients' credential and, for the same resource, their token.
//
// a may be the *autorest.BearerAuthorizer or the multi-tenant authorizer
// returned by this package, or a *credwrapper.CredentialWrapper. Credential
// returns false for any other authorizer, for the Azure CLI's (whose token is
// a snapshot; use credwrapper.New with an azidentity.AzureCLICredential), and
// for a configuration azidentity refused (its error comes with the first
// token request).
func Credential(a autorest.Authorizer) (*credwrapper.CredentialWrapper, bool) {
	switch a := a.(type) {
	case *credwrapper.CredentialWrapper:
		return a, a != nil
	case *autorest.BearerAuthorizer:
		if a == nil {
			return nil, false
		}
		spt, _ := a.TokenProvider().(*adal.ServicePrincipalToken)
		return lookup(spt)
	case *autorest.MultiTenantBearerAuthorizer:
		if a == nil {
			return nil, false
		}
		mt, _ := a.TokenProvider().(*adal.MultiTenantServicePrincipalToken)
		return lookup(mt)
	}
	return nil, false
}

func jsonSeconds(s int64) json.Number { return json.Number(strconv.FormatInt(s, 10)) }
