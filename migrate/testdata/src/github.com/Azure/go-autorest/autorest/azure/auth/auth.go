// Package auth is a stub of go-autorest's azure/auth for the analyzer's tests.
package auth

import "github.com/Azure/go-autorest/autorest"

func NewAuthorizerFromEnvironment() (autorest.Authorizer, error) { return nil, nil }
