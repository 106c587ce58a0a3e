// Package graphrbac is a stub of the v68 Azure AD Graph package.
package graphrbac

import "context"

type UsersClient struct{}

type User struct{}

func NewUsersClient(tenantID string) UsersClient { return UsersClient{} }

func (UsersClient) Get(ctx context.Context, upnOrObjectID string) (User, error) { return User{}, nil }
