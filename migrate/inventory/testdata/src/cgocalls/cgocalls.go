package cgocalls

// static int answer(void) { return 42; }
import "C"

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

// A file that imports "C" is the package's own code, not generated code.
func get(ctx context.Context) (resources.Group, int, error) {
	groups := resources.NewGroupsClient("sub") // want `resources.NewGroupsClient: use armresources.ResourceGroupsClient`
	g, err := groups.Get(ctx, "rg")            // want `resources.GroupsClient.Get: use armresources.ResourceGroupsClient.Get`
	return g, int(C.answer()), err
}
