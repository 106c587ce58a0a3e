// Command keyvault reads and writes a Key Vault secret with the legacy v68 Key
// Vault client (v7.1) and with the new azsecrets client through one
// credential.
//
// By default it runs offline against the credwrappertest fake cloud:
//
//	go -C examples run ./keyvault
//
// With -live it wraps azidentity.DefaultAzureCredential and reads the secret
// named by -secret from the vault at AZURE_KEYVAULT_URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"
	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	autorestto "github.com/Azure/go-autorest/autorest/to"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

func main() {
	live := flag.Bool("live", false, "use credwrapper.NewDefault and AZURE_KEYVAULT_URL against real Azure")
	name := flag.String("secret", "credwrapper-demo", "the secret to read (with -live)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, *live, *name); err != nil {
		fmt.Fprintln(os.Stderr, "keyvault:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, live bool, name string) error {
	var (
		w        *credwrapper.CredentialWrapper
		vaultURL string
		opts     azsecrets.ClientOptions
		fc       *credwrappertest.Cloud
		err      error
	)
	if live {
		if vaultURL = os.Getenv("AZURE_KEYVAULT_URL"); vaultURL == "" {
			return errors.New("-live needs AZURE_KEYVAULT_URL")
		}
		w, err = credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{EnableCAE: true}})
	} else {
		if fc, err = credwrappertest.New(nil); err != nil {
			return err
		}
		defer fc.Close()
		cred, cfg, cerr := fc.Credential()
		if cerr != nil {
			return cerr
		}
		vaultURL = fc.KeyVault.URL
		opts.ClientOptions = fc.ClientOptions()
		// TenantID: azsecrets learns the tenant from the vault's challenge and
		// asks for it by name; naming it here too lets the legacy path share
		// that token. EnableCAE: azsecrets always asks for CAE tokens.
		w, err = credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, TenantID: fc.TenantID, EnableCAE: true})
	}
	if err != nil {
		return err
	}

	// Legacy: the v7.1 BaseClient with a wrapper for the Key Vault audience.
	kvw, err := w.WithScopes(credwrapper.ScopeFromResource(credwrappertest.KeyVaultResource))
	if err != nil {
		return err
	}
	legacy := keyvault.New()
	legacy.Authorizer = kvw
	if fc != nil {
		legacy.Sender = fc.Client()
	}
	// New: azsecrets with the same wrapper as its credential.
	client, err := azsecrets.NewClient(vaultURL, w, &opts)
	if err != nil {
		return fmt.Errorf("azsecrets: %w", err)
	}

	if !live {
		if _, err := client.SetSecret(ctx, name, azsecrets.SetSecretParameters{Value: to.Ptr("written by azsecrets")}, nil); err != nil {
			return fmt.Errorf("azsecrets SetSecret: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-22s %s\n", "new", "Client.SetSecret", name)
	}
	lb, err := legacy.GetSecret(ctx, vaultURL, name, "")
	if err != nil {
		return fmt.Errorf("legacy GetSecret: %w", err)
	}
	fmt.Fprintf(out, "%-6s %-22s %s = %q\n", "legacy", "BaseClient.GetSecret", name, redact(live, *lb.Value))
	if !live {
		if _, err := legacy.SetSecret(ctx, vaultURL, name, keyvault.SecretSetParameters{Value: autorestto.StringPtr("written by the legacy client")}); err != nil {
			return fmt.Errorf("legacy SetSecret: %w", err)
		}
		fmt.Fprintf(out, "%-6s %-22s %s\n", "legacy", "BaseClient.SetSecret", name)
	}
	nb, err := client.GetSecret(ctx, name, "", nil)
	if err != nil {
		return fmt.Errorf("azsecrets GetSecret: %w", err)
	}
	fmt.Fprintf(out, "%-6s %-22s %s = %q\n", "new", "Client.GetSecret", name, redact(live, *nb.Value))

	if fc != nil {
		fmt.Fprintf(out, "\nKey Vault received %d requests (%d without a token: azsecrets' challenge discovery) carrying %d distinct token(s)\n",
			len(fc.KeyVault.Requests()), fc.KeyVault.Unauthenticated(), fc.KeyVault.DistinctTokens())
		fmt.Fprintf(out, "Entra ID issued %d token(s)\n", fc.Entra.TokenRequests())
	}
	return nil
}

// redact hides real secret values; the fake's are printed.
func redact(live bool, v string) string {
	if live {
		return fmt.Sprintf("<%d characters>", len(v))
	}
	return v
}
