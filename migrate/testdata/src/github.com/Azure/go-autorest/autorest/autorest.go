// Package autorest is a stub of go-autorest's autorest for the analyzer's tests.
package autorest

import "net/http"

type Authorizer interface{ WithAuthorization() func() }
type Sender interface {
	Do(*http.Request) (*http.Response, error)
}
type Client struct {
	Authorizer Authorizer
	Sender     Sender
}
type BearerAuthorizer struct{}

func (*BearerAuthorizer) WithAuthorization() func() { return nil }

type OAuthTokenProvider interface{ OAuthToken() string }

func NewBearerAuthorizer(tp OAuthTokenProvider) *BearerAuthorizer { return nil }

type BearerAuthorizerCallbackFunc func(tenantID, resource string) (*BearerAuthorizer, error)
type BearerAuthorizerCallback struct{}

func (*BearerAuthorizerCallback) WithAuthorization() func() { return nil }
func NewBearerAuthorizerCallback(s Sender, f BearerAuthorizerCallbackFunc) *BearerAuthorizerCallback {
	return nil
}
