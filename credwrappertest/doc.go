// Package credwrappertest runs a fake Azure cloud in process, for tests that
// drive real azidentity credentials and real SDK clients, old and new, side by
// side, without a network.
//
// A [Cloud] holds three HTTPS servers on loopback: a fake Microsoft Entra ID
// ([Entra]: OIDC metadata and the v2 token endpoint, issuing JWT-shaped tokens
// with aud, iss, tid, iat, nbf, exp and xms_cc), a fake Azure Resource Manager
// ([ARM]: subscriptions, resource groups and, through [Resources], any
// resource, checking every token, able to
// send a CAE claims challenge) and a fake Key Vault ([KeyVault]: secrets,
// with challenge-based authentication as the real service does). Each service
// records what it received ([Recorder]) so a test can assert on token
// audiences, the number of distinct tokens, and requests sent without one.
//
//	fc := credwrappertest.NewTest(t, nil)
//	cred, cfg, err := fc.Credential() // a real *azidentity.ClientSecretCredential
//	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
//	legacy := resources.NewGroupsClientWithBaseURI(fc.ARM.URL, fc.SubscriptionID)
//	legacy.Authorizer, legacy.Sender = w, fc.Client()
//	client, err := armresources.NewResourceGroupsClient(fc.SubscriptionID, w,
//		&arm.ClientOptions{ClientOptions: fc.ClientOptions()})
//	...
//	fc.Entra.TokenRequests()     // how many tokens were issued
//	fc.ARM.DistinctTokens()      // how many different tokens ARM saw
//
// Time in a test is a [Clock] the test advances, not a sleep: pass its Now as
// [Options].Now, and as the clock of the code under test, and advancing it
// expires tokens at the services too. azidentity's cache (MSAL) keeps the
// real clock, but it fetches a token of under five minutes' lifetime every
// time it is asked ([Options].TokenLifetime), so the code under test decides
// when a token is fetched.
//
// [Cloud.Client] trusts the servers' certificate and refuses to dial anything
// but loopback addresses and the fake host names, so a misconfigured test
// fails instead of reaching Azure. The package uses only the standard library,
// azcore and azidentity.
//
// # Stage 2: the same requests before and after
//
// Behind ARM's token checks, [Resources] is a generic Resource Manager: it
// stores any resource by ID and answers PUT, PATCH, GET, DELETE, POST
// actions (with responses set by [Resources.SetAction]) and collection GETs
// paged by nextLink. Long-running operations complete synchronously or
// through Azure-AsyncOperation or Location polling ([Resources.SetLRO]),
// without making clients wait. [Cloud.Traffic] records every request ARM and
// the Key Vault receive (method, path, query, api-version, canonical JSON
// body), and [Compare] tells whether two programs, such as one written for
// the legacy SDK and its migration to the new modules, sent the same
// requests, setting aside polls and the final GETs only one SDK sends:
//
//	fc.ARM.Resources.SetLRO("PUT Microsoft.Storage/storageAccounts", credwrappertest.Location)
//	runLegacy(ctx, fc)
//	before := fc.Traffic.Recording()
//	fc.Traffic.Reset()
//	runMigrated(ctx, fc)
//	c := credwrappertest.Compare(before, fc.Traffic.Recording())
//	if !c.Equal {
//		t.Errorf("the migrated program sends other requests:\n%s", c.Diff)
//	}
//
// With [RecordEnv] set, every cloud appends its recording to a file when it
// closes, so that a whole test suite's requests can be compared before and
// after a migration without changing its tests.
package credwrappertest
