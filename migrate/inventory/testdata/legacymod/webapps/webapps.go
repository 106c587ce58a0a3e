// Package webapps calls a legacy client: a constructor, a call, a chained
// call and a method value.
package webapps

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/web/mgmt/2020-12-01/web"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := web.NewAppsClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name); err != nil {
		return err
	}
	if _, err := web.NewAppsClient(sub).Get(ctx, rg, name); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name)
	return err
}
