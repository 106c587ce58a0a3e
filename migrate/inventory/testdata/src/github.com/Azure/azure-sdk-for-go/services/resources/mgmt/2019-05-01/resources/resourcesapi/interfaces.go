// Package resourcesapi is a stub of the v68 package of the resources
// clients' mock interfaces.
package resourcesapi

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
)

// GroupsClientAPI contains the set of methods on the GroupsClient type.
type GroupsClientAPI interface {
	Get(ctx context.Context, name string) (resources.Group, error)
	Delete(ctx context.Context, name string) (resources.GroupsDeleteFuture, error)
}

var _ GroupsClientAPI = (*resources.GroupsClient)(nil)
