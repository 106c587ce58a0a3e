// Package legacyblob gives the track-1 Azure Storage blob client,
// github.com/Azure/azure-storage-blob-go (azblob), a credential whose token
// comes from a credwrapper.CredentialWrapper: the legacy blob client, the
// new azblob client and every other client of the wrapper share one
// credential and, for Storage, one token.
//
//	w, err := credwrapper.NewDefault(nil)
//	...
//	cred, err := legacyblob.NewCredential(w, nil)
//	...
//	defer cred.Stop()
//	p := azblob.NewPipeline(cred, azblob.PipelineOptions{})
//	container := azblob.NewContainerURL(*u, p)
//
// azblob's TokenCredential calls a refresher on a timer of its own. The
// refresher of this package gets the token through the wrapper's cache and
// schedules the next call at the token's refresh time; after a failure it
// retries after 1 s, doubling to 30 s, and never stops by itself. Stop stops
// it (azblob otherwise stops only when the credential is garbage collected).
package legacyblob

import (
	"fmt"
	"io"
	"time"

	"github.com/Azure/azure-storage-blob-go/azblob"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/track1"
)

// Scope is the scope of Azure Storage tokens, the same in every cloud.
const Scope = hostrule.StorageScope

// Options configures NewCredential. The zero value is valid.
type Options struct {
	// Scope is the scope of the tokens; default Scope.
	Scope string
	// EnableCAE asks for Continuous Access Evaluation tokens, the kind new
	// clients ask for, so that this credential and the new clients of the
	// wrapper share one token. The track-1 client cannot answer a CAE claims
	// challenge: after a revoked session its requests fail until the next
	// refresh. Default: ordinary tokens.
	EnableCAE bool
}

// Credential is an azblob.TokenCredential (pass it to azblob.NewPipeline)
// whose token comes from a CredentialWrapper.
type Credential struct {
	azblob.TokenCredential
	r *track1.Refresher
}

// NewCredential gets a Storage token from w at once (an error means there is
// none) and returns a credential that keeps it fresh. Pass nil opts for the
// defaults.
func NewCredential(w *credwrapper.CredentialWrapper, opts *Options) (*Credential, error) {
	if opts == nil {
		opts = &Options{}
	}
	scope := Scope
	if opts.Scope != "" {
		scope = opts.Scope
	}
	tc, r, err := track1.Start(w, scope, opts.EnableCAE, func(initial string, refresher func(azblob.TokenCredential) time.Duration) azblob.TokenCredential {
		return azblob.NewTokenCredential(initial, refresher)
	})
	if err != nil {
		return nil, fmt.Errorf("legacyblob: %w", err)
	}
	return &Credential{TokenCredential: tc, r: r}, nil
}

// Stop stops the refreshes. It waits for a refresh in progress to end; once
// it returns, the credential keeps the token it has and asks for no other
// (azblob's pending timer fires once more, and does nothing).
func (c *Credential) Stop() { c.r.Stop() }

// Err returns the error of the last refresh, nil when it succeeded: a
// refresh that fails is retried, and the credential keeps its token.
func (c *Credential) Err() error { return c.r.Err() }

// String describes the credential without its token.
func (c *Credential) String() string { return "legacyblob.Credential{Scope:" + c.r.Scope() + "}" }

// GoString is String: %#v prints no token either.
func (c *Credential) GoString() string { return c.String() }

// Format prints String under every verb (%x, %q, %d...), never the token.
func (c *Credential) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }
