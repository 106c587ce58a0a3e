package cae

import (
	"github.com/Azure/go-autorest/autorest"
	"github.com/azcompat/credwrapper"
)

type groupsClient struct{ autorest.Client }

func withoutAttach(cred any) {
	w, _ := credwrapper.New(cred, &credwrapper.Options{EnableCAE: true})
	var groups groupsClient
	groups.Authorizer = w // want `w was built with EnableCAE but this client has no Sender of it`
}

func withAttach(cred any) {
	w, _ := credwrapper.New(cred, &credwrapper.Options{EnableCAE: true})
	var groups groupsClient
	groups.Authorizer = w
	w.Attach(&groups.Client)
}

func withSender(cred any) {
	w, _ := credwrapper.New(cred, &credwrapper.Options{EnableCAE: true})
	var groups groupsClient
	groups.Authorizer = w
	groups.Sender = w.Sender(groups.Sender)
}

func withoutCAE(cred any) {
	w, _ := credwrapper.New(cred, nil)
	var groups groupsClient
	groups.Authorizer = w
}

func defaultWithCAE() {
	w, _ := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{EnableCAE: true}})
	var vaults groupsClient
	vaults.Authorizer = w // want `w was built with EnableCAE`
}
