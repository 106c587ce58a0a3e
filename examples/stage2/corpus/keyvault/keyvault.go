// Package keyvault seeds an application's vault: its secrets, with content
// types and tags, and its signing and wrapping keys; it then lists what the
// vault holds, page by page, and removes what the application no longer
// uses.
package keyvault

import (
	"context"
	"fmt"
	"log"
	"path"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

// vaultResource is the resource of Key Vault tokens.
const vaultResource = "https://vault.azure.net"

// secrets are the application's secrets; in production their values come
// from the deployment pipeline.
var secrets = []struct {
	name, value, contentType string
}{
	{"db-password", "s3cr3t-db-password", "text/plain"},
	{"api-key", "0123456789abcdef", "application/x-api-key"},
	{"smtp-password", "s3cr3t-smtp-password", "text/plain"},
}

func newClient(env corpus.Env) (keyvault.BaseClient, error) {
	authorizer, err := env.Credential.WithScopes(credwrapper.ScopeFromResource(vaultResource))
	if err != nil {
		return keyvault.BaseClient{}, err
	}
	client := keyvault.New()
	client.Authorizer = authorizer
	if env.Sender != nil {
		client.Sender = env.Sender
	}
	return client, nil
}

// Run seeds the vault at env.VaultURL.
func Run(ctx context.Context, env corpus.Env) error {
	client, err := newClient(env)
	if err != nil {
		return err
	}
	vault := env.VaultURL

	for _, s := range secrets {
		if _, err := client.SetSecret(ctx, vault, s.name, keyvault.SecretSetParameters{
			Value:       to.StringPtr(s.value),
			ContentType: to.StringPtr(s.contentType),
			Tags:        map[string]*string{"app": to.StringPtr("billing")},
		}); err != nil {
			return fmt.Errorf("setting secret %s: %w", s.name, err)
		}
	}
	db, err := client.GetSecret(ctx, vault, "db-password", "")
	if err != nil {
		return fmt.Errorf("reading db-password: %w", err)
	}
	if *db.Value != secrets[0].value {
		return fmt.Errorf("db-password does not hold the value written")
	}

	it, err := client.GetSecretsComplete(ctx, vault, nil)
	if err != nil {
		return fmt.Errorf("listing secrets: %w", err)
	}
	for it.NotDone() {
		item := it.Value()
		log.Printf("secret %s (%s)", path.Base(*item.ID), to.String(item.ContentType))
		if err := it.NextWithContext(ctx); err != nil {
			return fmt.Errorf("listing secrets: %w", err)
		}
	}
	// Mail goes through the platform's relay now.
	if _, err := client.DeleteSecret(ctx, vault, "smtp-password"); err != nil {
		return fmt.Errorf("deleting smtp-password: %w", err)
	}

	signing, err := client.CreateKey(ctx, vault, "signing", keyvault.KeyCreateParameters{
		Kty:           keyvault.EC,
		Curve:         keyvault.P256,
		KeyOps:        &[]keyvault.JSONWebKeyOperation{keyvault.Sign, keyvault.Verify},
		KeyAttributes: &keyvault.KeyAttributes{Enabled: to.BoolPtr(true)},
		Tags:          map[string]*string{"purpose": to.StringPtr("tokens")},
	})
	if err != nil {
		return fmt.Errorf("creating the signing key: %w", err)
	}
	log.Printf("signing key %s (%s)", *signing.Key.Kid, signing.Key.Kty)
	if _, err := client.CreateKey(ctx, vault, "wrapping", keyvault.KeyCreateParameters{
		Kty:     keyvault.RSA,
		KeySize: to.Int32Ptr(3072),
		KeyOps:  &[]keyvault.JSONWebKeyOperation{keyvault.WrapKey, keyvault.UnwrapKey},
	}); err != nil {
		return fmt.Errorf("creating the wrapping key: %w", err)
	}

	// One key per page, as the audit export does.
	for page, err := client.GetKeys(ctx, vault, to.Int32Ptr(1)); page.NotDone(); err = page.NextWithContext(ctx) {
		if err != nil {
			return fmt.Errorf("listing keys: %w", err)
		}
		for _, k := range page.Values() {
			log.Printf("key %s enabled=%t", path.Base(*k.Kid), *k.Attributes.Enabled)
		}
	}

	latest, err := client.GetKey(ctx, vault, "signing", "")
	if err != nil {
		return fmt.Errorf("reading the signing key: %w", err)
	}
	if *latest.Key.Kid != *signing.Key.Kid {
		return fmt.Errorf("the signing key changed: %s", *latest.Key.Kid)
	}
	if _, err := client.DeleteKey(ctx, vault, "wrapping"); err != nil {
		return fmt.Errorf("deleting the wrapping key: %w", err)
	}
	return nil
}
