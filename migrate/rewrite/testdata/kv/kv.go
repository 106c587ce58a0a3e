package kv

import (
	"context"
	"fmt"
	"net/http"
	"path"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// Config names the vault.
type Config struct {
	VaultURL string
}

// Secrets and keys of one vault, its Sender set when there is one: one
// azsecrets and one azkeys client replace the legacy client.
func seed(ctx context.Context, w *credwrapper.CredentialWrapper, vault string, sender *http.Client) ([]string, error) {
	client := keyvault.New() // want `keyvault.New: rewritten: azsecrets.NewClient, azkeys.NewClient`
	client.Authorizer = w
	if sender != nil {
		client.Sender = sender
	}
	if _, err := client.SetSecret(ctx, vault, "db-password", keyvault.SecretSetParameters{ // want `keyvault.BaseClient.SetSecret: rewritten: azsecrets.Client.SetSecret`
		Value:       to.StringPtr("s3cr3t"),
		ContentType: to.StringPtr("text/plain"),
		Tags:        map[string]*string{"app": to.StringPtr("billing")},
	}); err != nil {
		return nil, fmt.Errorf("setting db-password: %w", err)
	}
	db, err := client.GetSecret(ctx, vault, "db-password", "") // want `keyvault.BaseClient.GetSecret: rewritten: azsecrets.Client.GetSecret`
	if err != nil {
		return nil, err
	}
	names := []string{*db.Value}
	it, err := client.GetSecretsComplete(ctx, vault, nil) // want `keyvault.BaseClient.GetSecretsComplete: rewritten: azsecrets.Client.NewListSecretPropertiesPager`
	if err != nil {
		return nil, fmt.Errorf("listing secrets: %w", err)
	}
	for it.NotDone() {
		item := it.Value()
		names = append(names, path.Base(*item.ID))
		if err := it.NextWithContext(ctx); err != nil {
			return nil, fmt.Errorf("listing secrets: %w", err)
		}
	}
	if _, err := client.DeleteSecret(ctx, vault, "db-password"); err != nil { // want `keyvault.BaseClient.DeleteSecret: rewritten: azsecrets.Client.DeleteSecret`
		return nil, err
	}

	signing, err := client.CreateKey(ctx, vault, "signing", keyvault.KeyCreateParameters{ // want `keyvault.BaseClient.CreateKey: rewritten: azkeys.Client.CreateKey`
		Kty:           keyvault.EC,
		Curve:         keyvault.P256,
		KeyOps:        &[]keyvault.JSONWebKeyOperation{keyvault.Sign, keyvault.Verify},
		KeyAttributes: &keyvault.KeyAttributes{Enabled: to.BoolPtr(true)},
	})
	if err != nil {
		return nil, err
	}
	latest, err := client.GetKey(ctx, vault, "signing", "") // want `keyvault.BaseClient.GetKey: rewritten: azkeys.Client.GetKey`
	if err != nil {
		return nil, err
	}
	if *latest.Key.Kid != *signing.Key.Kid {
		return nil, fmt.Errorf("the signing key changed: %s", *latest.Key.Kid)
	}
	return names, nil
}

// The authorizer of the vault's resource is a credential too; the vault is
// read after the constructor, so the new client is built there.
func scoped(ctx context.Context, w *credwrapper.CredentialWrapper, cfg Config) error {
	authorizer, err := w.WithScopes(credwrapper.ScopeFromResource("https://vault.azure.net"))
	if err != nil {
		return err
	}
	client := keyvault.New() // want `keyvault.New: rewritten: azkeys.NewClient`
	client.Authorizer = authorizer
	client.RetryAttempts = 5
	vault := cfg.VaultURL
	if _, err := client.DeleteKey(ctx, vault, "wrapping"); err != nil { // want `keyvault.BaseClient.DeleteKey: rewritten: azkeys.Client.DeleteKey`
		return err
	}
	return nil
}

// A helper that returns the client, called once: it builds the new client
// for the vault its caller's calls name, which it takes.
func newClient(w *credwrapper.CredentialWrapper) (keyvault.BaseClient, error) {
	client := keyvault.New() // want `keyvault.New: rewritten: azsecrets.NewClient`
	client.Authorizer = w
	return client, nil
}

func useHelper(ctx context.Context, w *credwrapper.CredentialWrapper, vault string) error {
	client, err := newClient(w)
	if err != nil {
		return err
	}
	_, err = client.GetSecret(ctx, vault, "api-key", "") // want `keyvault.BaseClient.GetSecret: rewritten: azsecrets.Client.GetSecret`
	return err
}

// A helper with an error of its own, whose caller declares the vault after
// calling it and lists keys one per page: the helper returns the legacy
// client too, for the listing.
func scopedClient(w *credwrapper.CredentialWrapper, sender *http.Client) (keyvault.BaseClient, error) {
	authorizer, err := w.WithScopes(credwrapper.ScopeFromResource("https://vault.azure.net"))
	if err != nil {
		return keyvault.BaseClient{}, fmt.Errorf("the vault's scope: %w", err)
	}
	client := keyvault.New() // want `keyvault.New: not rewritten: kept for the calls with no equivalent, which stay on it; the others move to the clients of azkeys.NewClient`
	client.Authorizer = authorizer
	if sender != nil {
		client.Sender = sender
	}
	return client, nil
}

func audit(ctx context.Context, w *credwrapper.CredentialWrapper, cfg Config) (n int, err error) {
	client, err := scopedClient(w, nil)
	if err != nil {
		return 0, err
	}
	vault := cfg.VaultURL
	if _, err := client.DeleteKey(ctx, vault, "wrapping"); err != nil { // want `keyvault.BaseClient.DeleteKey: rewritten: azkeys.Client.DeleteKey`
		return 0, err
	}
	for page, err := client.GetKeys(ctx, vault, to.Int32Ptr(1)); page.NotDone(); err = page.NextWithContext(ctx) { // want `keyvault.BaseClient.GetKeys: not rewritten: the new pager has no page size`
		if err != nil {
			return 0, err
		}
		n += len(page.Values())
	}
	return n, nil
}

// A helper called twice: each caller may name its own vault.
func sharedClient(w *credwrapper.CredentialWrapper) (keyvault.BaseClient, error) {
	client := keyvault.New() // want `keyvault.New: not rewritten: the client is returned by sharedClient, which is called 2 times`
	client.Authorizer = w
	return client, nil
}

func readTwice(ctx context.Context, w *credwrapper.CredentialWrapper, vault string) error {
	a, err := sharedClient(w)
	if err != nil {
		return err
	}
	b, err := sharedClient(w)
	if err != nil {
		return err
	}
	if _, err := a.GetSecret(ctx, vault, "api-key", ""); err != nil { // want `keyvault.BaseClient.GetSecret: not rewritten: the client is not built in this function`
		return err
	}
	_, err = b.GetSecret(ctx, vault, "api-key", "") // want `keyvault.BaseClient.GetSecret: not rewritten: the client is not built in this function`
	return err
}

// Two vaults: one client per vault is not rewritten yet.
func twoVaults(ctx context.Context, w *credwrapper.CredentialWrapper, primary, backup string) error {
	client := keyvault.New() // want `keyvault.New: not rewritten: its calls name different vaults`
	client.Authorizer = w
	s, err := client.GetSecret(ctx, primary, "api-key", "") // want `keyvault.BaseClient.GetSecret: not rewritten with its client: its calls name different vaults`
	if err != nil {
		return err
	}
	_, err = client.SetSecret(ctx, backup, "api-key", keyvault.SecretSetParameters{Value: s.Value}) // want `keyvault.BaseClient.SetSecret: not rewritten with its client: its calls name different vaults`
	return err
}

// A vault that changes between the calls.
func changingVault(ctx context.Context, w *credwrapper.CredentialWrapper, vaults []string) error {
	client := keyvault.New() // want `keyvault.New: not rewritten: its vault vault is assigned or has its address taken`
	client.Authorizer = w
	vault := vaults[0]
	for _, vault = range vaults {
		if _, err := client.DeleteSecret(ctx, vault, "old"); err != nil { // want `keyvault.BaseClient.DeleteSecret: not rewritten with its client: its vault`
			return err
		}
	}
	return nil
}

// One key per page: azkeys' pager has no page size, the requests would
// change.
func pageSize(ctx context.Context, w *credwrapper.CredentialWrapper, vault string) (n int, err error) {
	client := keyvault.New() // want `keyvault.New: not rewritten: keyvault.BaseClient.GetKeysComplete at .*: the new pager has no page size \(maxresults\)`
	client.Authorizer = w
	it, err := client.GetKeysComplete(ctx, vault, to.Int32Ptr(1)) // want `keyvault.BaseClient.GetKeysComplete: not rewritten with its client: .*maxresults`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		n++
	}
	return n, err
}

