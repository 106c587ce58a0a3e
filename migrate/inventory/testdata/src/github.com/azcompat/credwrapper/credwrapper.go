// Package credwrapper is a stub of the root package.
package credwrapper

type CredentialWrapper struct{}

type Options struct{}

func New(cred any, opts *Options) (*CredentialWrapper, error) { return &CredentialWrapper{}, nil }
