package credwrapper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"sync/atomic"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
)

// Options configures a [CredentialWrapper]. The zero value is valid: it
// authorizes Azure Resource Manager requests in the public cloud.
type Options struct {
	// Scopes are the scopes of the tokens the wrapper attaches to legacy
	// requests, for example "https://vault.azure.net/.default". Use
	// [ScopeFromResource] to convert a v1 resource. When empty, the wrapper
	// uses the Azure Resource Manager scope of Cloud, built exactly as azcore's
	// arm runtime builds it (audience + "/.default", so
	// "https://management.core.windows.net//.default" in the public cloud:
	// the double slash is not a bug, it is the scope Entra ID expects for a
	// resource ending in a slash), so legacy and new ARM clients request the
	// same token. The slice is copied.
	Scopes []string

	// Cloud is the Azure cloud of the wrapped credential. It selects the
	// default scope. The zero value means cloud.AzurePublic; use
	// cloud.AzureChina, cloud.AzureGovernment, or [CloudFromEnvironment] for a
	// go-autorest azure.Environment.
	Cloud cloud.Configuration

	// TenantID is the tenant tokens are requested from. When empty, the
	// credential's own tenant is used. A tenant other than the credential's
	// must be allowed by the credential (for azidentity credentials, through
	// AdditionallyAllowedTenants).
	TenantID string

	// AuxiliaryTenants are tenants whose tokens the authorizer sends in the
	// x-ms-authorization-auxiliary header, in the order given, for
	// cross-tenant Resource Manager operations. Each tenant has its own cache
	// entry. The credential must allow these tenants (for azidentity
	// credentials, through AdditionallyAllowedTenants). The slice is copied and
	// duplicates are dropped.
	AuxiliaryTenants []string

	// EnableCAE requests Continuous Access Evaluation (CAE) tokens for legacy
	// requests. The zero value requests ordinary tokens.
	//
	// CAE tokens live longer (up to 24 hours) but the service may revoke them
	// at any time by answering 401 with a claims challenge; a legacy client
	// fails that request unless its Sender answers the challenge (install
	// it with [CredentialWrapper.Attach]). New azcore clients always request
	// CAE tokens (and handle the challenge), so with EnableCAE false a legacy
	// client and a new ARM client sharing this wrapper obtain two tokens per
	// audience; with EnableCAE true (and Attach) they share one.
	EnableCAE bool

	// ScopeFromHost makes the authorizer pick the scope from the request's
	// host for well-known services, so that one wrapper serves a legacy
	// codebase that talks to several: Key Vault and Managed HSM
	// (*.vault.azure.net, *.managedhsm.azure.net and their sovereign
	// variants), Storage (*.blob.core.windows.net and the other storage
	// services), the Resource Manager endpoint of Cloud, and Microsoft Graph.
	// Requests to any other host get a token for Scopes. A host is matched on
	// whole DNS labels, so "vault.azure.net.example.com" is not Key Vault.
	// The zero value always uses Scopes.
	ScopeFromHost bool

	// InsecureAllowCredentialWithHTTP lets the authorizer attach bearer tokens
	// to plain http:// requests. The zero value refuses such requests with an
	// [*HTTPError] without calling the credential. Set it only for a local
	// test server: over HTTP the token travels in clear text.
	InsecureAllowCredentialWithHTTP bool

	// Logger receives the token lifecycle as structured events, one record
	// per state transition, its message one of the Msg constants: a token
	// acquired ([MsgTokenAcquired]), a refresh failed and the back-off it
	// entered ([MsgRefreshFailed]), the back-off left ([MsgBackoffLeft]), a
	// token a 401 expired ([MsgTokenExpired]), a claims challenge answered
	// ([MsgClaimsAnswered]), a host's challenge learned
	// ([MsgChallengeLearned]) or refused ([MsgChallengeRefused]), a host
	// refusing the token its challenge named ([MsgHostRefusedToken]). Events
	// carry scopes, tenants, hosts, times and error messages, never a token,
	// claims, secret or query string. Nil: silent. Events happen on state
	// transitions only, never on the request path of a cached token.
	Logger *slog.Logger
}

