package vaultvars

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
)

// Each client variable gets the clients of the methods called on it.
func vault(ctx context.Context) error {
	keys := keyvault.New()                                            // want `keyvault.New: use azkeys.Client \(github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azkeys v[0-9.]+\), built with azkeys.NewClient, for the methods called on it; the vault URL`
	if _, err := keys.GetKey(ctx, "https://v", "k", ""); err != nil { // want `keyvault.BaseClient.GetKey: use azkeys.Client.GetKey`
		return err
	}
	var both = keyvault.New()                                            // want `keyvault.New: use one client per family of the methods called on it: azsecrets.Client \(.*\), built with azsecrets.NewClient; azcertificates.Client \(.*\), built with azcertificates.NewClient; the vault URL, an argument of every call today, moves into NewClient`
	if _, err := both.GetSecret(ctx, "https://v", "s", ""); err != nil { // want `keyvault.BaseClient.GetSecret: use azsecrets.Client.GetSecret`
		return err
	}
	if _, err := both.GetSecret(ctx, "https://v", "t", ""); err != nil { // want `keyvault.BaseClient.GetSecret: use azsecrets.Client.GetSecret`
		return err
	}
	if _, err := both.GetCertificate(ctx, "https://v", "c", ""); err != nil { // want `keyvault.BaseClient.GetCertificate: use azcertificates.Client.GetCertificate`
		return err
	}
	use(keyvault.New()) // want `keyvault.New: use one client per family of the methods called on it: azsecrets.Client .*azcertificates.Client .*azkeys.Client .*the vault URL`
	return nil
}

func use(keyvault.BaseClient) {}
