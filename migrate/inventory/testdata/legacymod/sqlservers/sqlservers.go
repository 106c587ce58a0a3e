// Package sqlservers calls a legacy client: a constructor, a call, a chained
// call and a method value.
package sqlservers

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/sql/mgmt/2014-04-01/sql"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := sql.NewServersClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name); err != nil {
		return err
	}
	if _, err := sql.NewServersClient(sub).Get(ctx, rg, name); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name)
	return err
}
