// Package eventhubs calls a legacy client: a constructor, a call, a chained
// call and a method value.
package eventhubs

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/eventhub/mgmt/2017-04-01/eventhub"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := eventhub.NewNamespacesClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name); err != nil {
		return err
	}
	if _, err := eventhub.NewNamespacesClient(sub).Get(ctx, rg, name); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name)
	return err
}
