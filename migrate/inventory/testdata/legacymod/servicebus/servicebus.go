// Package servicebus calls a legacy client: a constructor, a call, a chained
// call and a method value.
package servicebus

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/servicebus/mgmt/2017-04-01/servicebus"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := servicebus.NewNamespacesClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name); err != nil {
		return err
	}
	if _, err := servicebus.NewNamespacesClient(sub).Get(ctx, rg, name); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name)
	return err
}
