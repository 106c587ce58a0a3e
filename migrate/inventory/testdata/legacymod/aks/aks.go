// Package aks calls a legacy client: a constructor, a call, a chained
// call and a method value.
package aks

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/containerservice/mgmt/2021-05-01/containerservice"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := containerservice.NewManagedClustersClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name); err != nil {
		return err
	}
	if _, err := containerservice.NewManagedClustersClient(sub).Get(ctx, rg, name); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name)
	return err
}
