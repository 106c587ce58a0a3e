// Package resources is a stub of the v68 package, with the shapes the
// inventory looks at.
package resources

import "context"

type GroupsClient struct{ SubscriptionID string }

type Group struct{ Name *string }

type GroupListResultPage struct{}

func (GroupListResultPage) NotDone() bool { return false }

type GroupListResultIterator struct{}

type GroupsDeleteFuture struct{}

func (GroupsDeleteFuture) WaitForCompletionRef(context.Context, GroupsClient) error { return nil }

func NewGroupsClient(subscriptionID string) GroupsClient { return GroupsClient{subscriptionID} }

func NewGroupsClientWithBaseURI(baseURI, subscriptionID string) GroupsClient {
	return GroupsClient{subscriptionID}
}

func (GroupsClient) CreateOrUpdate(ctx context.Context, name string, g Group) (Group, error) {
	return g, nil
}

func (GroupsClient) List(ctx context.Context, filter string, top *int32) (GroupListResultPage, error) {
	return GroupListResultPage{}, nil
}

func (GroupsClient) ListComplete(ctx context.Context, filter string, top *int32) (GroupListResultIterator, error) {
	return GroupListResultIterator{}, nil
}

func (GroupsClient) Delete(ctx context.Context, name string) (GroupsDeleteFuture, error) {
	return GroupsDeleteFuture{}, nil
}

// Frobnicate is no method of the real client: the mapping has no entry.
func (GroupsClient) Frobnicate(ctx context.Context) error { return nil }

func (GroupsClient) Get(ctx context.Context, name string) (Group, error) { return Group{}, nil }
