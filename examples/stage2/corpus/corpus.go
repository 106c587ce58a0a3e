// Package corpus holds programs written for the legacy Azure SDK for Go (v68
// management clients and the Key Vault data plane) the way real code is
// written: helper functions, loops over pages and iterators, Futures, nested
// models and enums. Each program is a package with one entry,
// Run(ctx, env) error, that any cloud can be named to through an [Env]. Each
// program's test runs it against the credwrappertest fake cloud and compares
// the requests it sends with the recording in its testdata directory: the
// traffic before a migration, which the program must still send after one.
//
// The programs:
//
//   - groups: resource groups (CheckExistence, CreateOrUpdate with tags, a
//     ...Complete iterator with $filter, a delete Future);
//   - deployments: templates and parameters as maps, the unprefixed
//     resources.Incremental, Futures with Result, $filter and $top;
//   - storage: Sku and Kind enums, nested *Properties structs, Futures polled
//     through Location, a page loop, ListKeys and checkNameAvailability;
//   - network: *[]Subnet read, appended to and written back, the unprefixed
//     network.Static, network.Dynamic and network.IPv4, UpdateTags;
//   - compute: compute.StandardB2s and nested profiles, powerOff and start
//     operations, a PATCH Future, positional nil arguments;
//   - keyvault: keyvault.New() for secrets and keys, a ...Complete iterator
//     and a page loop with maxresults.
//
// storage/migrated and keyvault/migrated are two of them migrated by hand to
// the current SDK. After a rewrite, go test ./stage2/corpus/... checks each
// program against its recording; go test -update rewrites the recordings
// (only ever from the legacy programs).
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
