// Package traps holds what the rewrite leaves as it is, each with why.
package traps

import (
	"context"
	"time"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
)

// A Future handed to another function.
func futurePassed(ctx context.Context, w *credwrapper.CredentialWrapper) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*its Future f is used as a value`
	c.Authorizer = w
	f, err := c.Delete(ctx, "rg") // want `not rewritten with its client: .*its Future f is used as a value`
	if err != nil {
		return err
	}
	return wait(ctx, c, f)
}

func wait(ctx context.Context, c resources.GroupsClient, f resources.GroupsDeleteFuture) error {
	return f.WaitForCompletionRef(ctx, c.Client)
}

// A client handed to an exported function, which users outside the
// package call with the legacy client.
func clientPassed(ctx context.Context, w *credwrapper.CredentialWrapper) ([]string, error) {
	c := resources.NewGroupsClient("sub") // want `not rewritten: the exported function List carries the client`
	c.Authorizer = w
	return List(ctx, c)
}

func List(ctx context.Context, c resources.GroupsClient) ([]string, error) {
	var names []string
	it, err := c.ListComplete(ctx, "", nil) // want `not rewritten with its client: the exported function List carries the client`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		names = append(names, *it.Value().Name)
	}
	return names, err
}

// A setting with no equivalent.
func pollingDelay(w *credwrapper.CredentialWrapper) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: its PollingDelay has no equivalent`
	c.Authorizer = w
	c.PollingDelay = 5 * time.Second
	_, err := c.Get(context.Background(), "rg") // want `not rewritten with its client: its PollingDelay`
	return err
}

// A string variable that the legacy client leaves out when empty.
func filterVariable(ctx context.Context, w *credwrapper.CredentialWrapper, filter string) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*the argument filter is a string variable`
	c.Authorizer = w
	it, err := c.ListComplete(ctx, filter, nil) // want `not rewritten with its client: .*string variable`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		_ = it.Value().Name
	}
	return err
}

// The HTTP response of a result.
func statusCode(ctx context.Context, w *credwrapper.CredentialWrapper) (int, error) {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*reads the HTTP response`
	c.Authorizer = w
	g, err := c.Get(ctx, "rg") // want `not rewritten with its client: .*reads the HTTP response`
	return g.StatusCode, err
}

// An enum read as a value, which becomes a pointer.
func enumRead(ctx context.Context, w *credwrapper.CredentialWrapper) (string, error) {
	c := storage.NewAccountsClient("sub") // want `not rewritten: .*acct.Kind has type .*Kind, which becomes`
	c.Authorizer = w
	acct, err := c.GetProperties(ctx, "rg", "acct", "") // want `not rewritten with its client: .*acct.Kind`
	return string(acct.Kind), err
}

// No error to return the new constructor's.
func noError(ctx context.Context, w *credwrapper.CredentialWrapper) {
	c := resources.NewGroupsClient("sub") // want `not rewritten: the enclosing function does not return an error`
	c.Authorizer = w
	_, _ = c.Get(ctx, "rg") // want `not rewritten with its client: the enclosing function`
}

// Arguments whose order of evaluation would change.
func order(ctx context.Context, w *credwrapper.CredentialWrapper, top func() *int32) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*has calls: bind it to a variable first`
	c.Authorizer = w
	it, err := c.ListComplete(ctx, "", top()) // want `not rewritten with its client: .*has calls`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		_ = it.Value().Name
	}
	return err
}

// A model built by another function.
func modelElsewhere(ctx context.Context, w *credwrapper.CredentialWrapper) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*a legacy model built elsewhere`
	c.Authorizer = w
	_, err := c.CreateOrUpdate(ctx, "rg", newGroup()) // want `not rewritten with its client: .*a legacy model built elsewhere`
	return err
}

func newGroup() resources.Group { return resources.Group{Location: to.StringPtr("westeurope")} }

// An authorizer that is no azcore.TokenCredential.
func otherAuthorizer(ctx context.Context) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: its Authorizer \(autorest.NullAuthorizer\) is not an azcore.TokenCredential`
	c.Authorizer = autorest.NullAuthorizer{}
	_, err := c.Get(ctx, "rg") // want `not rewritten with its client: its Authorizer`
	return err
}

// A loop that breaks: the break would act on the new inner loop.
func loopBreaks(ctx context.Context, w *credwrapper.CredentialWrapper) error {
	c := resources.NewGroupsClient("sub") // want `not rewritten: .*has a break of the loop`
	c.Authorizer = w
	it, err := c.ListComplete(ctx, "", nil) // want `not rewritten with its client: .*break`
	for ; err == nil && it.NotDone(); err = it.NextWithContext(ctx) {
		if *it.Value().Name == "stop" {
			break
		}
	}
	return err
}
