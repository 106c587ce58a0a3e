package credwrappertest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseResourcePath(t *testing.T) {
	for _, tc := range []struct {
		path             string
		id, typ, name    string
		collection, fail bool
	}{
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acc",
			id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acc", typ: "Microsoft.Storage/storageAccounts", name: "acc"},
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts",
			id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage", typ: "Microsoft.Storage/storageAccounts", collection: true},
		{path: "/subscriptions/s/providers/Microsoft.Storage/storageAccounts",
			id: "/subscriptions/s/providers/Microsoft.Storage", typ: "Microsoft.Storage/storageAccounts", collection: true},
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
			id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a", typ: "Microsoft.Network/virtualNetworks/subnets", name: "a"},
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm/start",
			id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm", typ: "Microsoft.Compute/virtualMachines/start", collection: true},
		{path: "/subscriptions/s/resourceGroups/g", fail: true},
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage", fail: true},
		{path: "/tenants/t/providers/Microsoft.Storage/x", fail: true},
		{path: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts//x", fail: true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			p, err := parseResourcePath(tc.path)
			if tc.fail {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "credwrappertest: ")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.id, p.id)
			assert.Equal(t, tc.typ, p.typ)
			assert.Equal(t, tc.name, p.name)
			assert.Equal(t, tc.collection, p.collection)
		})
	}
}

func TestCanonicalJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  \n", ""},
		{`{"b":1, "a":{"d":null,"c":"x"}}`, `{"a":{"c":"x"},"b":1}`},
		{`{"properties":{},"tags":{"k":"v"}}`, `{"tags":{"k":"v"}}`},
		{`{"properties":{"x":null,"y":{}}}`, `{}`},
		{`{"subnets":[],"n":1.50}`, `{"n":1.50,"subnets":[]}`},
		{`[{"b":null,"a":"<&>"}]`, `[{"a":"<&>"}]`},
		{`not json`, `not json`},
	} {
		assert.Equal(t, tc.want, CanonicalJSON([]byte(tc.in)), tc.in)
	}
}

func TestCompare(t *testing.T) {
	put := Call{Service: "arm", Method: "PUT", Path: "/subscriptions/s/resourcegroups/g", APIVersion: "2019-05-01", Body: `{"location":"westus"}`, Status: 201}
	putNew := put
	putNew.Path, putNew.APIVersion = "/subscriptions/s/resourceGroups/g", "2024-03-01"
	finalGet := Call{Service: "arm", Method: "GET", Path: put.Path, APIVersion: "2019-05-01", Status: 200}
	poll := Call{Service: "arm", Method: "GET", Path: "/subscriptions/s/providers/Microsoft.Resources/locations/fake/operationStatuses/op-000001", Poll: true, Status: 200}
	del := Call{Service: "arm", Method: "DELETE", Path: put.Path, APIVersion: "2019-05-01", Status: 200}
	challenge := Call{Service: "keyvault", Method: "GET", Path: "/secrets/a/", APIVersion: "7.0", Status: 401}
	get := Call{Service: "keyvault", Method: "GET", Path: "/secrets/a/", APIVersion: "7.0", Status: 200}

	t.Run("final GETs, polls and challenges set aside; api-versions reported", func(t *testing.T) {
		c := Compare(Recording{put, finalGet, poll, del, get}, Recording{putNew, poll, poll, del, challenge, get})
		assert.True(t, c.Equal, c.Diff)
		assert.Empty(t, c.Diff)
		assert.Equal(t, []string{"PUT /subscriptions/s/resourcegroups/g: 2019-05-01 -> 2024-03-01"}, c.APIVersions)
		assert.Equal(t, [2]int{2, 3}, c.SetAside)
	})
	t.Run("a GET after another request is compared", func(t *testing.T) {
		c := Compare(Recording{put, del, finalGet}, Recording{put, del})
		assert.False(t, c.Equal)
		assert.Equal(t, "  PUT /subscriptions/s/resourcegroups/g {\"location\":\"westus\"}\n"+
			"  DELETE /subscriptions/s/resourcegroups/g\n"+
			"- GET /subscriptions/s/resourcegroups/g\n", c.Diff)
	})
	t.Run("a different body is a readable diff", func(t *testing.T) {
		other := put
		other.Body = `{"location":"eastus"}`
		c := Compare(Recording{put, del}, Recording{other, del})
		assert.False(t, c.Equal)
		assert.Equal(t, "- PUT /subscriptions/s/resourcegroups/g {\"location\":\"westus\"}\n"+
			"+ PUT /subscriptions/s/resourcegroups/g {\"location\":\"eastus\"}\n"+
			"  DELETE /subscriptions/s/resourcegroups/g\n", c.Diff)
	})
	t.Run("a query is compared", func(t *testing.T) {
		list := Call{Service: "arm", Method: "GET", Path: "/subscriptions/s/resourcegroups", Query: "%24top=5"}
		c := Compare(Recording{list}, Recording{Call{Service: "arm", Method: "GET", Path: list.Path}})
		assert.False(t, c.Equal)
		assert.Equal(t, "- GET /subscriptions/s/resourcegroups?%24top=5\n+ GET /subscriptions/s/resourcegroups\n", c.Diff)
	})
	t.Run("String marks what is set aside", func(t *testing.T) {
		assert.Equal(t, "  PUT /subscriptions/s/resourcegroups/g (api-version 2019-05-01) {\"location\":\"westus\"}\n"+
			"~ GET /subscriptions/s/resourcegroups/g (api-version 2019-05-01)\n", Recording{put, finalGet}.String())
		assert.Equal(t, []string{`PUT /subscriptions/s/resourcegroups/g {"location":"westus"}`}, Recording{put, finalGet}.Requests())
		assert.Equal(t, []string{"2019-05-01", "2024-03-01"}, Recording{put, putNew, poll}.APIVersions())
	})
}

