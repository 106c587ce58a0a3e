// Package credwrapper is a stub of credwrapper for the analyzer's tests.
package credwrapper

import "github.com/Azure/go-autorest/autorest"

type Options struct{ EnableCAE bool }
type DefaultOptions struct{ Options Options }
type CredentialWrapper struct{}

func (*CredentialWrapper) WithAuthorization() func()                { return nil }
func (*CredentialWrapper) Attach(c *autorest.Client)                {}
func (*CredentialWrapper) Sender(s autorest.Sender) autorest.Sender { return s }
func New(cred any, o *Options) (*CredentialWrapper, error)          { return nil, nil }
func NewDefault(o *DefaultOptions) (*CredentialWrapper, error)      { return nil, nil }
