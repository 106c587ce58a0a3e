// Package corpus holds programs written for the legacy Azure SDK for Go (v68
// management clients and the Key Vault data plane) the way real code is
// written: helper functions, loops over pages and iterators, Futures, nested
// models and enums. Each program is a package with one entry,
// Run(ctx, env) error, that any cloud can be named to through an [Env]. Each
// program's test runs it against the credwrappertest fake cloud and compares
// the requests it sends with the recording in its testdata directory: the
// traffic before a migration, which the program must still send after one.
//
// The programs already went through stage 1 of MIGRATION.md: their
// authorizer is a credwrapper.CredentialWrapper, which is also the
// azcore.TokenCredential of the new clients.
package corpus

import (
	"net/http"

	"github.com/azcompat/credwrapper"
)

// Env names the cloud a program runs against.
type Env struct {
	// SubscriptionID is the subscription of every management call.
	SubscriptionID string
	// ResourceManager is the Resource Manager endpoint: the BaseURI of the
	// v68 management clients, such as https://management.azure.com.
	ResourceManager string
	// VaultURL is the Key Vault the program uses, such as
	// https://myvault.vault.azure.net.
	VaultURL string
	// Location is the region of the resources the program creates.
	Location string
	// Credential authorizes every request: an autorest.Authorizer for
	// Resource Manager and an azcore.TokenCredential.
	Credential *credwrapper.CredentialWrapper
	// Sender sends every request; nil for http.DefaultClient.
	Sender *http.Client
}
