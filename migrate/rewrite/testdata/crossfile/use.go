package crossfile

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"

	"github.com/azcompat/credwrapper"
)

func get(ctx context.Context, sub string, w *credwrapper.CredentialWrapper) error {
	c, err := newGroups(sub, w)
	if err != nil {
		return err
	}
	_, err = c.Get(ctx, "rg") // want `resources.GroupsClient.Get: not rewritten with its client: the client c is declared at .*use.go:12:2`
	return err
}

// A client built and set up, but never called.
func attachedOnly(sub string, w *credwrapper.CredentialWrapper) error {
	groups := resources.NewGroupsClient(sub) // want `resources.NewGroupsClient: not rewritten: none of the client's methods is called`
	w.Attach(&groups.Client)
	return nil
}
