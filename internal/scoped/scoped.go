// Package scoped asks a credential for the tokens of one scope, as every
// adapter of a track-1 client does (the storage refresher, the messaging
// token providers): the credential is checked once, here, and each call is
// bounded by tokentime.CallTimeout, since the track-1 clients give no context.
package scoped

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/azcompat/credwrapper/internal/tokentime"
)

// errNilCredential is the error of New for a nil credential.
var errNilCredential = errors.New("the credential is nil")

// Source gets the tokens of one scope from a credential.
type Source struct {
	opts policy.TokenRequestOptions
	// getToken is the credential's GetToken (a test may replace it).
	getToken func(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error)
}

// New returns a source of tokens for scope from cred, CAE tokens when cae is
// set. It refuses a nil cred, and a cred that holds a nil pointer (a nil
// *credwrapper.CredentialWrapper passed as an azcore.TokenCredential), whose
// GetToken would panic on the first refresh.
func New(cred azcore.TokenCredential, scope string, cae bool) (*Source, error) {
	if err := checkCredential(cred); err != nil {
		return nil, err
	}
	return &Source{opts: policy.TokenRequestOptions{Scopes: []string{scope}, EnableCAE: cae}, getToken: cred.GetToken}, nil
}

// checkCredential is the one nil check of the adapters' credentials.
func checkCredential(cred azcore.TokenCredential) error {
	if cred == nil {
		return errNilCredential
	}
	switch v := reflect.ValueOf(cred); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		if v.IsNil() {
			return fmt.Errorf("%w: it is a nil %T", errNilCredential, cred)
		}
	}
	return nil
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
