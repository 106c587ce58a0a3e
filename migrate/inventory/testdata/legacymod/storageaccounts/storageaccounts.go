// Package storageaccounts calls a legacy client: a constructor, a call, a chained
// call and a method value.
package storageaccounts

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-04-01/storage"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := storage.NewAccountsClient(sub)
	c.Authorizer = a
	if _, err := c.GetProperties(ctx, rg, name, ""); err != nil {
		return err
	}
	if _, err := storage.NewAccountsClient(sub).GetProperties(ctx, rg, name, ""); err != nil {
		return err
	}
	get := c.GetProperties
	_, err := get(ctx, rg, name, "")
	return err
}