// One key per page stays on the legacy client, with its settings; the
// secrets move to azsecrets.
func partly(ctx context.Context, w *credwrapper.CredentialWrapper, vault string, sender *http.Client) (n int, err error) {
	client := keyvault.New() // want `keyvault.New: not rewritten: kept for the calls with no equivalent, which stay on it; the others move to the clients of azsecrets.NewClient, for the vault they name`
	client.Authorizer = w
	if sender != nil {
		client.Sender = sender
	}
	if _, err := client.SetSecret(ctx, vault, "api-key", keyvault.SecretSetParameters{Value: to.StringPtr("0123")}); err != nil { // want `keyvault.BaseClient.SetSecret: rewritten: azsecrets.Client.SetSecret`
		return 0, err
	}
	for page, err := client.GetKeys(ctx, vault, to.Int32Ptr(1)); page.NotDone(); err = page.NextWithContext(ctx) { // want `keyvault.BaseClient.GetKeys: not rewritten: the new pager has no page size \(maxresults\).*; it stays on the legacy client`
		if err != nil {
			return 0, err
		}
		n += len(page.Values())
	}
	return n, nil
}

// The vault declared after the helper's call and read only by the calls:
// the helper takes its value, and it goes.
func purgeClient(w *credwrapper.CredentialWrapper) (keyvault.BaseClient, error) {
	client := keyvault.New() // want `keyvault.New: rewritten: azkeys.NewClient`
	client.Authorizer = w
	client.RetryAttempts = 5
	return client, nil
}

