// Package groups calls a legacy client: a constructor, a call, a chained
// call and a method value.
package groups

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := resources.NewGroupsClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg); err != nil {
		return err
	}
	if _, err := resources.NewGroupsClient(sub).Get(ctx, rg); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg)
	return err
}
