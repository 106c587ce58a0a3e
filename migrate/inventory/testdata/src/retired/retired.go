package retired

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/graphrbac/1.6/graphrbac"
)

// A retired service's client says what took its place.
func user(ctx context.Context) (graphrbac.User, error) {
	users := graphrbac.NewUsersClient("tenant") // want `graphrbac.NewUsersClient: no replacement in the current SDK: Azure AD Graph is retired .*github.com/microsoftgraph/msgraph-sdk-go`
	return users.Get(ctx, "someone")            // want `graphrbac.UsersClient.Get: no replacement in the current SDK: Azure AD Graph is retired`
}
