// Package storagecred is the one implementation of the track-1 Storage
// credentials, legacyblob's and legacyqueue's: their options, the first token
// and the refresher (internal/track1), Stop, Err and a description without
// the token. The two packages only name their library's TokenCredential.
package storagecred

import (
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/track1"
)

// Options is the options struct of both packages (each converts its own,
// field for field, to this one).
type Options struct {
	Scope     string // default hostrule.StorageScope
	EnableCAE bool
}

// Refresher is what a Storage credential holds beside its library's
// TokenCredential. Its zero value is the refresher of a zero credential: it
// describes itself and reports no error.
type Refresher struct {
	r       *track1.Refresher
	refresh func() time.Duration // what the library's timer calls
}

// Start gets the first token from cred at once and builds the library's
// credential with newCredential (azblob.NewTokenCredential or azqueue's),
// whose refresher is internal/track1's. pkg prefixes the errors. Pass nil
// opts for the defaults.
func Start[C interface{ SetToken(string) }](pkg string, cred azcore.TokenCredential, opts *Options,
	newCredential func(initial string, refresher func(C) time.Duration) C) (C, Refresher, error) {
	if opts == nil {
		opts = &Options{}
	}
	scope := hostrule.StorageScope
	if opts.Scope != "" {
		scope = opts.Scope
	}
	var refresher func(C) time.Duration
	c, r, err := track1.Start(cred, scope, opts.EnableCAE, func(initial string, refresh func(C) time.Duration) C {
		refresher = refresh
		return newCredential(initial, refresh)
	})
	if err != nil {
		return c, Refresher{}, fmt.Errorf("%s: %w", pkg, err)
	}
	return c, Refresher{r: r, refresh: func() time.Duration { return refresher(c) }}, nil
}

// Refresh does what the library's timer does when it fires: it calls the
// refresher with the credential, which sets the token, and returns the wait
// until the next call (0 after Stop: the timer ends). Tests call it to fire
// the timer on the fake clock.
func (r Refresher) Refresh() time.Duration { return r.refresh() }

// Stop stops the refreshes; see track1.Refresher.Stop.
func (r Refresher) Stop() {
	if r.r != nil {
		r.r.Stop()
	}
}

// Err returns the error of the last refresh, nil when it succeeded.
func (r Refresher) Err() error {
	if r.r == nil {
		return nil
	}
	return r.r.Err()
}

// Describe returns typeName{Scope:<scope>}, or typeName{} for a zero
// Refresher: the String of a credential, without its token.
func (r Refresher) Describe(typeName string) string {
	if r.r == nil {
		return typeName + "{}"
	}
	return typeName + "{Scope:" + r.r.Scope() + "}"
}
