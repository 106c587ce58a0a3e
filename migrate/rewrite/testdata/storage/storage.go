package storage

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// An account created through its Future, read with its embedded
// properties, listed page by page and deleted.
func account(ctx context.Context, w *credwrapper.CredentialWrapper, sub, rg string) ([]string, error) {
	accounts := storage.NewAccountsClient(sub) // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	w.Attach(&accounts.Client)
	accounts.RetryAttempts = 2

	future, err := accounts.Create(ctx, rg, "acct", storage.AccountCreateParameters{ // want `storage.AccountsClient.Create: rewritten: armstorage.AccountsClient.BeginCreate`
		Sku:      &storage.Sku{Name: storage.SkuNameStandardLRS},
		Kind:     storage.KindStorageV2,
		Location: to.StringPtr("westeurope"),
		AccountPropertiesCreateParameters: &storage.AccountPropertiesCreateParameters{
			EnableHTTPSTrafficOnly: to.BoolPtr(true),
			MinimumTLSVersion:      storage.MinimumTLSVersionTLS12,
		},
	})
	if err != nil {
		return nil, err
	}
	err = future.WaitForCompletionRef(ctx, accounts.Client)
	if err != nil {
		return nil, err
	}
	created, err := future.Result(accounts)
	if err != nil {
		return nil, err
	}
	out := []string{*created.ID}

	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return nil, err
	}
	out = append(out, *acct.PrimaryEndpoints.Blob, *acct.AccountProperties.PrimaryLocation)

	page, err := accounts.List(ctx) // want `storage.AccountsClient.List: rewritten: armstorage.AccountsClient.NewListPager`
	for ; err == nil && page.NotDone(); err = page.NextWithContext(ctx) {
		for _, a := range page.Values() {
			out = append(out, *a.Name)
		}
	}
	if err != nil {
		return nil, err
	}

	if _, err := accounts.Delete(ctx, rg, "acct"); err != nil { // want `storage.AccountsClient.Delete: rewritten: armstorage.AccountsClient.Delete`
		return nil, err
	}
	return out, nil
}

// Enums compared with constants, which become pointers.
func kinds(ctx context.Context, w *credwrapper.CredentialWrapper, sub, rg string) (bool, error) {
	accounts := storage.NewAccountsClient(sub) // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	accounts.Authorizer = w
	acct, err := accounts.GetProperties(ctx, rg, "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return false, err
	}
	return acct.Kind == storage.KindStorageV2 && acct.AccessTier != storage.AccessTierCool, nil
}
