// Package stage3 has no legacy client left, only a credwrapper.
package stage3

import "github.com/azcompat/credwrapper"

func wrapper() (*credwrapper.CredentialWrapper, error) { return credwrapper.New(nil, nil) }
