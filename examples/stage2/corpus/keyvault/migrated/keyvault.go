// Package keyvault is the keyvault program of the corpus migrated by hand to
// azsecrets and azkeys. One call has no equivalent: the legacy GetKeys took
// maxresults, the page size; azkeys' pager leaves the page size to the
// service. The test shows the difference this makes to the requests.
package keyvault

import (
	"context"
	"fmt"
	"log"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azkeys"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"

	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

// secrets are the application's secrets; in production their values come
// from the deployment pipeline.
var secrets = []struct {
	name, value, contentType string
}{
	{"db-password", "s3cr3t-db-password", "text/plain"},
	{"api-key", "0123456789abcdef", "application/x-api-key"},
	{"smtp-password", "s3cr3t-smtp-password", "text/plain"},
}

// Run seeds the vault at env.VaultURL.
func Run(ctx context.Context, env corpus.Env) error {
	// The credential is the wrapper itself: the clients learn the vault's
	// resource from its challenge.
	var opts policy.ClientOptions
	if env.Sender != nil {
		opts.Transport = env.Sender
	}
	secretsClient, err := azsecrets.NewClient(env.VaultURL, env.Credential, &azsecrets.ClientOptions{ClientOptions: opts})
	if err != nil {
		return err
	}
	keys, err := azkeys.NewClient(env.VaultURL, env.Credential, &azkeys.ClientOptions{ClientOptions: opts})
	if err != nil {
		return err
	}

	for _, s := range secrets {
		if _, err := secretsClient.SetSecret(ctx, s.name, azsecrets.SetSecretParameters{
			Value:       to.Ptr(s.value),
			ContentType: to.Ptr(s.contentType),
			Tags:        map[string]*string{"app": to.Ptr("billing")},
		}, nil); err != nil {
			return fmt.Errorf("setting secret %s: %w", s.name, err)
		}
	}
	db, err := secretsClient.GetSecret(ctx, "db-password", "", nil)
	if err != nil {
		return fmt.Errorf("reading db-password: %w", err)
	}
	if *db.Value != secrets[0].value {
		return fmt.Errorf("db-password does not hold the value written")
	}

	pager := secretsClient.NewListSecretPropertiesPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing secrets: %w", err)
		}
		for _, item := range page.Value {
			var contentType string
			if item.ContentType != nil {
				contentType = *item.ContentType
			}
			log.Printf("secret %s (%s)", item.ID.Name(), contentType)
		}
	}
	// Mail goes through the platform's relay now.
	if _, err := secretsClient.DeleteSecret(ctx, "smtp-password", nil); err != nil {
		return fmt.Errorf("deleting smtp-password: %w", err)
	}

	signing, err := keys.CreateKey(ctx, "signing", azkeys.CreateKeyParameters{
		Kty:           to.Ptr(azkeys.KeyTypeEC),
		Curve:         to.Ptr(azkeys.CurveNameP256),
		KeyOps:        []*azkeys.KeyOperation{to.Ptr(azkeys.KeyOperationSign), to.Ptr(azkeys.KeyOperationVerify)},
		KeyAttributes: &azkeys.KeyAttributes{Enabled: to.Ptr(true)},
		Tags:          map[string]*string{"purpose": to.Ptr("tokens")},
	}, nil)
	if err != nil {
		return fmt.Errorf("creating the signing key: %w", err)
	}
	log.Printf("signing key %s (%s)", *signing.Key.KID, *signing.Key.Kty)
	if _, err := keys.CreateKey(ctx, "wrapping", azkeys.CreateKeyParameters{
		Kty:     to.Ptr(azkeys.KeyTypeRSA),
		KeySize: to.Ptr[int32](3072),
		KeyOps:  []*azkeys.KeyOperation{to.Ptr(azkeys.KeyOperationWrapKey), to.Ptr(azkeys.KeyOperationUnwrapKey)},
	}, nil); err != nil {
		return fmt.Errorf("creating the wrapping key: %w", err)
	}

	// The page size is the service's: azkeys has no maxresults.
	keyPager := keys.NewListKeyPropertiesPager(nil)
	for keyPager.More() {
		page, err := keyPager.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("listing keys: %w", err)
		}
		for _, k := range page.Value {
			log.Printf("key %s enabled=%t", k.KID.Name(), *k.Attributes.Enabled)
		}
	}

	latest, err := keys.GetKey(ctx, "signing", "", nil)
	if err != nil {
		return fmt.Errorf("reading the signing key: %w", err)
	}
	if *latest.Key.KID != *signing.Key.KID {
		return fmt.Errorf("the signing key changed: %s", *latest.Key.KID)
	}
	if _, err := keys.DeleteKey(ctx, "wrapping", nil); err != nil {
		return fmt.Errorf("deleting the wrapping key: %w", err)
	}
	return nil
}
