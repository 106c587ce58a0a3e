// Package flow holds legacy clients whose value flows through the
// package: helpers that build them, parameters, struct fields.
package flow

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2021-09-01/storage"
	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper"
)

type env struct {
	endpoint, sub string
	cred          *credwrapper.CredentialWrapper
	sender        *http.Client
}

// A helper builds the client; its caller hands it to functions.
func newGroupsClient(e env) resources.GroupsClient {
	client := resources.NewGroupsClientWithBaseURI(e.endpoint, e.sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	client.Authorizer = e.cred
	if e.sender != nil {
		client.Sender = e.sender
	}
	return client
}

func groups(ctx context.Context, e env) error {
	client := newGroupsClient(e)
	if err := ensure(ctx, client, "rg"); err != nil {
		return err
	}
	return remove(ctx, client, "old")
}

func ensure(ctx context.Context, client resources.GroupsClient, name string) error {
	g, err := client.Get(ctx, name) // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	if err != nil {
		return err
	}
	fmt.Println(*g.Name)
	return nil
}

func remove(ctx context.Context, client resources.GroupsClient, name string) error {
	future, err := client.Delete(ctx, name) // want `resources.GroupsClient.Delete: rewritten: armresources.ResourceGroupsClient.BeginDelete`
	if err != nil {
		return err
	}
	if err := future.WaitForCompletionRef(ctx, client.Client); err != nil {
		return err
	}
	return nil
}

// A helper that already returns an error.
func newAccountsClient(e env) (storage.AccountsClient, error) {
	if e.cred == nil {
		return storage.AccountsClient{}, errors.New("no credential")
	}
	c := storage.NewAccountsClient(e.sub) // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	c.Authorizer = e.cred
	return c, nil
}

func accounts(ctx context.Context, e env) (string, error) {
	c, err := newAccountsClient(e)
	if err != nil {
		return "", err
	}
	acct, err := c.GetProperties(ctx, "rg", "acct", "") // want `storage.AccountsClient.GetProperties: rewritten: armstorage.AccountsClient.GetProperties`
	if err != nil {
		return "", err
	}
	return *acct.ID, nil
}

// Clients held in struct fields, set up on their field paths, one
// multi-assignment setting them all.
type clients struct {
	groups   resources.GroupsClient
	accounts storage.AccountsClient
}

func fields(ctx context.Context, e env) error {
	other := resources.NewGroupsClientWithBaseURI(e.endpoint, e.sub) // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
	c := clients{
		groups:   resources.NewGroupsClientWithBaseURI(e.endpoint, e.sub), // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
		accounts: storage.NewAccountsClientWithBaseURI(e.endpoint, e.sub), // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	}
	other.Authorizer = e.cred
	c.groups.Authorizer = e.cred
	c.accounts.Authorizer = e.cred
	if e.sender != nil {
		other.Sender, c.groups.Sender, c.accounts.Sender = e.sender, e.sender, e.sender
	}
	if err := ensure(ctx, other, "a"); err != nil {
		return err
	}
	g, err := c.groups.Get(ctx, "b") // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	if err != nil {
		return err
	}
	fmt.Println(*g.ID)
	if _, err := c.accounts.Delete(ctx, "rg", "acct"); err != nil { // want `storage.AccountsClient.Delete: rewritten: armstorage.AccountsClient.Delete`
		return err
	}
	return remove(ctx, c.groups, "c")
}

// Two constructors in one statement, and a field set by assignment.
type holder struct {
	groups resources.GroupsClient
}

