// Package vms calls a legacy client: a constructor, a call, a chained
// call and a method value.
package vms

import (
	"context"

	"github.com/Azure/go-autorest/autorest"

	"github.com/Azure/azure-sdk-for-go/services/compute/mgmt/2021-03-01/compute"
)

// Run gets one resource three ways.
func Run(ctx context.Context, a autorest.Authorizer, sub, rg, name string) error {
	c := compute.NewVirtualMachinesClient(sub)
	c.Authorizer = a
	if _, err := c.Get(ctx, rg, name, ""); err != nil {
		return err
	}
	if _, err := compute.NewVirtualMachinesClient(sub).Get(ctx, rg, name, ""); err != nil {
		return err
	}
	get := c.Get
	_, err := get(ctx, rg, name, "")
	return err
}