// armDo sends an authenticated request to the fake ARM and decodes the JSON
// answer (nil if none).
func armDo(t *testing.T, fc *Cloud, token, method, path, body string) (int, map[string]any) {
	t.Helper()
	url := path
	if !strings.HasPrefix(path, "https://") {
		url = fc.ARM.URL + path
	}
	resp, b := do(t, fc, method, url, token, body)
	var out map[string]any
	if strings.TrimSpace(b) != "" {
		require.NoError(t, json.Unmarshal([]byte(b), &out), b)
	}
	return resp.StatusCode, out
}

func TestResourcesREST(t *testing.T) {
	fc := NewTest(t, nil)
	tok := getToken(t, fc, "https://management.core.windows.net//.default", false)
	sub := "/subscriptions/" + fc.SubscriptionID
	rg := sub + "/resourceGroups/rg1"
	accounts := rg + "/providers/Microsoft.Storage/storageAccounts"
	const v = "?api-version=2023-01-01"

	status, body := armDo(t, fc, tok, "PUT", accounts+"/acc1"+v, `{"location":"westus"}`)
	require.Equal(t, http.StatusNotFound, status, "no resource group yet")
	assert.Equal(t, "ResourceGroupNotFound", body["error"].(map[string]any)["code"])
	status, _ = armDo(t, fc, tok, "PUT", rg+v, `{"location":"westus"}`)
	require.Equal(t, http.StatusCreated, status)

	status, body = armDo(t, fc, tok, "PUT", accounts+"/acc1"+v, `{"location":"westus","sku":{"name":"Standard_LRS"},"properties":{"minimumTlsVersion":"TLS1_2"}}`)
	require.Equal(t, http.StatusCreated, status)
	assert.Equal(t, accounts+"/acc1", body["id"])
	assert.Equal(t, "acc1", body["name"])
	assert.Equal(t, "Microsoft.Storage/storageAccounts", body["type"])
	assert.Equal(t, map[string]any{"minimumTlsVersion": "TLS1_2", "provisioningState": "Succeeded"}, body["properties"])
	status, _ = armDo(t, fc, tok, "PUT", accounts+"/acc1"+v, `{"location":"westus"}`)
	assert.Equal(t, http.StatusOK, status, "a second PUT replaces")

	status, body = armDo(t, fc, tok, "PATCH", accounts+"/acc1"+v, `{"tags":{"env":"test"},"properties":{"allowBlobPublicAccess":false}}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, map[string]any{"env": "test"}, body["tags"])
	assert.Equal(t, map[string]any{"allowBlobPublicAccess": false, "provisioningState": "Succeeded"}, body["properties"])
	status, _ = armDo(t, fc, tok, "PATCH", accounts+"/missing"+v, `{}`)
	assert.Equal(t, http.StatusNotFound, status)

	// Paging: three accounts, two per page, in two resource groups.
	fc.ARM.Resources.SetPageSize(2)
	for _, id := range []string{accounts + "/acc2", accounts + "/acc3"} {
		status, _ = armDo(t, fc, tok, "PUT", id+v, `{"location":"westus"}`)
		require.Equal(t, http.StatusCreated, status)
	}
	status, _ = armDo(t, fc, tok, "PUT", sub+"/resourceGroups/rg2"+v, `{"location":"westus"}`)
	require.Equal(t, http.StatusCreated, status)
	require.NoError(t, fc.ARM.Resources.Put(sub+"/resourceGroups/rg2/providers/Microsoft.Storage/storageAccounts/other", map[string]any{"location": "eastus"}))
	for _, tc := range []struct {
		path string
		want []string
	}{
		{accounts, []string{"acc1", "acc2", "acc3"}},
		{sub + "/providers/Microsoft.Storage/storageAccounts", []string{"acc1", "acc2", "acc3", "other"}},
		{rg + "/providers/Microsoft.Network/virtualNetworks", nil},
	} {
		var names []string
		next, pages := tc.path+v, 0
		for next != "" {
			status, body = armDo(t, fc, tok, "GET", next, "")
			require.Equal(t, http.StatusOK, status)
			for _, item := range body["value"].([]any) {
				names = append(names, item.(map[string]any)["name"].(string))
			}
			next, _ = body["nextLink"].(string)
			pages++
		}
		assert.Equal(t, tc.want, names, tc.path)
		assert.Equal(t, max(1, (len(tc.want)+1)/2), pages, tc.path)
	}

	// Actions.
	fc.ARM.Resources.SetAction("Microsoft.Storage/storageAccounts/listKeys", map[string]any{"keys": []any{map[string]any{"keyName": "key1", "value": "k1"}}})
	status, body = armDo(t, fc, tok, "POST", accounts+"/acc1/listKeys"+v, "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, []any{map[string]any{"keyName": "key1", "value": "k1"}}, body["keys"])
	status, body = armDo(t, fc, tok, "POST", accounts+"/acc1/regenerateKey"+v, `{"keyName":"key1"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Nil(t, body, "an action without a set response answers no body")
	status, _ = armDo(t, fc, tok, "POST", accounts+"/missing/listKeys"+v, "")
	assert.Equal(t, http.StatusNotFound, status)
	fc.ARM.Resources.SetAction("Microsoft.Storage/checkNameAvailability", map[string]any{"nameAvailable": true})
	status, body = armDo(t, fc, tok, "POST", sub+"/providers/Microsoft.Storage/checkNameAvailability"+v, `{"name":"acc9"}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, true, body["nameAvailable"])
	status, _ = armDo(t, fc, tok, "POST", sub+"/providers/Microsoft.Storage/storageAccounts/acc1/blobServices/listKeys"+v, "")
	assert.Equal(t, http.StatusMethodNotAllowed, status, "a POST to a resource, not an action")

	// Delete.
	status, _ = armDo(t, fc, tok, "DELETE", accounts+"/acc1"+v, "")
	assert.Equal(t, http.StatusOK, status)
	status, _ = armDo(t, fc, tok, "DELETE", accounts+"/acc1"+v, "")
	assert.Equal(t, http.StatusNoContent, status)
	status, body = armDo(t, fc, tok, "GET", accounts+"/acc1"+v, "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "ResourceNotFound", body["error"].(map[string]any)["code"])
	_, ok := fc.ARM.Resources.Get(accounts + "/acc1")
	assert.False(t, ok)
	assert.Len(t, fc.ARM.Resources.IDs(), 3)

	// Bad input.
	status, _ = armDo(t, fc, tok, "PUT", accounts+"/bad"+v, `[1]`)
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = armDo(t, fc, tok, "GET", accounts+"/acc2", "")
	assert.Equal(t, http.StatusBadRequest, status, "no api-version")
	status, _ = armDo(t, fc, "", "GET", accounts+"/acc2"+v, "")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Error(t, fc.ARM.Resources.Put(accounts, nil))

	// Every request is in the traffic, in order, with its canonical body.
	rec := fc.Traffic.Recording()
	require.NotEmpty(t, rec)
	assert.Equal(t, Call{Service: "arm", Method: "PUT", Path: accounts + "/acc1", APIVersion: "2023-01-01", Body: `{"location":"westus"}`, Status: 404}, rec[0])
	last := rec[len(rec)-1]
	assert.Equal(t, 401, last.Status)
}

type staticToken string

func (s staticToken) OAuthToken() string { return string(s) }

// A v68 Future (go-autorest's azure.Future) and an azcore poller both drive
// each kind of long-running operation to its end, and their recordings
// compare equal once polls and final GETs are set aside.
func TestResourcesLROBothClients(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []LRO{Synchronous, AsyncOperation, Location} {
		for _, op := range []struct{ method, suffix, body string }{
			{"PUT", "", `{"location":"westus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}`},
			{"PATCH", "", `{"tags":{"a":"b"}}`},
			{"POST", "/start", ""},
			{"DELETE", "", ""},
		} {
			t.Run(mode.String()+" "+op.method, func(t *testing.T) {
				fc := NewTest(t, nil)
				cred, _, err := fc.Credential()
				require.NoError(t, err)
				tok := getToken(t, fc, "https://management.core.windows.net//.default", false)
				rg := "/subscriptions/" + fc.SubscriptionID + "/resourceGroups/rg"
				id := rg + "/providers/Microsoft.Network/virtualNetworks/vnet"
				status, _ := armDo(t, fc, tok, "PUT", rg+"?api-version=2021-04-01", `{"location":"westus"}`)
				require.Equal(t, http.StatusCreated, status)
				rm := fc.ARM.Resources
				rm.SetLRO("Microsoft.Network/virtualNetworks", mode)
				rm.SetLRO("Microsoft.Network/virtualNetworks/start", mode)
				rm.SetInProgressPolls(2)
				reset := func() {
					require.NoError(t, rm.Put(id, map[string]any{"location": "westus"}))
					fc.Traffic.Reset()
				}

				// v68: autorest.Client, azure.Future.
				reset()
				legacy := autorest.NewClientWithUserAgent("legacy")
				legacy.Authorizer, legacy.Sender = autorest.NewBearerAuthorizer(staticToken(tok)), fc.Client()
				legacy.PollingDelay, legacy.RetryAttempts = time.Millisecond, 10
				decorators := []autorest.PrepareDecorator{
					autorest.WithMethod(op.method), autorest.WithBaseURL(fc.ARM.URL), autorest.WithPath(id + op.suffix),
					autorest.WithQueryParameters(map[string]any{"api-version": "2020-01-01"}),
				}
				if op.body != "" {
					decorators = append(decorators, autorest.AsContentType("application/json"), autorest.WithString(op.body))
				}
				req, err := autorest.Prepare((&http.Request{}).WithContext(ctx), decorators...)
				require.NoError(t, err)
				resp, err := legacy.Send(req, azure.DoRetryWithRegistration(legacy))
				require.NoError(t, err)
				f, err := azure.NewFutureFromResponse(resp)
				require.NoError(t, err)
				require.NoError(t, f.WaitForCompletionRef(ctx, legacy))
				if op.method == "PUT" || op.method == "PATCH" {
					res, err := f.GetResult(legacy)
					require.NoError(t, err)
					require.Equal(t, http.StatusOK, res.StatusCode)
				}
				before := fc.Traffic.Recording()

				// azcore: arm pipeline, runtime.Poller.
				reset()
				client, err := arm.NewClient("new", "v1.0.0", cred, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
				require.NoError(t, err)
				nreq, err := runtime.NewRequest(ctx, op.method, fc.ARM.URL+id+op.suffix+"?api-version=2024-05-01")
				require.NoError(t, err)
				if op.body != "" {
					require.NoError(t, nreq.SetBody(streaming.NopCloser(strings.NewReader(op.body)), "application/json"))
				}
				nresp, err := client.Pipeline().Do(nreq)
				require.NoError(t, err)
				poller, err := runtime.NewPoller[map[string]any](nresp, client.Pipeline(), nil)
				require.NoError(t, err)
				result, err := poller.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: time.Millisecond})
				require.NoError(t, err)
				if op.method == "PUT" || op.method == "PATCH" {
					assert.Equal(t, "Succeeded", result["properties"].(map[string]any)["provisioningState"])
				}
				after := fc.Traffic.Recording()

				polls := func(r Recording) int {
					n := 0
					for _, c := range r {
						if c.Poll {
							n++
						}
					}
					return n
				}
				if mode == Synchronous {
					assert.Zero(t, polls(before))
					assert.Zero(t, polls(after))
				} else {
					assert.Equal(t, 3, polls(before), "two InProgress answers, then Succeeded\n%s", before)
					assert.Equal(t, 3, polls(after), "two InProgress answers, then Succeeded\n%s", after)
				}
				c := Compare(before, after)
				// A v68 Future sends a final GET after every PUT and PATCH; an
				// azcore poller only after an Azure-AsyncOperation.
				write := op.method == "PUT" || op.method == "PATCH"
				assert.Equal(t, [2]int{polls(before) + b2i(write), polls(after) + b2i(write && mode == AsyncOperation)}, c.SetAside,
					"before:\n%s\nafter:\n%s", before, after)
				assert.True(t, c.Equal, "%s\nbefore:\n%s\nafter:\n%s", c.Diff, before, after)
				assert.Equal(t, []string{op.method + " " + id + op.suffix + ": 2020-01-01 -> 2024-05-01"}, c.APIVersions)
				_, exists := rm.Get(id)
				assert.Equal(t, op.method != "DELETE", exists)
			})
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