func twoAtOnce(ctx context.Context, e env) (string, error) {
	a, b := resources.NewGroupsClient(e.sub), resources.NewGroupsClient(e.sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient` `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	a.Authorizer = e.cred
	b.Authorizer = e.cred
	var h holder
	h.groups = resources.NewGroupsClient(e.sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	h.groups.Authorizer = e.cred
	if err := ensure(ctx, a, "a"); err != nil {
		return "", err
	}
	if err := ensure(ctx, h.groups, "h"); err != nil {
		return "", err
	}
	g, err := b.Get(ctx, "b") // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	if err != nil {
		return "", err
	}
	return *g.ID, nil
}

// A helper sets the clients up: what it reads is passed to it under the
// same name.
func configure(c *autorest.Client, e env) {
	c.Authorizer = e.cred
	if e.sender != nil {
		c.Sender = e.sender
	}
}

func configured(ctx context.Context, e env) error {
	a := resources.NewGroupsClient(e.sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	b := storage.NewAccountsClient(e.sub) // want `storage.NewAccountsClient: rewritten: armstorage.NewAccountsClient`
	configure(&a.Client, e)
	configure(&b.Client, e)
	if _, err := a.Get(ctx, "rg"); err != nil { // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
		return err
	}
	_, err := b.Delete(ctx, "rg", "acct") // want `storage.AccountsClient.Delete: rewritten: armstorage.AccountsClient.Delete`
	return err
}

// A helper that returns a struct of clients and no error: it is made to
// return the new constructors' errors.
func newClients(e env) clients {
	c := clients{
		groups:   resources.NewGroupsClientWithBaseURI(e.endpoint, e.sub), // want `resources.NewGroupsClientWithBaseURI: rewritten: armresources.NewResourceGroupsClient`
		accounts: storage.NewAccountsClientWithBaseURI(e.endpoint, e.sub), // want `storage.NewAccountsClientWithBaseURI: rewritten: armstorage.NewAccountsClient`
	}
	c.groups.Authorizer = e.cred
	c.accounts.Authorizer = e.cred
	return c
}

func gained(ctx context.Context, e env) (int, error) {
	c := newClients(e)
	if _, err := c.groups.Get(ctx, "rg"); err != nil { // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
		return 0, err
	}
	_, err := c.accounts.Delete(ctx, "rg", "acct") // want `storage.AccountsClient.Delete: rewritten: armstorage.AccountsClient.Delete`
	return 1, err
}

// A service built by a struct-literal constructor, its client used by
// its methods.
type svc struct {
	groups resources.GroupsClient
}

func newSvc(e env) *svc {
	s := &svc{groups: resources.NewGroupsClient(e.sub)} // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	s.groups.Authorizer = e.cred
	return s
}

func (s *svc) name(ctx context.Context, group string) (string, error) {
	g, err := s.groups.Get(ctx, group) // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	if err != nil {
		return "", err
	}
	return *g.Name, nil
}

func service(ctx context.Context, e env) (string, error) {
	s := newSvc(e)
	return s.name(ctx, "rg")
}

// A client copied to a variable and to a field.
func copied(ctx context.Context, e env) error {
	c := resources.NewGroupsClient(e.sub) // want `resources.NewGroupsClient: rewritten: armresources.NewResourceGroupsClient`
	c.Authorizer = e.cred
	d := c
	var s svc
	s.groups = d
	_, err := s.name(ctx, "rg")
	if err != nil {
		return err
	}
	_, err = d.Get(ctx, "rg") // want `resources.GroupsClient.Get: rewritten: armresources.ResourceGroupsClient.Get`
	return err
}

// What is left, each with why.

// A helper whose caller has no error to return, either.
type box struct {
	groups resources.GroupsClient
}

func newHolder(e env) box {
	h := box{groups: resources.NewGroupsClient(e.sub)} // want `not rewritten: the enclosing function does not return an error last, and the rewrite cannot make newHolder return the new constructor's: the function that calls it at .* does not return an error last`
	h.groups.Authorizer = e.cred
	return h
}

func holderNoError(ctx context.Context, e env) {
	h := newHolder(e)
	_, _ = h.groups.Get(ctx, "rg") // want `not rewritten with its client: the enclosing function does not return an error last, and the rewrite cannot make newHolder`
}

// A settings helper passed another variable than the one it reads.
func renamed(ctx context.Context, other env) error {
	c := resources.NewGroupsClient(other.sub) // want `not rewritten: configure sets the client from e, which is not passed a variable of the same name and type`
	configure(&c.Client, other)
	_, err := c.Get(ctx, "rg") // want `not rewritten with its client: configure sets the client from e`
	return err
}

// A client copied into an interface.
func printed(ctx context.Context, e env) error {
	c := resources.NewGroupsClient(e.sub) // want `not rewritten: the client is passed to fmt.Println`
	c.Authorizer = e.cred
	fmt.Println(c)
	_, err := c.Get(ctx, "rg") // want `not rewritten with its client: the client is passed to fmt.Println`
	return err
}

// A method value.
func methodValue(ctx context.Context, e env) error {
	c := resources.NewGroupsClient(e.sub) // want `not rewritten: the client's method Get is used as a value`
	c.Authorizer = e.cred
	get := c.Get
	_, err := get(ctx, "rg")
	return err
}

// A setting away from the constructor.
func lateSetting(ctx context.Context, e env) error {
	c := resources.NewGroupsClient(e.sub) // want `not rewritten: the client's Sender is read or set at .*, away from its constructor`
	c.Authorizer = e.cred
	_, err := c.Get(ctx, "rg") // want `not rewritten with its client: the client's Sender`
	c.Sender = e.sender
	return err
}

// A helper whose caller has no error to return.
func newPlain(e env) resources.GroupsClient {
	c := resources.NewGroupsClient(e.sub) // want `not rewritten: the function that calls newPlain at .* does not return an error last`
	c.Authorizer = e.cred
	return c
}

func noError(ctx context.Context, e env) {
	c := newPlain(e)
	_, _ = c.Get(ctx, "rg") // want `not rewritten with its client: the function that calls newPlain`
}

// A struct of clients that another file could see: its field is exported.
type Shared struct {
	Groups resources.GroupsClient
}

func shared(ctx context.Context, e env) error {
	s := Shared{Groups: resources.NewGroupsClient(e.sub)} // want `not rewritten: the exported field Groups holds the client`
	s.Groups.Authorizer = e.cred
	_, err := s.Groups.Get(ctx, "rg") // want `not rewritten with its client: the exported field Groups`
	return err
}

// A client no function of the file builds.
func unbuilt(ctx context.Context, c resources.GroupsClient) error {
	_, err := c.Get(ctx, "rg") // want `not rewritten with its client: no constructor of the client is in this file`
	return err
}