func purge(ctx context.Context, w *credwrapper.CredentialWrapper, cfg Config) error {
	client, err := purgeClient(w)
	if err != nil {
		return fmt.Errorf("the vault's client: %w", err)
	}
	vault := cfg.VaultURL
	_, err = client.DeleteKey(ctx, vault, "old") // want `keyvault.BaseClient.DeleteKey: rewritten: azkeys.Client.DeleteKey`
	return err
}

// An exported helper: other packages may call it.
func NewVaultClient(w *credwrapper.CredentialWrapper) (keyvault.BaseClient, error) {
	client := keyvault.New() // want `keyvault.New: not rewritten: the client is returned by NewVaultClient, which other packages may call`
	client.Authorizer = w
	return client, nil
}

// A key's type printed: the enum, a pointer in azkeys, is read into a
// variable before the statement, "" when absent.
func printed(ctx context.Context, w *credwrapper.CredentialWrapper, vault string) error {
	client := keyvault.New() // want `keyvault.New: rewritten: azkeys.NewClient`
	client.Authorizer = w
	k, err := client.CreateKey(ctx, vault, "tls", keyvault.KeyCreateParameters{Kty: keyvault.RSA}) // want `keyvault.BaseClient.CreateKey: rewritten: azkeys.Client.CreateKey`
	if err != nil {
		return err
	}
	fmt.Printf("key type %s\n", k.Key.Kty)
	return nil
}