// DefaultOptions configures [NewDefault]. The zero value is valid.
type DefaultOptions struct {
	// Options configures the wrapper. Its Cloud, TenantID and
	// AuxiliaryTenants also configure the credential, unless Credential sets
	// them.
	Options

	// Credential configures the azidentity.DefaultAzureCredential. It may be
	// nil. The wrapper fills in ClientOptions.Cloud and TenantID when they are
	// unset, and adds AuxiliaryTenants to AdditionallyAllowedTenants.
	Credential *azidentity.DefaultAzureCredentialOptions
}

// CredentialWrapper turns an azcore.TokenCredential into an
// autorest.Authorizer and the adal token-provider interfaces, while remaining
// an azcore.TokenCredential, so that legacy and new clients can share one
// credential and one token cache.
//
// A CredentialWrapper is safe for concurrent use. Its configuration is fixed
// at construction; [CredentialWrapper.WithScopes] derives a wrapper for
// another audience that shares the credential and the cache.
type CredentialWrapper struct {
	validOptions // shared with the wrappers WithScopes derives

	// the following fields are set at construction and never changed
	scopes    []string
	primary   *entry   // cache entry of the legacy path's token
	aux       []*entry // one per auxiliary tenant, in order
	decorator autorest.PrepareDecorator

	// auxHeader is the last x-ms-authorization-auxiliary value built
	auxHeader atomic.Pointer[auxHeader]
	// hostEntries maps a request host to its entry (Options.ScopeFromHost)
	hostEntries hostMap[*entry]
}

// validOptions are a wrapper's Options, validated and copied; they never change.
type validOptions struct {
	cache         *tokenCache // holds the credential
	cloud         cloud.Configuration
	tenantID      string
	auxTenants    []string
	enableCAE     bool
	allowHTTP     bool
	scopeFromHost bool // select the entry by request host (Options.ScopeFromHost)
}

// New wraps cred. Pass nil opts to accept the defaults: Azure Resource
// Manager in the public cloud.
//
// New returns an error, naming the problem, when cred is nil or a scope or
// tenant is malformed.
func New(cred azcore.TokenCredential, opts *Options) (*CredentialWrapper, error) {
	if cred == nil {
		return nil, errors.New("credwrapper: New: the credential is nil; pass an azcore.TokenCredential such as *azidentity.DefaultAzureCredential, or use NewDefault")
	}
	if opts == nil {
		opts = &Options{}
	}
	c := copyCloud(opts.Cloud)
	if isZeroCloud(c) {
		c = copyCloud(cloud.AzurePublic)
	}
	scopes := slices.Clone(opts.Scopes)
	if len(scopes) == 0 {
		s, err := armScope(c)
		if err != nil {
			return nil, err
		}
		scopes = []string{s}
	}
	if err := validateScopes(scopes); err != nil {
		return nil, err
	}
	if opts.TenantID != "" && !validTenantID(opts.TenantID) {
		return nil, fmt.Errorf("credwrapper: Options.TenantID %q is not a valid tenant ID (want a GUID or a domain name)", opts.TenantID)
	}
	var aux []string
	for i, t := range opts.AuxiliaryTenants {
		if !validTenantID(t) {
			return nil, fmt.Errorf("credwrapper: Options.AuxiliaryTenants[%d] %q is not a valid tenant ID (want a GUID or a domain name)", i, t)
		}
		if !slices.Contains(aux, t) {
			aux = append(aux, t)
		}
	}
	return newWrapper(validOptions{
		cache:         newTokenCache(cred, opts.Logger),
		cloud:         c,
		tenantID:      opts.TenantID,
		auxTenants:    aux,
		enableCAE:     opts.EnableCAE,
		allowHTTP:     opts.InsecureAllowCredentialWithHTTP,
		scopeFromHost: opts.ScopeFromHost,
	}, scopes), nil
}

// NewDefault wraps an azidentity.DefaultAzureCredential, the Go form of
// Python's CredentialWrapper(credential=None). Pass nil opts to accept the
// defaults: Azure Resource Manager in the public cloud.
func NewDefault(opts *DefaultOptions) (*CredentialWrapper, error) {
	if opts == nil {
		opts = &DefaultOptions{}
	}
	var co azidentity.DefaultAzureCredentialOptions
	if opts.Credential != nil {
		co = *opts.Credential
	}
	if isZeroCloud(co.Cloud) && !isZeroCloud(opts.Cloud) {
		co.Cloud = copyCloud(opts.Cloud)
	}
	if co.TenantID == "" {
		co.TenantID = opts.TenantID
	}
	co.AdditionallyAllowedTenants = slices.Clone(co.AdditionallyAllowedTenants)
	for _, t := range opts.AuxiliaryTenants {
		if !slices.Contains(co.AdditionallyAllowedTenants, t) && !slices.Contains(co.AdditionallyAllowedTenants, "*") {
			co.AdditionallyAllowedTenants = append(co.AdditionallyAllowedTenants, t)
		}
	}
	cred, err := azidentity.NewDefaultAzureCredential(&co)
	if err != nil {
		return nil, fmt.Errorf("credwrapper: NewDefault: %w", err)
	}
	return New(cred, &opts.Options)
}

