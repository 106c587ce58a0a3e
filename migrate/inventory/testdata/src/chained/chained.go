package chained

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

// A constructor and a method in one expression are two calls.
func get(ctx context.Context) (resources.Group, error) {
	return resources.NewGroupsClient("sub").Get(ctx, "rg") // want `resources.NewGroupsClient: use armresources.ResourceGroupsClient` `resources.GroupsClient.Get: use armresources.ResourceGroupsClient.Get \(`
}
