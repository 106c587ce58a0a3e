// Package keyvault is a stub of the v68 Key Vault data-plane package.
package keyvault

import "context"

type BaseClient struct{}

type SecretBundle struct{ Value *string }

func New() BaseClient { return BaseClient{} }

func (BaseClient) GetSecret(ctx context.Context, vaultBaseURL, name, version string) (SecretBundle, error) {
	return SecretBundle{}, nil
}

type KeyBundle struct{}

type CertificateBundle struct{}

func (BaseClient) GetKey(ctx context.Context, vaultBaseURL, name, version string) (KeyBundle, error) {
	return KeyBundle{}, nil
}

func (BaseClient) GetCertificate(ctx context.Context, vaultBaseURL, name, version string) (CertificateBundle, error) {
	return CertificateBundle{}, nil
}
