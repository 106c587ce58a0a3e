package methodvalues

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

func apply(ctx context.Context, f func(context.Context, string) (resources.Group, error)) error {
	_, err := f(ctx, "rg")
	return err
}

// A method or a constructor taken as a value is counted where it is taken;
// the calls through the value are not counted again.
func values(ctx context.Context, groups resources.GroupsClient) error {
	get := groups.Get // want `resources.GroupsClient.Get: use armresources.ResourceGroupsClient.Get \(.*\) \(taken as a value here: its calls go through it\)`
	if _, err := get(ctx, "rg"); err != nil {
		return err
	}
	if err := apply(ctx, groups.Get); err != nil { // want `resources.GroupsClient.Get: use armresources.ResourceGroupsClient.Get .*taken as a value`
		return err
	}
	del := resources.GroupsClient.Delete // want `resources.GroupsClient.Delete: use armresources.ResourceGroupsClient.BeginDelete .*taken as a value`
	if _, err := del(groups, ctx, "rg"); err != nil {
		return err
	}
	newClient := resources.NewGroupsClient                            // want `resources.NewGroupsClient: use armresources.ResourceGroupsClient .*taken as a value`
	_, err := resources.GroupsClient.Get(newClient("sub"), ctx, "rg") // want `resources.GroupsClient.Get: use armresources.ResourceGroupsClient.Get \(github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3 v3\.0\.1\)$`
	return err
}
