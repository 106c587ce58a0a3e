// Package publicips calls a legacy client: a constructor, a call, a chained
// call and a method value.
package publicips

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/network/mgmt/2021-02-01/network"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := network.NewPublicIPAddressesClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name, ""); err != nil {
		return err
	}
	if _, err := network.NewPublicIPAddressesClient(sub).Get(ctx, rg, name, ""); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name, "")
	return err
}