// newWrapper makes a wrapper for scopes, looking up its cache entries once so
// the hot path never touches the cache's map.
func newWrapper(s validOptions, scopes []string) *CredentialWrapper {
	w := &CredentialWrapper{validOptions: s, scopes: scopes}
	w.primary = w.cache.entry(scopes, w.tenantID, w.enableCAE, false)
	w.aux = make([]*entry, len(w.auxTenants))
	for i, t := range w.auxTenants {
		w.aux[i] = w.cache.entry(scopes, t, w.enableCAE, false)
	}
	w.decorator = authorizing(w.authorize)
	return w
}

// WithScopes returns a wrapper for other scopes (Key Vault, Storage, Graph)
// that shares this wrapper's credential, options and token cache. It returns an
// error when a scope is malformed.
func (w *CredentialWrapper) WithScopes(scopes ...string) (*CredentialWrapper, error) {
	scopes = slices.Clone(scopes)
	if err := validateScopes(scopes); err != nil {
		return nil, err
	}
	return newWrapper(w.validOptions, scopes), nil
}

// Scopes returns a copy of the scopes of the tokens the wrapper attaches to
// legacy requests.
func (w *CredentialWrapper) Scopes() []string { return slices.Clone(w.scopes) }

// GetToken implements azcore.TokenCredential, so the wrapper can be passed to
// new SDK clients. Requests are served from the same cache as the legacy path:
// a request for the same scopes, tenant and CAE setting receives the same
// token. An empty opts.Scopes means the wrapper's scopes and an empty
// opts.TenantID the wrapper's tenant. A request with opts.Claims (a CAE claims
// challenge) always calls the credential and its token replaces the cached one.
func (w *CredentialWrapper) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	scopes := opts.Scopes
	if len(scopes) == 0 {
		scopes = w.scopes
	}
	tenant := opts.TenantID
	if tenant == "" {
		tenant = w.tenantID
	}
	e := w.primary
	if tenant != w.tenantID || opts.EnableCAE != w.enableCAE || !slices.Equal(scopes, w.scopes) {
		if err := validateScopes(scopes); err != nil {
			return azcore.AccessToken{}, err
		}
		e = w.cache.entry(scopes, tenant, opts.EnableCAE, true)
	}
	var (
		t   *cachedToken
		err error
	)
	if opts.Claims != "" {
		t, err = e.answer(ctx, "", opts.Claims, "")
	} else {
		t, err = e.get(ctx)
	}
	if err != nil {
		return azcore.AccessToken{}, err
	}
	return t.token, nil
}

// String describes the wrapper's configuration. It never includes a token.
func (w *CredentialWrapper) String() string {
	if w == nil {
		return "credwrapper.CredentialWrapper(nil)"
	}
	return fmt.Sprintf("credwrapper.CredentialWrapper{Scopes:%q TenantID:%q AuxiliaryTenants:%q EnableCAE:%t Credential:%T}",
		w.scopes, w.tenantID, w.auxTenants, w.enableCAE, w.cache.cred)
}

// GoString is String, for %#v.
func (w *CredentialWrapper) GoString() string { return w.String() }

// Format prints String for every verb, so that no formatting of a wrapper
// (%v, %+v, %#v, %s, %x...) reaches the cached tokens.
func (w *CredentialWrapper) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, w.String()) }

var tenantIDPattern = regexp.MustCompile(`^[0-9a-zA-Z.-]+$`)

// validTenantID applies azidentity's rule for tenant IDs.
func validTenantID(t string) bool { return tenantIDPattern.MatchString(t) }

func isZeroCloud(c cloud.Configuration) bool {
	return c.ActiveDirectoryAuthorityHost == "" && len(c.Services) == 0
}
