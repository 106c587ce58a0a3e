package crossfile

import (
	"context"

	"github.com/azcompat/credwrapper"
)

func get(ctx context.Context, sub string, w *credwrapper.CredentialWrapper) error {
	c, err := newGroups(sub, w)
	if err != nil {
		return err
	}
	_, err = c.Get(ctx, "rg") // want `resources.GroupsClient.Get: not rewritten with its client: the client c is declared at .*use.go:10:2`
	return err
}
