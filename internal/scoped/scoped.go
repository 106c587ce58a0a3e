// Package scoped asks a CredentialWrapper for the tokens of one scope, as
// every adapter of a track-1 client does (the storage refresher, the
// messaging token providers): the wrapper is checked once, and each call is
// bounded by tokentime.CallTimeout, since the track-1 clients give no context.
package scoped

import (
	"context"
	"errors"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// Source gets the tokens of one scope from a wrapper.
type Source struct {
	opts policy.TokenRequestOptions
	// getToken is the wrapper's GetToken (a test may replace it).
	getToken func(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error)
}

// New returns a source of tokens for scope from w, CAE tokens when cae is
// set.
func New(w *credwrapper.CredentialWrapper, scope string, cae bool) (*Source, error) {
	if w == nil {
		return nil, errors.New("the CredentialWrapper is nil")
	}
	return &Source{opts: policy.TokenRequestOptions{Scopes: []string{scope}, EnableCAE: cae}, getToken: w.GetToken}, nil
}

// Func returns a source whose tokens come from getToken, for tests.
func Func(scope string, getToken func(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error)) *Source {
	return &Source{opts: policy.TokenRequestOptions{Scopes: []string{scope}}, getToken: getToken}
}

// Scope returns the scope of the tokens.
func (s *Source) Scope() string { return s.opts.Scopes[0] }

// Token returns a token, waiting no longer than ctx allows and than
// tokentime.CallTimeout.
func (s *Source) Token(ctx context.Context) (azcore.AccessToken, error) {
	ctx, cancel := context.WithTimeout(ctx, tokentime.CallTimeout)
	defer cancel()
	opts := s.opts
	opts.Scopes = append([]string(nil), opts.Scopes...)
	return s.getToken(ctx, opts)
}
