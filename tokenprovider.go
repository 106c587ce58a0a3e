package credwrapper

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/go-autorest/autorest/adal"

	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/redact"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// TokenProviderOptions configures [FromTokenProvider]. The zero value is valid.
type TokenProviderOptions struct {
	// Resource is the v1 resource the provider's tokens are for, such as
	// "https://management.azure.com/". GetToken refuses requests for other
	// scopes. When empty, it is read from the provider's token when the
	// provider is an *adal.ServicePrincipalToken (or has a Token() adal.Token
	// method); when still unknown, requested scopes are not checked.
	Resource string
}

// TokenProviderCredential is an azcore.TokenCredential backed by a legacy
// adal token provider: the other direction of [CredentialWrapper], so that a
// team can adopt new SDK clients before touching its authentication code.
// Create one with [FromTokenProvider]. It is safe for concurrent use when the
// provider is (adal's ServicePrincipalToken is).
type TokenProviderCredential struct {
	tp       adal.OAuthTokenProvider
	resource string
}

var _ azcore.TokenCredential = (*TokenProviderCredential)(nil)

// tokenHolder is implemented by *adal.ServicePrincipalToken.
type tokenHolder interface{ Token() adal.Token }

// FromTokenProvider returns an azcore.TokenCredential that serves the tokens
// of tp, typically an *adal.ServicePrincipalToken. Before each GetToken it
// refreshes tp when needed, through adal.RefresherWithContext (with the
// request's context) or adal.Refresher, and it reports the token's real expiry
// (from the adal token, or else from the token's exp claim). Pass nil opts to
// accept the defaults.
func FromTokenProvider(tp adal.OAuthTokenProvider, opts *TokenProviderOptions) (*TokenProviderCredential, error) {
	if tp == nil || isNilPointer(tp) {
		return nil, fmt.Errorf("credwrapper: FromTokenProvider: the token provider is nil (%T)", tp)
	}
	if opts == nil {
		opts = &TokenProviderOptions{}
	}
	return &TokenProviderCredential{tp: tp, resource: opts.Resource}, nil
}

// GetToken implements azcore.TokenCredential. It returns an error when a
// requested scope is not the provider's resource, since an adal provider
// cannot change audience per request. A request with Claims forces a refresh
// (adal cannot request claims; the new token is the best it can do).
func (c *TokenProviderCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if err := c.checkScopes(opts.Scopes, c.resource); err != nil {
		return azcore.AccessToken{}, err
	}
	var err error
	switch r := c.tp.(type) {
	case adal.RefresherWithContext:
		if opts.Claims != "" {
			err = r.RefreshWithContext(ctx)
		} else {
			err = r.EnsureFreshWithContext(ctx)
		}
	case adal.Refresher:
		if opts.Claims != "" {
			err = r.Refresh()
		} else {
			err = r.EnsureFresh()
		}
	}
	if err != nil {
		return azcore.AccessToken{}, fmt.Errorf("credwrapper: refreshing the adal token: %w", err)
	}
	if c.resource == "" {
		// An adal token knows its resource once it has been acquired.
		if h, ok := c.tp.(tokenHolder); ok {
			if err := c.checkScopes(opts.Scopes, h.Token().Resource); err != nil {
				return azcore.AccessToken{}, err
			}
		}
	}
	tok := c.tp.OAuthToken()
	if tok == "" {
		return azcore.AccessToken{}, errors.New("credwrapper: the adal token provider returned an empty token")
	}
	exp := tokenExpiry(c.tp, tok)
	if exp.IsZero() {
		// Unknown expiry: ask again soon; the provider refreshes itself.
		exp = tokentime.Now().Add(2 * time.Minute)
	}
	return azcore.AccessToken{Token: tok, ExpiresOn: exp}, nil
}

// checkScopes refuses scopes for another audience than resource ("" means
// unknown: no check).
func (c *TokenProviderCredential) checkScopes(scopes []string, resource string) error {
	if resource == "" {
		return nil
	}
	for _, s := range scopes {
		if !hostrule.SameAudience(s, resource) {
			return fmt.Errorf("credwrapper: the adal token provider's tokens are for resource %q; it cannot serve scope %q", resource, s)
		}
	}
	return nil
}

// tokenExpiry returns the expiry of tok: from the provider's adal token when it
// has one for this token, else from the JWT's exp claim, else zero.
func tokenExpiry(tp adal.OAuthTokenProvider, tok string) time.Time {
	if h, ok := tp.(tokenHolder); ok {
		if t := h.Token(); t.AccessToken == tok && !t.IsZero() {
			return t.Expires()
		}
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == 0 {
		return time.Time{}
	}
	return time.Unix(claims.Exp, 0)
}

// isNilPointer reports whether v holds a nil pointer (a typed nil, such as a
// nil *adal.ServicePrincipalToken in an interface), which passes a v == nil
// check and panics on first use.
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// String describes the credential without any token. Its receiver is a
// value, so that a struct holding a TokenProviderCredential by value prints
// no token either; a nil *TokenProviderCredential prints as <nil>.
func (c TokenProviderCredential) String() string {
	return fmt.Sprintf("credwrapper.TokenProviderCredential{Provider:%T Resource:%q}", c.tp, c.resource)
}

// GoString is String, for %#v.
func (c TokenProviderCredential) GoString() string { return c.String() }

// Format prints String for every verb, so that no formatting reaches the
// provider's access and refresh tokens.
func (c TokenProviderCredential) Format(f fmt.State, _ rune) { redact.Format(f, c) }
