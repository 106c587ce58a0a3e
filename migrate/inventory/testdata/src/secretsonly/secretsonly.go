package secretsonly

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
)

type store struct{ kv keyvault.BaseClient }

// Code that reads only secrets is told to use azsecrets alone.
func newStore() *store {
	return &store{kv: keyvault.New()} // want `keyvault.New: use azsecrets.Client \(github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets v1\.5\.1\), built with azsecrets.NewClient, for the methods called on it; the vault URL, an argument of every call today, moves into NewClient$`
}

func (s *store) get(ctx context.Context, name string) (keyvault.SecretBundle, error) {
	return s.kv.GetSecret(ctx, "https://v", name, "") // want `keyvault.BaseClient.GetSecret: use azsecrets.Client.GetSecret`
}
