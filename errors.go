package credwrapper

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/go-autorest/autorest/adal"
)

var (
	errEmptyToken   = errors.New("the credential returned an empty token")
	errExpiredToken = errors.New("the credential returned a token that has already expired (is the local clock right?)")
	errNoExpiry     = errors.New("the credential returned a token without an expiry time")
	errSameToken    = errors.New("the credential returned the token it returned before, with no later expiry (its own refresh failed)")
)

// TokenError is returned when the credential could not provide a token.
//
// It satisfies adal.TokenRefreshError, so autorest.IsTokenRefreshError
// reports true for it (and for any error wrapping it) and go-autorest's retry
// loops give up at once instead of retrying a request whose token cannot be
// obtained. It wraps the credential's error: use errors.As to reach, for
// example, an *azidentity.AuthenticationFailedError. Its message names the
// scopes and tenant but never contains a token.
type TokenError struct {
	// Scopes are the scopes the token was requested for.
	Scopes []string
	// TenantID is the tenant the token was requested from; empty means the
	// credential's default tenant.
	TenantID string
	// Err is the credential's error (or the caller's context error).
	Err error
}

var (
	_ adal.TokenRefreshError = (*TokenError)(nil)
	_ adal.TokenRefreshError = (*HTTPError)(nil)
	_ adal.TokenRefreshError = (*ChallengeError)(nil)
)

// Error describes the failure without any token.
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("credwrapper: acquiring a token for scopes [")
	b.WriteString(strings.Join(e.Scopes, " "))
	b.WriteString("]")
	if e.TenantID != "" {
		fmt.Fprintf(&b, " in tenant %q", e.TenantID)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

// Unwrap returns the credential's error.
func (e *TokenError) Unwrap() error { return e.Err }

// Response returns nil. It is part of adal.TokenRefreshError; the token
// request's response, if any, is available from the wrapped azidentity error.
func (e *TokenError) Response() *http.Response { return nil }

// NonRetriable marks the error as not to be retried by an azcore pipeline: the
// credential has its own retry policy.
func (e *TokenError) NonRetriable() {}

// HTTPError is returned by the authorizer when it refuses to attach a bearer
// token to a request that is not sent over TLS. The credential is not called.
type HTTPError struct {
	// URL is the request URL, without user information, query or fragment.
	URL string
}

// Error describes the refused request.
func (e *HTTPError) Error() string {
	return "credwrapper: refusing to send a bearer token over plain HTTP to " + e.URL +
		"; use https, or set Options.InsecureAllowCredentialWithHTTP for a local test server"
}

// Response returns nil. It makes HTTPError an adal.TokenRefreshError so that
// go-autorest does not retry a request that can never be authorized.
func (e *HTTPError) Response() *http.Response { return nil }

// NonRetriable marks the error as not to be retried by an azcore pipeline.
func (e *HTTPError) NonRetriable() {}
