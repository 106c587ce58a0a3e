// Package keyvaultapi is a stub of the v68 package of the Key Vault
// client's mock interface.
package keyvaultapi

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
)

// BaseClientAPI contains the set of methods on the BaseClient type.
type BaseClientAPI interface {
	GetSecret(ctx context.Context, vaultBaseURL, name, version string) (keyvault.SecretBundle, error)
}

var _ BaseClientAPI = (*keyvault.BaseClient)(nil)
