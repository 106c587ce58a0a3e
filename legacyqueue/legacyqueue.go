// Package legacyqueue gives the track-1 Azure Storage queue client,
// github.com/Azure/azure-storage-queue-go (azqueue), a credential whose token
// comes from a credwrapper.CredentialWrapper: the legacy queue client, the
// new azqueue client and every other client of the wrapper share one
// credential and, for Storage, one token.
//
//	w, err := credwrapper.NewDefault(nil)
//	...
//	cred, err := legacyqueue.NewCredential(w, nil)
//	...
//	defer cred.Stop()
//	p := azqueue.NewPipeline(cred, azqueue.PipelineOptions{})
//	queue := azqueue.NewQueueURL(*u, p)
//
// azqueue's TokenCredential calls a refresher on a timer of its own. The
// refresher of this package gets the token through the wrapper's cache and
// schedules the next call at the token's refresh time (RefreshOn, otherwise 5
// minutes before expiry, or half-way for tokens under 10 minutes). A token
// handed back while the wrapper refreshes it is asked for again 30 s later,
// never later than it stops being usable (a quarter of its remaining lifetime,
// at most 30 s, before its expiry): the credential never holds a token past
// that, and the refresher does not poll. After a failure it retries after
// 1 s, doubling to 30 s (or Entra ID's Retry-After, at most 5 minutes), and
// never stops by itself; the credential keeps its token while that token is
// usable, and holds none after. Stop stops it.
//
// A credential never stopped goes on refreshing (it asks the wrapper for a
// token at each refresh time, and after each back-off while that fails)
// until azqueue stops its timer, when the credential is garbage collected:
// once nothing, no pipeline either, refers to it. Call Stop when you are done
// with it.
//
// The tokens are for https://storage.azure.com ([Scope]), which every
// storage account accepts. Code that asked adal for one account's own
// resource, https://<account>.queue.core.windows.net, keeps that audience
// with Options.Scope set to credwrapper.ScopeFromResource of it: such a token
// is valid for that account only.
package legacyqueue

import (
	"fmt"
	"time"

	"github.com/Azure/azure-storage-queue-go/azqueue"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/internal/redact"
	"github.com/azcompat/credwrapper/internal/storagecred"
)

// Scope is the scope of Azure Storage tokens, the same in every cloud.
const Scope = "https://storage.azure.com/.default"

// Options configures NewCredential. The zero value is valid.
type Options struct {
	// Scope is the scope of the tokens; default Scope, valid for every
	// account. Set it to an account's own resource as a scope,
	// credwrapper.ScopeFromResource("https://<account>.queue.core.windows.net"),
	// when the code this credential replaces asked for that resource, so that
	// the tokens keep their audience.
	Scope string
	// EnableCAE asks for Continuous Access Evaluation tokens, the kind new
	// clients ask for, so that this credential and the new clients of the
	// wrapper share one token. The track-1 client cannot answer a CAE claims
	// challenge: after a revoked session its requests fail until the next
	// refresh. Default: ordinary tokens.
	EnableCAE bool
}

// Credential is an azqueue.TokenCredential (pass it to azqueue.NewPipeline)
// whose token comes from a CredentialWrapper.
type Credential struct {
	azqueue.TokenCredential
	r storagecred.Refresher
}

// NewCredential gets a Storage token from w at once, waiting at most a
// minute (an error means there is none), and returns a credential that keeps
// it fresh. Pass nil opts for the defaults.
func NewCredential(w *credwrapper.CredentialWrapper, opts *Options) (*Credential, error) {
	tc, r, err := storagecred.Start("legacyqueue", w, (*storagecred.Options)(opts),
		func(initial string, refresher func(azqueue.TokenCredential) time.Duration) azqueue.TokenCredential {
			return azqueue.NewTokenCredential(initial, refresher)
		})
	if err != nil {
		return nil, err
	}
	return &Credential{TokenCredential: tc, r: r}, nil
}

// Stop stops the refreshes. It waits for a refresh in progress to end; once
// it returns, the credential keeps the token it has and asks for no other
// (azqueue's pending timer fires once more, and does nothing).
func (c *Credential) Stop() { c.r.Stop() }

// Err returns the error of the last refresh, nil when it succeeded: a
// refresh that fails is retried, and the credential keeps its token while
// that token is usable.
func (c *Credential) Err() error { return c.r.Err() }

// String describes the credential without its token. Its receiver is a
// value, so that a struct holding a Credential by value prints no token
// either; a nil *Credential prints as <nil>.
func (c Credential) String() string { return c.r.Describe("legacyqueue.Credential") }

// GoString is String: %#v prints no token either.
func (c Credential) GoString() string { return c.String() }

// Format prints String under every verb (%x, %q, %d...), never the token.
func (c Credential) Format(f fmt.State, _ rune) { redact.Format(f, c) }
