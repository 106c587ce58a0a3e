// Package crossfile holds a client built in one file and called in
// another: each call is reported once, at its own position.
package crossfile

import (
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"

	"github.com/azcompat/credwrapper"
)

func newGroups(sub string, w *credwrapper.CredentialWrapper) (resources.GroupsClient, error) {
	c := resources.NewGroupsClient(sub) // want `resources.NewGroupsClient: not rewritten: newGroups is called from .*use.go:12:12`
	c.Authorizer = w
	return c, nil
}
