// Package keyvault is a stub of the v68 Key Vault data-plane package.
package keyvault

import "context"

type BaseClient struct{}

type SecretBundle struct{ Value *string }

func New() BaseClient { return BaseClient{} }

func (BaseClient) GetSecret(ctx context.Context, vaultBaseURL, name, version string) (SecretBundle, error) {
	return SecretBundle{}, nil
}
