package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyVaultOffline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, run(ctx, &out, false, "db-password"))
	got := out.String()
	t.Log("\n" + got)
	for _, want := range []string{
		`legacy BaseClient.GetSecret   db-password = "written by azsecrets"`,
		`new    Client.GetSecret       db-password = "written by the legacy client"`,
		"carrying 1 distinct token(s)",
		"Entra ID issued 1 token(s)",
	} {
		assert.Contains(t, got, want)
	}
}

func TestKeyVaultLiveNeedsURL(t *testing.T) {
	t.Setenv("AZURE_KEYVAULT_URL", "")
	require.ErrorContains(t, run(context.Background(), &bytes.Buffer{}, true, "x"), "AZURE_KEYVAULT_URL")
}
